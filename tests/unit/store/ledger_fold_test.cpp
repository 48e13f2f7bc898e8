// The compact keys of verify's fold (store/ledger_fold.hpp) against the plain rule, byte by
// byte: a contact's UUID is 16 bytes only when it is exactly the canonical lower-case form,
// and a point hash's 32 bytes stand for exactly one text.
#include "store/ledger_fold.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace clientela;
using clientela::store::FoldedLedger;
using clientela::store::PointBytes;

namespace {

// The rule as the comment of uuid_key states it, one character at a time.
bool is_canonical_uuid(const std::string& t) {
    if (t.size() != 36) return false;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        const char c = t[i];
        if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
}

}  // namespace

TEST_CASE("a contact's UUID is a 16-byte key exactly when it is canonical, whatever byte is changed") {
    const std::string uuid = "0f1e2d3c-4b5a-6978-8a9b-acbdcedfe0f1";
    FoldedLedger::Key key{};
    REQUIRE(FoldedLedger::uuid_key(uuid, key));
    CHECK(key[0] == 0x0f);
    CHECK(key[4] == 0x4b);
    CHECK(key[15] == 0xf1);
    std::size_t keyed = 0;
    for (std::size_t at = 0; at < uuid.size(); ++at) {
        for (int byte = 0; byte < 256; ++byte) {
            std::string t = uuid;
            t[at] = static_cast<char>(byte);
            INFO("byte " << byte << " at " << at);
            REQUIRE(FoldedLedger::uuid_key(t, key) == is_canonical_uuid(t));
            if (is_canonical_uuid(t)) ++keyed;
        }
    }
    CHECK(keyed == 32 * 16 + 4);  // 16 hex digits at each of the 32 places; each dash only itself
    CHECK_FALSE(FoldedLedger::uuid_key(uuid.substr(1), key));
    CHECK_FALSE(FoldedLedger::uuid_key(uuid + "0", key));
    CHECK_FALSE(FoldedLedger::uuid_key("0F1E2D3C-4B5A-6978-8A9B-ACBDCEDFE0F1", key));  // upper case is another text
}

TEST_CASE("a point hash's 32 bytes equal exactly its own text") {
    const std::string hex = "00112233445566778899aabbccddeeff0123456789abcdeffedcba9876543210";
    PointBytes p;
    p = hex;
    CHECK(p == hex);
    CHECK_FALSE(p == "");
    for (std::size_t at = 0; at < hex.size(); ++at) {
        for (int byte = 0; byte < 256; ++byte) {
            std::string t = hex;
            t[at] = static_cast<char>(byte);
            INFO("byte " << byte << " at " << at);
            REQUIRE((p == t) == (t == hex));
            PointBytes q;
            q = t;
            REQUIRE(q == t);  // hex or not, a text equals itself
        }
    }
    PointBytes empty;
    empty = "";
    CHECK(empty == "");
    CHECK_FALSE(empty == hex);
}
