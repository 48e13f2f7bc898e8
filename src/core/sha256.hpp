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

// HMAC-SHA256 under one key that is set up once, for hashing many values with the same
// key (the audience checks every contact point against the suppression list). The
// one-shot hmac_sha256_hex fetches the algorithm and expands the key on every call.
class HmacSha256 {
public:
    explicit HmacSha256(std::string_view key);
    ~HmacSha256();
    HmacSha256(HmacSha256&&) noexcept;
    HmacSha256& operator=(HmacSha256&&) noexcept;

    // Writes exactly Sha256::hex_size lower-case hex characters (no terminator); equal to
    // hmac_sha256_hex(key, data).
    void digest_hex(std::string_view data, char* out);
    std::string digest_hex(std::string_view data);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace clientela
