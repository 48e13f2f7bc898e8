// The projection as verify folds it in memory: each (contact, channel, purpose)'s state in a
// compact form, contacts kept by the 16 bytes of their UUID. Used by ledger_verify.cpp only.
#pragma once

#include "core/consent.hpp"
#include "core/sha256.hpp"
#include "store/huge_pages.hpp"

#include <algorithm>
#include <array>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

namespace clientela::store {

// A small enum member: one byte instead of an int, read and written as the enum.
template <class Enum>
class SmallEnum {
public:
    SmallEnum() = default;
    SmallEnum(Enum e) : value_(static_cast<std::uint8_t>(e)) {}  // NOLINT: assigned like the enum
    operator Enum() const { return static_cast<Enum>(value_); }    // NOLINT: read like the enum

private:
    std::uint8_t value_ = 0;
};

// The value of each byte as a lower-case hex digit, 0x80 for any other byte.
struct HexDigits {
    std::array<std::uint8_t, 256> value{};
    constexpr HexDigits() {
        for (int c = 0; c < 256; ++c) {
            value[static_cast<std::size_t>(c)] = c >= '0' && c <= '9'   ? static_cast<std::uint8_t>(c - '0')
                                                 : c >= 'a' && c <= 'f' ? static_cast<std::uint8_t>(c - 'a' + 10)
                                                                        : 0x80;
        }
    }
    std::uint8_t operator[](char c) const { return value[static_cast<unsigned char>(c)]; }
};
inline constexpr HexDigits kHexDigits{};

// The bytes of `2 * n` lower-case hex digits into out[0, n); false (out then undefined) when
// any is not one.
inline bool decode_hex_digits(const char* hex, std::size_t n, std::uint8_t* out) {
    std::uint8_t bad = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint8_t hi = kHexDigits[hex[2 * i]], lo = kHexDigits[hex[2 * i + 1]];
        bad |= hi | lo;
        out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
    }
    return (bad & 0x80) == 0;
}

// A point_hash as 32 bytes: the value of its 64 lower-case hex digits, or for any other text
// (only a tampered event holds one) the SHA-256 of that text, so equality stays exact.
class PointBytes {
public:
    PointBytes& operator=(std::string_view text) {
        kind_ = encode(text, bytes_);
        return *this;
    }
    bool operator==(std::string_view text) const {
        std::array<std::uint8_t, 32> other{};
        return encode(text, other) == kind_ && other == bytes_;
    }

private:
    enum Kind : std::uint8_t { kEmpty, kHex, kOther };
    static bool decode_hex(std::string_view hex, std::array<std::uint8_t, 32>& out) {
        return hex.size() == 64 && decode_hex_digits(hex.data(), 32, out.data());
    }
    static Kind encode(std::string_view text, std::array<std::uint8_t, 32>& out) {
        if (text.empty()) {
            out.fill(0);
            return kEmpty;
        }
        if (decode_hex(text, out)) return kHex;
        decode_hex(sha256_hex(text), out);
        return kOther;
    }

    std::array<std::uint8_t, 32> bytes_{};
    Kind kind_ = kEmpty;
};

// ConsentState in about half its size (no string on the heap), with the member names
// apply_event folds into, and the next state of the same contact. What a walk of a contact's
// list reads (next, channel, purpose) comes first, in the state's first 8 bytes: a state is
// 136 bytes, so those never straddle two cache lines, and a walk touches one line per state.
struct FoldedState {
    std::uint32_t next = 0;  // index + 1 of the contact's next state, 0 for none
    SmallEnum<Channel> channel;
    SmallEnum<Purpose> purpose;
    bool compared = false;  // a projection row was found for it
    bool confirmed = false;
    SmallEnum<ConsentState::Status> status;
    SmallEnum<LegalBasis> basis;
    SmallEnum<ConsentMethod> method;
    PointBytes point_hash;
    Timestamp granted_at{}, confirmed_at{}, withdrawn_at{}, expired_at{}, last_event_at{};
    std::int64_t wording_id = 0, grant_seq = 0, confirm_seq = 0, withdraw_seq = 0, expire_seq = 0, last_seq = 0;
};
static_assert(offsetof(FoldedState, purpose) < 8, "a list walk reads the first 8 bytes of each state");

