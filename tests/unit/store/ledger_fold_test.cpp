// The compact keys of verify's fold (store/ledger_fold.hpp) against the plain rule, byte by
// byte: a contact's UUID is 16 bytes only when it is exactly the canonical lower-case form,
// and a point hash's 32 bytes stand for exactly one text.
#include "store/ledger_fold.hpp"

#include "core/errors.hpp"
#include "core/contact.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

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

namespace {

// Events over `contacts` customers (and one contact text that is not a UUID), in seq order.
std::vector<ConsentEventView> fold_events(int count, int contacts, std::vector<std::string>& texts) {
    std::mt19937 random(17);
    texts.clear();
    for (int i = 0; i < contacts; ++i) texts.push_back(new_uuid());
    texts.push_back("c-otro");
    static const std::string point(64, 'a');
    const Channel channels[] = {Channel::email, Channel::sms};
    const ConsentAction actions[] = {ConsentAction::grant, ConsentAction::confirm, ConsentAction::withdraw,
                                     ConsentAction::expire};
    std::vector<ConsentEventView> events;
    for (int i = 0; i < count; ++i) {
        ConsentEventView e;
        e.seq = i + 1;
        e.contact_uuid = texts[random() % texts.size()];
        e.point_hash = point;
        e.channel = channels[random() % 2];
        e.purpose = Purpose::marketing;
        e.action = actions[random() % 4];
        e.method = ConsentMethod::paper;
        e.basis = LegalBasis::consent;
        e.wording_id = e.action == ConsentAction::grant ? 1 : 0;
        e.occurred_at = Timestamp{} + std::chrono::seconds(1700000000 + i);
        events.push_back(e);
    }
    return events;
}

// What verify compares of a folded state.
auto folded_fields(const store::FoldedState& s) {
    return std::make_tuple(static_cast<int>(static_cast<ConsentState::Status>(s.status)), s.confirmed, s.grant_seq,
                           s.confirm_seq, s.withdraw_seq, s.expire_seq, s.last_seq, s.granted_at, s.withdrawn_at,
                           s.wording_id);
}

}  // namespace

TEST_CASE("events handed over a block at a time from another thread fold as the same events folded in one go") {
    std::vector<std::string> texts;
    // Over three blocks of the queue.
    const auto events = fold_events(static_cast<int>(store::FoldEventQueue::kBlockEvents) * 3 + 123, 2000, texts);
    FoldedLedger reference;
    {
        store::FoldEvents all;
        for (const auto& e : events) all.add(e);
        all.fold_into(reference);
    }
    FoldedLedger handed;
    store::FoldEventQueue queue;
    std::thread producer([&] {
        for (const auto& e : events) queue.add(e);
        queue.close();
    });
    queue.fold_into(handed);
    producer.join();
    REQUIRE(handed.size() == reference.size());
    std::size_t compared = 0;
    for (const std::string& contact : texts) {
        for (const Channel channel : {Channel::email, Channel::sms}) {
            store::FoldedState* want = reference.find(contact, channel, Purpose::marketing);
            store::FoldedState* got = handed.find(contact, channel, Purpose::marketing);
            REQUIRE((want == nullptr) == (got == nullptr));
            if (want == nullptr) continue;
            CHECK(folded_fields(*got) == folded_fields(*want));
            ++compared;
        }
    }
    CHECK(compared == reference.size());
}

TEST_CASE("an event the fold refuses stops the folding of handed-over events with its error, and nothing waits") {
    std::vector<std::string> texts;
    auto events = fold_events(static_cast<int>(store::FoldEventQueue::kBlockEvents) * 2, 50, texts);
    events[events.size() - 10].seq = 0;  // in the second block
    FoldedLedger folded;
    store::FoldEventQueue queue;
    std::thread producer([&] {
        for (const auto& e : events) queue.add(e);
        queue.close();
    });
    CHECK_THROWS_AS(queue.fold_into(folded), ValidationError);
    producer.join();
    CHECK(folded.size() > 0);
}

TEST_CASE("a fold of more states than one block of memory keeps each customer's states apart") {
    // About 2 * 60 000 states: two blocks of 65 536 and several growths of the contacts' table,
    // both in huge-page memory (store/huge_pages.hpp) from 2 MiB up.
    std::vector<std::string> texts;
    const auto events = fold_events(150000, 60000, texts);
    FoldedLedger folded;
    store::FoldEvents all;
    for (const auto& e : events) all.add(e);
    all.fold_into(folded);
    // The plain rule: a state per (contact, channel) that has an event, its last_seq the seq of
    // the last of them.
    std::map<std::pair<std::string, Channel>, std::int64_t> last;
    for (const auto& e : events) last[{std::string(e.contact_uuid), e.channel}] = e.seq;
    REQUIRE(folded.size() == last.size());
    CHECK(folded.size() > 65536);
    for (const std::string& contact : texts) {
        for (const Channel channel : {Channel::email, Channel::sms}) {
            const auto want = last.find({contact, channel});
            store::FoldedState* got = folded.find(contact, channel, Purpose::marketing);
            REQUIRE((want == last.end()) == (got == nullptr));
            if (got == nullptr) continue;
            REQUIRE(got->last_seq == want->second);
            REQUIRE(static_cast<Channel>(got->channel) == channel);
        }
    }
}

TEST_CASE("a vector and an array in huge-page memory start at zero, hold what is written and are freed") {
    for (const std::size_t bytes : {std::size_t(4096), store::huge_pages::kHugePage, 3 * store::huge_pages::kHugePage + 100}) {
        INFO(bytes << " bytes");
        std::vector<std::uint64_t, store::HugePageAllocator<std::uint64_t>> v(bytes / 8);
        REQUIRE(std::all_of(v.begin(), v.end(), [](std::uint64_t x) { return x == 0; }));
#if defined(__linux__)
        if (bytes >= store::huge_pages::kHugePage) {
            CHECK(reinterpret_cast<std::uintptr_t>(v.data()) % store::huge_pages::kHugePage == 0);
        }
#endif
        for (std::size_t i = 0; i < v.size(); ++i) v[i] = i * 7 + 1;
        std::uint64_t sum = 0;
        for (std::size_t i = 0; i < v.size(); ++i) sum += v[i] - (i * 7 + 1);
        CHECK(sum == 0);
        CHECK(v.back() == (v.size() - 1) * 7 + 1);
    }
    store::HugePageArray<store::FoldedState> states(70000);
    CHECK(states[0].next == 0);
    CHECK(states[69999].last_seq == 0);
    states[69999].last_seq = 5;
    CHECK(states[69999].last_seq == 5);
}
