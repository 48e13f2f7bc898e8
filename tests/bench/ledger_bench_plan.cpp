#include "ledger_bench_plan.hpp"

#include "core/errors.hpp"
#include "core/policy.hpp"

#include <algorithm>

namespace clientela::bench {

EventPlanner::EventPlanner(const LedgerDataOptions& o)
    : reference_(o.reference.time_since_epoch().count()),
      boundary_(expiry_boundary(o).time_since_epoch().count()),
      margin_(static_cast<std::int64_t>(o.boundary_margin_days) * kDay),
      wording_switch_(reference_ - 18 * 30 * kDay) {}

void EventPlanner::plan(Rng& r, std::uint32_t index, bool has_email, bool has_mobile, int k,
                        std::vector<PlannedEvent>& out) {
    if (k <= 0) return;
    draw_times(r, k);
    std::array<MiniState, kSlotCount> mini{};
    for (int j = 0; j < k; ++j) {
        const std::int64_t t = times_[static_cast<std::size_t>(j)];
        choices_.clear();
        for (int s = 0; s < kSlotCount; ++s) {
            if (slot_on_email(s) ? !has_email : !has_mobile) continue;
            const MiniState& m = mini[static_cast<std::size_t>(s)];
            using Status = ConsentState::Status;
            if (!slot_takes_grants(s)) {
                if (m.status != Status::withdrawn) choices_.push_back({ConsentAction::withdraw, s, 2});
                continue;
            }
            if (m.status != Status::granted) {
                const int w = s == 0 ? 40 : s == 2 ? 14 : s == 4 ? 16 : 12;
                choices_.push_back({ConsentAction::grant, s, m.status == Status::none ? w : w / 4 + 1});
            } else {
                choices_.push_back({ConsentAction::grant, s, 2});  // renewed on a new form
                choices_.push_back({ConsentAction::withdraw, s, 7});
                if (m.unconfirmed_remote) choices_.push_back({ConsentAction::confirm, s, 30});
                if (t - m.granted_at > 700 * kDay) choices_.push_back({ConsentAction::expire, s, 5});
            }
        }
        if (choices_.empty()) throw Error("bench: contact without channels was given events");
        int total = 0;
        for (const auto& ch : choices_) total += ch.weight;
        int roll = static_cast<int>(r.below(static_cast<std::uint64_t>(total)));
        const Choice* chosen = &choices_.front();
        for (const auto& ch : choices_) {
            if (roll < ch.weight) {
                chosen = &ch;
                break;
            }
            roll -= ch.weight;
        }
        PlannedEvent p;
        p.occurred = t;
        p.contact = index;
        p.delay = static_cast<std::uint16_t>(r.below(3600));
        p.slot = static_cast<std::uint8_t>(chosen->slot);
        p.action = static_cast<std::uint8_t>(chosen->action);
        p.extra = static_cast<std::uint8_t>(r.below(256));
        MiniState& m = mini[static_cast<std::size_t>(chosen->slot)];
        fill_details(r, p, m);
        out.push_back(p);
    }
}

// k increasing times over the past three years, at least kGap apart, none near the expiry
// boundary and none later than an hour before the reference instant.
void EventPlanner::draw_times(Rng& r, int k) {
    for (;;) {
        times_.assign(static_cast<std::size_t>(k), 0);
        for (auto& t : times_) {
            t = r.between(reference_ - kSpan, reference_ - kDay);
            if (near_boundary(t)) t = r.between(boundary_ - margin_ - 8 * kDay, boundary_ - margin_ - kDay);
        }
        std::sort(times_.begin(), times_.end());
        for (std::size_t j = 1; j < times_.size(); ++j) times_[j] = std::max(times_[j], times_[j - 1] + kGap);
        const bool fine = std::none_of(times_.begin(), times_.end(),
                                       [&](std::int64_t t) { return near_boundary(t) || t > reference_ - kHour; });
        if (fine) return;
    }
}

void EventPlanner::fill_details(Rng& r, PlannedEvent& p, MiniState& m) {
    using Status = ConsentState::Status;
    const int slot = p.slot;
    const bool email = slot_on_email(slot);
    const auto roll = r.below(100);
    switch (static_cast<ConsentAction>(p.action)) {
        case ConsentAction::grant: {
            ConsentMethod method;
            if (email) {
                method = roll < 35   ? ConsentMethod::in_store_form
                         : roll < 50 ? ConsentMethod::paper
                         : roll < 70 ? ConsentMethod::web_form
                         : roll < 80 ? ConsentMethod::email_reply
                         : roll < 95 ? ConsentMethod::import_attested
                                     : ConsentMethod::verbal_recorded;
            } else {
                method = roll < 50   ? ConsentMethod::in_store_form
                         : roll < 70 ? ConsentMethod::paper
                         : roll < 80 ? ConsentMethod::web_form
                         : roll < 95 ? ConsentMethod::import_attested
                                     : ConsentMethod::verbal_recorded;
            }
            const bool lssi = (slot == 0 || slot == 2) && r.chance(0.2);
            p.method = static_cast<std::uint8_t>(method);
            p.basis = static_cast<std::uint8_t>(lssi ? LegalBasis::existing_customer : LegalBasis::consent);
            if (slot == 4) {
                p.wording = kWhatsappMarketing;
            } else if (slot == 5) {
                p.wording = kWhatsappService;
            } else {
                p.wording = p.occurred < wording_switch_ ? kDefaultV1 : kDefaultV2;
            }
            m.status = Status::granted;
            m.unconfirmed_remote = is_remote_method(method);
            m.granted_at = p.occurred;
            break;
        }
        case ConsentAction::confirm:
            p.method = static_cast<std::uint8_t>(email ? ConsentMethod::email_reply : ConsentMethod::web_form);
            m.unconfirmed_remote = false;
            break;
        case ConsentAction::withdraw:
            p.method = static_cast<std::uint8_t>(roll < 50 ? ConsentMethod::in_store_form
                                                 : email   ? ConsentMethod::email_reply
                                                           : ConsentMethod::web_form);
            m.status = Status::withdrawn;
            m.unconfirmed_remote = false;
            break;
        case ConsentAction::expire:
            p.method = static_cast<std::uint8_t>(ConsentMethod::in_store_form);
            m.status = Status::expired;
            m.unconfirmed_remote = false;
            break;
    }
}

}  // namespace clientela::bench