inline bool same_state(const ConsentState& stored, const FoldedState& folded) {
    auto fields = [](const auto& s) {
        return std::make_tuple(static_cast<Channel>(s.channel), static_cast<Purpose>(s.purpose),
                               static_cast<ConsentState::Status>(s.status), static_cast<LegalBasis>(s.basis),
                               static_cast<ConsentMethod>(s.method), s.wording_id, s.confirmed, s.grant_seq,
                               s.confirm_seq, s.withdraw_seq, s.expire_seq, s.last_seq, s.granted_at,
                               s.confirmed_at, s.withdrawn_at, s.expired_at, s.last_event_at);
    };
    return fields(stored) == fields(folded) && folded.point_hash == stored.point_hash;
}

// The folded states of every contact: contacts by their uuid (a canonical lower-case UUID as
// its 16 bytes in an open-addressing table, any other text in a map), each with a list of its
// states in one array (in blocks, so growing never copies it).
class FoldedLedger {
public:
    // A contact given by its canonical UUID: the 16 bytes (see uuid_key).
    using Key = std::array<std::uint8_t, 16>;

    // The state of (contact, channel, purpose), made empty when it is the first event for it.
    FoldedState& state(std::string_view contact, Channel channel, Purpose purpose) {
        Key key;
        if (!uuid_key(contact, key)) return state_at(others_[std::string(contact)], channel, purpose);
        return state(key, channel, purpose);
    }
    // The same for a contact whose uuid_key is key.
    FoldedState& state(const Key& key, Channel channel, Purpose purpose) {
        return state_at(find_or_add(key), channel, purpose);
    }
    // The 16 bytes of "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" in lower-case hex; false for any
    // other text (which then has its own map, so every uuid keeps its exact bytes).
    static bool uuid_key(std::string_view text, Key& key) {
        if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-') return false;
        const char* t = text.data();
        return decode_hex_digits(t, 4, key.data()) && decode_hex_digits(t + 9, 2, key.data() + 4) &&
               decode_hex_digits(t + 14, 2, key.data() + 6) && decode_hex_digits(t + 19, 2, key.data() + 8) &&
               decode_hex_digits(t + 24, 6, key.data() + 10);
    }
    // The folded state for a stored row, nullptr when the ledger gave none.
    FoldedState* find(std::string_view contact, Channel channel, Purpose purpose) {
        Key key;
        if (uuid_key(contact, key)) return find(key, channel, purpose);
        const auto it = others_.find(std::string(contact));
        return it == others_.end() ? nullptr : in_list(it->second, channel, purpose);
    }
    // The same for a contact whose uuid_key is key.
    FoldedState* find(const Key& key, Channel channel, Purpose purpose) {
        if (slots_.empty()) return nullptr;
        return in_list(slots_[probe(key)].head, channel, purpose);
    }
    std::size_t size() const { return size_; }
    // Asks the CPU to bring key's slot into its cache (a look-up of it comes soon).
    void prefetch(const Key& key) const {
        if (!slots_.empty()) __builtin_prefetch(&slots_[hash(key) & (slots_.size() - 1)]);
    }
    // The same for the first state in the list of key's contact (all its lines), once its
    // slot is in the cache.
    void prefetch_states(const Key& key) const {
        if (slots_.empty()) return;
        const Slot& slot = slots_[probe(key)];
        if (slot.head != 0) prefetch(at(slot.head - 1));
    }
    // The same for the second state in that list, once the first is in the cache.
    void prefetch_second(const Key& key) const {
        if (slots_.empty()) return;
        const Slot& slot = slots_[probe(key)];
        if (slot.head != 0 && at(slot.head - 1).next != 0) prefetch(at(at(slot.head - 1).next - 1));
    }
    // The cache lines of a state (it may straddle three).
    static void prefetch(const FoldedState& s) {
        const char* p = reinterpret_cast<const char*>(&s);
        __builtin_prefetch(p);
        __builtin_prefetch(p + 64);
        __builtin_prefetch(p + sizeof(FoldedState) - 1);
    }
    // Marks a state as found in the projection: true the first time. Two threads may mark
    // states of different contacts at once (each its own part of consent_state).
    static bool mark_compared(FoldedState& s) {
        if (s.compared) return false;
        s.compared = true;
        return true;
    }
    // Up to parts - 1 contact texts, ascending, that cut the folded contacts (canonical UUIDs,
    // sampled) into about equal parts: where the projection's key ranges begin.
    std::vector<std::string> contact_cuts(std::size_t parts) const {
        std::vector<Key> sample;
        const std::size_t stride = std::max<std::size_t>(1, slots_.size() / 4096);
        for (std::size_t i = 0; i < slots_.size(); i += stride) {
            if (slots_[i].head != 0) sample.push_back(slots_[i].key);
        }
        std::sort(sample.begin(), sample.end());
        std::vector<std::string> cuts;
        for (std::size_t k = 1; k < parts && !sample.empty(); ++k) {
            std::string cut = uuid_text(sample[sample.size() * k / parts]);
            if (cuts.empty() || cuts.back() < cut) cuts.push_back(std::move(cut));
        }
        return cuts;
    }
    // visit(contact uuid, state) for every state no projection row was found for.
    template <class Visit>
    void for_each_uncompared(Visit visit) {
        auto walk = [&](const std::string& contact, std::uint32_t head) {
            for (std::uint32_t i = head; i != 0; i = at(i - 1).next) {
                if (!at(i - 1).compared) visit(contact, at(i - 1));
            }
        };
        for (const Slot& slot : slots_) {
            if (slot.head != 0) walk(uuid_text(slot.key), slot.head);
        }
        for (const auto& [contact, head] : others_) walk(contact, head);
    }

private:
    static constexpr std::size_t kBlock = 1 << 16;
    struct Slot {
        Key key{};
        std::uint32_t head = 0;  // 0: free
    };

