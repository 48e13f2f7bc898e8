// The shop at a glance (the Resumen view, the status bar): who may receive offers today per
// channel, from counts kept up to date (store/audience_reach.hpp), and the figures around them.
#pragma once

#include "app/contact_browser.hpp"  // summary_channels(): email, WhatsApp, SMS
#include "app/session.hpp"
#include "store/audience_reach.hpp"
#include "store/shop_summary_repo.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace clientela::app {

using store::ReachCounts;

// How many customers may receive marketing on each channel at `now`: always equal to
// count_audience({marketing, channel, now}).included. Settles first what the triggers marked
// since the last count, in one write transaction (only when something is marked): a few
// customers after a consent or an edit; every customer after a change of the double opt-in,
// expiry or time zone settings, of the suppression list, or on a database from before the
// counts (seconds at a million, so call it off the UI thread; progress(done) as in
// count_audience, false cancels with Error "cancelled"). Then counts over an index.
ReachCounts marketing_reach(Session& session, Timestamp now, const std::function<bool(std::int64_t)>& progress = {});

// One month of the shop's calendar: marketing opt-ins (grant and confirm events on the consent
// basis) and opt-outs (withdrawals) by occurred_at, per channel in summary_channels() order.
struct MonthFigures {
    int year = 0;
    unsigned month = 0;  // 1-12
    Timestamp start{};   // the first instant of the month in the shop's time zone
    std::array<std::int64_t, 3> opt_ins{};
    std::array<std::int64_t, 3> opt_outs{};
};

// A consent that stops counting soon: ask the customer to renew it.
struct RenewalDue {
    std::string contact_uuid;
    std::string display_name;
    Channel channel = Channel::email;
    Timestamp until{};  // the policy's expiry: valid strictly before
};

struct ShopSummary {
    Timestamp at{};
    ReachCounts reach;                // who may receive marketing today, per channel
    std::vector<MonthFigures> months;  // the 12 months up to and including the current one, oldest first
    std::vector<RenewalDue> renewals;  // expiry in [at, at + 30 days), earliest first, at most kRenewalsListed
    std::int64_t renewals_total = 0;   // all of them (the list may be cut)
    std::vector<store::CampaignFigures> campaigns;  // the last kCampaignsListed, newest first
};

constexpr std::int64_t kRenewalsListed = 500;
constexpr std::int64_t kCampaignsListed = 5;
constexpr int kRenewalDays = 30;

// Everything the Resumen view shows, as of `now`, months in the shop's time zone. Settles the
// kept counts first as marketing_reach() does (progress and cancel are for that part).
ShopSummary shop_summary(Session& session, Timestamp now, const std::function<bool(std::int64_t)>& progress = {});

// The 12 local months ending with the one holding `now` (their starts, oldest first, and the
// start of the next month last: 13 instants).
std::vector<Timestamp> month_starts(Timestamp now, const date::time_zone* zone);

}  // namespace clientela::app
