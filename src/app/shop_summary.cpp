#include "app/shop_summary.hpp"

#include "store/settings_repo.hpp"

#include <date/tz.h>

#include <algorithm>

namespace clientela::app {

namespace {

// The policy settings as stored now (another till or the CLI may have changed them since
// this session read them: the counts must follow the database, not this session's copy).
PolicySettings stored_policy_settings(store::Database& db) {
    const ShopSettings s = store::SettingsRepo(db).load();
    PolicySettings p;
    p.double_opt_in_required = s.double_opt_in_required;
    p.expiry_months = s.expiry_months;
    p.zone = date::locate_zone(s.time_zone);
    return p;
}

}  // namespace

ReachCounts marketing_reach(Session& session, Timestamp now, const std::function<bool(std::int64_t)>& progress) {
    auto& db = session.database();
    if (!store::reach_backlog(db).empty()) {
        auto tx = db.begin_write();
        store::settle_reach(db, db.identifier_secret(), stored_policy_settings(db), progress);
        tx.commit();
    }
    return store::count_reach(db, now);
}

std::vector<Timestamp> month_starts(Timestamp now, const date::time_zone* zone) {
    if (zone == nullptr) zone = policy_zone(PolicySettings{});
    const auto local_day = date::floor<date::days>(zone->to_local(now));
    const date::year_month_day today{local_day};
    const date::year_month current = today.year() / today.month();
    std::vector<Timestamp> starts;
    for (int i = -11; i <= 1; ++i) {
        const date::year_month ym = current + date::months{i};
        const date::local_days first{ym / 1};
        starts.push_back(date::floor<std::chrono::seconds>(zone->to_sys(first, date::choose::earliest)));
    }
    return starts;
}

ShopSummary shop_summary(Session& session, Timestamp now, const std::function<bool(std::int64_t)>& progress) {
    ShopSummary out;
    out.at = now;
    out.reach = marketing_reach(session, now, progress);
    auto& db = session.database();
    const PolicySettings settings = stored_policy_settings(db);

    // The chart: hours summed into local months (a month of a whole-hour zone starts on the hour).
    const std::vector<Timestamp> starts = month_starts(now, settings.zone);
    for (std::size_t i = 0; i + 1 < starts.size(); ++i) {
        MonthFigures m;
        const date::year_month_day ymd{date::floor<date::days>(policy_zone(settings)->to_local(starts[i]))};
        m.year = static_cast<int>(ymd.year());
        m.month = static_cast<unsigned>(ymd.month());
        m.start = starts[i];
        out.months.push_back(m);
    }
    auto hour_of = [](Timestamp t) { return t.time_since_epoch().count() / 3600; };
    for (const auto& h : store::consent_hours(db, Purpose::marketing, hour_of(starts.front()), hour_of(starts.back()))) {
        const auto channel = std::find(summary_channels().begin(), summary_channels().end(), h.channel);
        if (channel == summary_channels().end()) continue;
        const Timestamp t{std::chrono::seconds{h.hour * 3600}};
        const auto after = std::upper_bound(starts.begin(), starts.end(), t);
        if (after == starts.begin() || after == starts.end()) continue;
        MonthFigures& m = out.months[static_cast<std::size_t>(after - starts.begin() - 1)];
        const auto c = static_cast<std::size_t>(channel - summary_channels().begin());
        (h.opt_in ? m.opt_ins : m.opt_outs)[c] += h.events;
    }

    // Consents to renew: their expiry falls in the next 30 days.
    const Timestamp until = now + date::days{kRenewalDays};
    out.renewals_total = store::count_reach_expiring(db, now, until);
    for (auto& e : store::reach_expiring(db, now, until, kRenewalsListed)) {
        out.renewals.push_back({std::move(e.contact_uuid), std::move(e.display_name), e.channel, e.until});
    }
    out.campaigns = store::last_campaigns(db, kCampaignsListed);
    return out;
}

}  // namespace clientela::app