    FoldedState& at(std::size_t i) { return blocks_[i / kBlock][i % kBlock]; }
    // The state for (channel, purpose) in the list that starts at head (index + 1, 0 for an
    // empty list), nullptr when it has none.
    FoldedState* in_list(std::uint32_t head, Channel channel, Purpose purpose) {
        for (std::uint32_t i = head; i != 0; i = at(i - 1).next) {
            FoldedState& s = at(i - 1);
            if (s.channel == channel && s.purpose == purpose) return &s;
        }
        return nullptr;
    }
    const FoldedState& at(std::size_t i) const { return blocks_[i / kBlock][i % kBlock]; }
    // The state for (channel, purpose) in the contact's list (head: index + 1 of its first state,
    // 0 for none), added when missing.
    FoldedState& state_at(std::uint32_t& head, Channel channel, Purpose purpose) {
        if (FoldedState* s = in_list(head, channel, purpose)) return *s;
        if (size_ % kBlock == 0) blocks_.emplace_back(kBlock);
        FoldedState& s = at(size_++);
        s.next = head;
        head = static_cast<std::uint32_t>(size_);
        return s;
    }

    static std::string uuid_text(const Key& key) {
        static constexpr char hex[] = "0123456789abcdef";
        std::string out;
        for (std::size_t i = 0; i < key.size(); ++i) {
            if (i == 4 || i == 6 || i == 8 || i == 10) out.push_back('-');
            out.push_back(hex[key[i] >> 4]);
            out.push_back(hex[key[i] & 0x0f]);
        }
        return out;
    }
    static bool same_key(const Key& a, const Key& b) {  // two 8-byte compares, no call to memcmp
        std::uint64_t a0, a1, b0, b1;
        std::memcpy(&a0, a.data(), 8);
        std::memcpy(&a1, a.data() + 8, 8);
        std::memcpy(&b0, b.data(), 8);
        std::memcpy(&b1, b.data() + 8, 8);
        return a0 == b0 && a1 == b1;
    }
    static std::size_t hash(const Key& key) {
        std::uint64_t h = 0;
        std::memcpy(&h, key.data(), sizeof h);  // random bytes already
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9ull;
        return static_cast<std::size_t>(h >> 20);
    }
    std::size_t probe(const Key& key) const {  // the slot holding key, or the free one it would take
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = hash(key) & mask;; i = (i + 1) & mask) {
            if (slots_[i].head == 0 || same_key(slots_[i].key, key)) return i;
        }
    }
    std::uint32_t& find_or_add(const Key& key) {
        if ((used_ + 1) * 2 > slots_.size()) grow();
        Slot& slot = slots_[probe(key)];
        if (slot.head == 0) {
            slot.key = key;
            ++used_;
        }
        return slot.head;  // 0 until the caller adds the contact's first state
    }
    void grow() {
        Slots old(std::max<std::size_t>(slots_.size() * 2, 1024));
        old.swap(slots_);
        for (const Slot& s : old) {
            if (s.head != 0) slots_[probe(s.key)] = s;
        }
    }

    // Both read at random: in huge pages where the system gives them.
    using Slots = std::vector<Slot, HugePageAllocator<Slot>>;
    Slots slots_;
    std::size_t used_ = 0;
    std::unordered_map<std::string, std::uint32_t> others_;
    std::vector<HugePageArray<FoldedState>> blocks_;
    std::size_t size_ = 0;
};

