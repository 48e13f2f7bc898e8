// SHA-256 and HMAC-SHA256 as lower-case hex, thin wrappers over OpenSSL libcrypto.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace clientela {

// Lower-case hex SHA-256 of the bytes (64 characters).
std::string sha256_hex(std::string_view data);

// Lower-case hex HMAC-SHA256 (RFC 2104) of data under key (64 characters).
std::string hmac_sha256_hex(std::string_view key, std::string_view data);

// Incremental SHA-256 that keeps one OpenSSL context alive, for hot loops such as
// verifying a million-event ledger: no allocation per digest.
class Sha256 {
public:
    static constexpr std::size_t hex_size = 64;

    Sha256();
    ~Sha256();
    Sha256(Sha256&&) noexcept;
    Sha256& operator=(Sha256&&) noexcept;

    void reset();
    void update(std::string_view data);
    // Writes exactly hex_size lower-case hex characters (no terminator) and resets.
    void finish_hex(char* out);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace clientela
