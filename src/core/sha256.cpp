#include "core/sha256.hpp"

#include "core/errors.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/params.h>

#include <limits>
#include <new>

namespace clientela {

namespace {

// OpenSSL 3 fetches the implementation on every EVP_sha256() init unless we fetch it once.
const EVP_MD* sha256_md() {
    static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    if (md == nullptr) throw Error("OpenSSL has no SHA-256 implementation available");
    return md;
}

const EVP_MAC* hmac_mac() {
    static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    if (mac == nullptr) throw Error("OpenSSL has no HMAC implementation available");
    return mac;
}

void to_hex(const unsigned char* bytes, std::size_t n, char* out) {
    static constexpr char digits[] = "0123456789abcdef";
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 0x0f];
    }
}

}  // namespace

// Owns the OpenSSL context; the unique_ptr around it makes Sha256 movable.
struct Sha256::Impl {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    Impl() {
        if (ctx == nullptr) throw std::bad_alloc();
    }
    ~Impl() { EVP_MD_CTX_free(ctx); }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
};

Sha256::Sha256() : impl_(std::make_unique<Impl>()) {
    reset();
}
Sha256::~Sha256() = default;
Sha256::Sha256(Sha256&&) noexcept = default;
Sha256& Sha256::operator=(Sha256&&) noexcept = default;

void Sha256::reset() {
    if (EVP_DigestInit_ex(impl_->ctx, sha256_md(), nullptr) != 1) throw Error("SHA-256 initialisation failed");
}

void Sha256::update(std::string_view data) {
    if (data.empty()) return;
    if (EVP_DigestUpdate(impl_->ctx, data.data(), data.size()) != 1) throw Error("SHA-256 update failed");
}

void Sha256::finish_hex(char* out) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (EVP_DigestFinal_ex(impl_->ctx, digest, &len) != 1 || len != hex_size / 2) {
        throw Error("SHA-256 finalisation failed");
    }
    to_hex(digest, len, out);
    reset();
}

std::string sha256_hex(std::string_view data) {
    Sha256 h;
    h.update(data);
    std::string out(Sha256::hex_size, '\0');
    h.finish_hex(out.data());
    return out;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view data) {
    if (key.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) {
        throw ValidationError("HMAC key is too long");
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    // HMAC() wants a non-null key pointer even for an empty key.
    static const unsigned char empty = 0;
    const void* key_ptr = key.empty() ? static_cast<const void*>(&empty) : key.data();
    const auto* data_ptr = data.empty() ? &empty : reinterpret_cast<const unsigned char*>(data.data());
    if (HMAC(sha256_md(), key_ptr, static_cast<int>(key.size()), data_ptr, data.size(), digest, &len) == nullptr ||
        len != Sha256::hex_size / 2) {
        throw Error("HMAC-SHA256 failed");
    }
    std::string out(Sha256::hex_size, '\0');
    to_hex(digest, len, out.data());
    return out;
}

// Owns the keyed OpenSSL MAC context; re-initialising it without a key reuses the key.
struct HmacSha256::Impl {
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(const_cast<EVP_MAC*>(hmac_mac()));
    Impl() {
        if (ctx == nullptr) throw std::bad_alloc();
    }
    ~Impl() { EVP_MAC_CTX_free(ctx); }
    Impl(const Impl&) = delete;
    Impl& operator=(const Impl&) = delete;
};

HmacSha256::HmacSha256(std::string_view key) : impl_(std::make_unique<Impl>()) {
    char digest[] = "SHA256";
    const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                                 OSSL_PARAM_construct_end()};
    // A null key would mean "keep the previous key": an empty key still needs a pointer.
    static const unsigned char empty = 0;
    const auto* key_ptr = key.empty() ? &empty : reinterpret_cast<const unsigned char*>(key.data());
    if (EVP_MAC_init(impl_->ctx, key_ptr, key.size(), params) != 1) throw Error("HMAC-SHA256 initialisation failed");
}
HmacSha256::~HmacSha256() = default;
HmacSha256::HmacSha256(HmacSha256&&) noexcept = default;
HmacSha256& HmacSha256::operator=(HmacSha256&&) noexcept = default;

void HmacSha256::digest_hex(std::string_view data, char* out) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    std::size_t len = 0;
    if (EVP_MAC_init(impl_->ctx, nullptr, 0, nullptr) != 1 ||
        (!data.empty() &&
         EVP_MAC_update(impl_->ctx, reinterpret_cast<const unsigned char*>(data.data()), data.size()) != 1) ||
        EVP_MAC_final(impl_->ctx, digest, &len, sizeof digest) != 1 || len != Sha256::hex_size / 2) {
        throw Error("HMAC-SHA256 failed");
    }
    to_hex(digest, len, out);
}

std::string HmacSha256::digest_hex(std::string_view data) {
    std::string out(Sha256::hex_size, '\0');
    digest_hex(data, out.data());
    return out;
}

}  // namespace clientela