// An event reduced to what apply_event reads, kept in seq order by the connection that hashes
// the later part of the chain (ledger_verify.cpp) for the other to fold after its own part.
struct FoldEvent {
    std::int64_t seq = 0;
    std::int64_t wording_id = 0;
    Timestamp occurred_at{};
    FoldedLedger::Key contact{};  // when `other` is 0
    std::uint32_t other = 0;      // else index + 1 of the contact's text in FoldEvents::others
    PointBytes point_hash;
    SmallEnum<Channel> channel;
    SmallEnum<Purpose> purpose;
    SmallEnum<ConsentAction> action;
    SmallEnum<LegalBasis> basis;
    SmallEnum<ConsentMethod> method;
};

// FoldEvents in seq order, in blocks (growing never copies them), and the contact texts that
// are not canonical UUIDs (a tampered or very old row).
class FoldEvents {
public:
    template <class Event>
    void add(const Event& e) {
        if (blocks_.empty() || blocks_.back().size() == kBlock) {
            blocks_.emplace_back();
            blocks_.back().reserve(kBlock);
        }
        FoldEvent& f = blocks_.back().emplace_back();
        ++size_;
        f.seq = e.seq;
        f.wording_id = e.wording_id;
        f.occurred_at = e.occurred_at;
        if (!FoldedLedger::uuid_key(e.contact_uuid, f.contact)) {
            others_.emplace_back(e.contact_uuid);
            f.other = static_cast<std::uint32_t>(others_.size());
        }
        f.point_hash = e.point_hash;
        f.channel = e.channel;
        f.purpose = e.purpose;
        f.action = e.action;
        f.basis = e.basis;
        f.method = e.method;
    }
    std::size_t size() const { return size_; }
    // apply_event of each into folded, in order; frees each block once folded, and is empty
    // after. Throws what apply_event throws.
    void fold_into(FoldedLedger& folded) {
        // The slot of the event 24 ahead is fetched into the cache, the first state of the one
        // 16 ahead (its slot fetched by then) and the second state of the one 8 ahead: the
        // look-ups then mostly hit the cache.
        constexpr std::size_t kAhead = 8;
        for (auto& block : blocks_) {
            for (std::size_t i = 0; i < block.size(); ++i) {
                if (i + 3 * kAhead < block.size()) folded.prefetch(block[i + 3 * kAhead].contact);
                if (i + 2 * kAhead < block.size()) folded.prefetch_states(block[i + 2 * kAhead].contact);
                if (i + kAhead < block.size()) folded.prefetch_second(block[i + kAhead].contact);
                const FoldEvent& f = block[i];
                FoldedState& s = f.other == 0 ? folded.state(f.contact, f.channel, f.purpose)
                                              : folded.state(others_[f.other - 1], f.channel, f.purpose);
                apply_event(s, f);
            }
            std::vector<FoldEvent>().swap(block);
        }
        blocks_.clear();
        others_.clear();
        size_ = 0;
    }

private:
    static constexpr std::size_t kBlock = 1 << 16;
    std::vector<std::vector<FoldEvent>> blocks_;
    std::vector<std::string> others_;
    std::size_t size_ = 0;
};

// The second part's events handed to the first connection a block at a time as the second
// connection reads them, so the first folds them meanwhile instead of after. The second
// pushes blocks and closes the queue when its part ends (however it ends); the first folds
// every block in order until the queue is closed and empty.
class FoldEventQueue {
public:
    static constexpr std::size_t kBlockEvents = 1 << 14;

    // The second connection: e goes into the current block, handed over once full.
    template <class Event>
    void add(const Event& e) {
        filling_.add(e);
        if (filling_.size() == kBlockEvents) hand_over();
    }
    // The second connection: the last block handed over, and no more will come.
    void close() {
        hand_over();
        const std::lock_guard<std::mutex> lock(mutex_);
        closed_ = true;
        ready_.notify_one();
    }
    // The first connection: apply_event of every event in order until the queue is closed.
    // Throws what apply_event throws (the rest is then left unfolded).
    void fold_into(FoldedLedger& folded) {
        for (;;) {
            FoldEvents block;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                ready_.wait(lock, [&] { return !blocks_.empty() || closed_; });
                if (blocks_.empty()) return;
                block = std::move(blocks_.front());
                blocks_.pop_front();
            }
            block.fold_into(folded);
        }
    }

private:
    void hand_over() {
        if (filling_.size() == 0) return;
        const std::lock_guard<std::mutex> lock(mutex_);
        blocks_.push_back(std::move(filling_));
        filling_ = FoldEvents();
        ready_.notify_one();
    }

    FoldEvents filling_;  // the second connection's only
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<FoldEvents> blocks_;
    bool closed_ = false;
};

}  // namespace clientela::store
