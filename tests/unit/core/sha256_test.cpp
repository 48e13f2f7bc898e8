// Tests of the SHA-256 wrappers: the reusable keyed HMAC against RFC 4231 and against the
// one-shot hmac_sha256_hex.
#include "core/sha256.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using namespace clientela;

TEST_CASE("HmacSha256 gives the RFC 4231 answer for test case 2") {
    HmacSha256 mac("Jefe");
    const std::string expected = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    CHECK(mac.digest_hex("what do ya want for nothing?") == expected);
    // The key survives use: the same input gives the same answer again.
    CHECK(mac.digest_hex("what do ya want for nothing?") == expected);
    CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") == expected);
}

TEST_CASE("HmacSha256 equals hmac_sha256_hex for many inputs under one key") {
    const std::vector<std::string> keys = {
        "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",  // a shop secret
        "k",
        std::string(131, '\xaa'),  // longer than SHA-256's block: hashed first (RFC 4231 case 6)
        std::string("\0bin\0key", 8),
        "",
    };
    const std::vector<std::string> values = {
        "+34612345678", "ana@example.es",       "Calle Mayor 1, 28013 Madrid",    "",
        "ñandú",        std::string(1000, 'x'), std::string("\0nul\0inside", 11),
    };
    for (const auto& key : keys) {
        HmacSha256 mac(key);
        for (const auto& value : values) {
            INFO("key of " << key.size() << " bytes, value of " << value.size() << " bytes");
            CHECK(mac.digest_hex(value) == hmac_sha256_hex(key, value));
        }
        char out[Sha256::hex_size];
        mac.digest_hex("+34612345678", out);
        CHECK(std::string(out, sizeof out) == hmac_sha256_hex(key, "+34612345678"));
    }
}

TEST_CASE("HmacSha256 moves with its key") {
    HmacSha256 first("clave-de-prueba");
    HmacSha256 second = std::move(first);
    CHECK(second.digest_hex("+34612345678") == hmac_sha256_hex("clave-de-prueba", "+34612345678"));
}
