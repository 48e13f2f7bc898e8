// How ledger_bench plans a contact's consent events before the ledger order is known: a
// deterministic random source, the (channel, purpose) slots, and a planner that picks
// plausible actions (grant, confirm, withdraw, expire) and dates for each contact.
#pragma once

#include "core/consent.hpp"
#include "ledger_bench_data.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace clientela::bench {

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kSpan = 3 * 365 * kDay;  // events are spread over the past three years
constexpr std::int64_t kGap = 2 * kHour;        // between two events of one contact

// splitmix64: fast and deterministic; plenty for drawing a data set.
class Rng {
public:
    explicit Rng(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    std::uint64_t below(std::uint64_t n) { return next() % n; }
    std::int64_t between(std::int64_t lo, std::int64_t hi) {  // [lo, hi)
        return lo + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(hi - lo)));
    }
    bool chance(double p) { return static_cast<double>(next() >> 11) * (1.0 / 9007199254740992.0) < p; }

private:
    std::uint64_t state_;
};

// (channel, purpose) pairs a contact's events are about.
struct Slot {
    Channel channel;
    Purpose purpose;
};
constexpr int kSlotCount = 6;
constexpr std::array<Slot, kSlotCount> kSlots{{
    {Channel::email, Purpose::marketing},
    {Channel::email, Purpose::service},
    {Channel::sms, Purpose::marketing},
    {Channel::sms, Purpose::service},
    {Channel::whatsapp_business, Purpose::marketing},
    {Channel::whatsapp_business, Purpose::service},
}};
inline bool slot_on_email(int slot) {
    return kSlots[slot].channel == Channel::email;
}
// Service on email and SMS rests on the contract: those slots only ever see withdrawals.
inline bool slot_takes_grants(int slot) {
    return kSlots[slot].purpose == Purpose::marketing || slot == 5;
}

enum WordingIndex : std::uint8_t { kDefaultV1, kDefaultV2, kWhatsappMarketing, kWhatsappService, kNoWording = 255 };

// One event, planned before the ledger order is known. 24 bytes, so three million fit easily.
struct PlannedEvent {
    std::int64_t occurred = 0;  // seconds since 1970, UTC
    std::uint32_t contact = 0;
    std::uint16_t delay = 0;  // recorded_at - occurred_at, < 1 hour
    std::uint8_t slot = 0;
    std::uint8_t action = 0;  // ConsentAction
    std::uint8_t method = 0;  // ConsentMethod
    std::uint8_t basis = 0;   // LegalBasis
    std::uint8_t wording = kNoWording;
    std::uint8_t extra = 0;  // picks the staff member and the evidence text
};

class EventPlanner {
public:
    explicit EventPlanner(const LedgerDataOptions& o);

    // Appends k events of contact `index` (who has an email and/or a mobile) to out.
    void plan(Rng& r, std::uint32_t index, bool has_email, bool has_mobile, int k, std::vector<PlannedEvent>& out);

private:
    struct MiniState {  // just enough of ConsentState to choose plausible next actions
        ConsentState::Status status = ConsentState::Status::none;
        bool unconfirmed_remote = false;
        std::int64_t granted_at = 0;
    };
    struct Choice {
        ConsentAction action;
        int slot;
        int weight;
    };

    bool near_boundary(std::int64_t t) const { return t > boundary_ - margin_ && t < boundary_ + margin_; }
    void draw_times(Rng& r, int k);
    void fill_details(Rng& r, PlannedEvent& p, MiniState& m);

    std::int64_t reference_;
    std::int64_t boundary_;
    std::int64_t margin_;
    std::int64_t wording_switch_;  // grants before it use version 1 of the default wording
    std::vector<std::int64_t> times_;
    std::vector<Choice> choices_;
};

}  // namespace clientela::bench
