#include "app/contact_browser.hpp"

#include "core/errors.hpp"
#include "core/point_key.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <cctype>

namespace clientela::app {

const std::vector<Channel>& summary_channels() {
    // The three channels a shop actually sends offers on; phone calls and letters are rare
    // enough to be read in the detail pane only.
    static const std::vector<Channel> channels{Channel::email, Channel::whatsapp_business, Channel::sms};
    return channels;
}

std::vector<BrowsedContact> browse_contacts(Session& session, const std::string& search, std::int64_t offset,
                                            std::int64_t limit, Timestamp at) {
    return browse_contacts(session, search, std::string(), offset, limit, at);
}

std::vector<BrowsedContact> browse_contacts(Session& session, const std::string& search, const std::string& tag,
                                            std::int64_t offset, std::int64_t limit, Timestamp at) {
    std::vector<ContactRow> rows = session.list_contacts(search, tag, offset, limit);
    std::vector<BrowsedContact> out;
    out.reserve(rows.size());
    if (rows.empty()) return out;

    const PolicySettings settings = session.policy_settings();
    const std::string secret = session.database().identifier_secret();
    auto& ledger = session.ledger();
    for (auto& row : rows) {
        BrowsedContact b;
        // The row already carries the first valid mobile and email, which is all the summary
        // channels need; reading every contact point per row would double the cost of a page.
        ContactFacts facts;
        facts.has_email = !row.email.empty();
        facts.has_mobile = !row.mobile.empty();
        facts.has_phone = facts.has_mobile;
        std::vector<std::string> hashes;
        if (facts.has_mobile) hashes.push_back(point_hash(row.mobile, secret));
        for (const auto& key : suppression_keys(PointKind::email, row.email, row.email, facts.has_email)) {
            hashes.push_back(point_hash(key, secret));
        }
        facts.suppressed = !hashes.empty() && ledger.any_suppressed(hashes);

        const std::vector<ConsentState> states = ledger.states(row.uuid);
        for (Channel ch : summary_channels()) {
            const auto it = std::find_if(states.begin(), states.end(), [&](const ConsentState& s) {
                return s.channel == ch && s.purpose == Purpose::marketing;
            });
            const Decision d = decide(it == states.end() ? nullptr : &*it, facts, Purpose::marketing, ch, at, settings);
            b.marketing.push_back({ch, d.allowed, d.reasons});
        }
        b.preferences = ledger.preferences(row.id);
        b.tags = session.contacts_repo().tags_of(row.id);
        b.row = std::move(row);
        out.push_back(std::move(b));
    }
    return out;
}

std::vector<ConsentCell> consent_matrix(Session& session, const ConsentOverview& overview, Timestamp at) {
    const ContactFacts facts = contact_facts(session, overview.contact);
    const PolicySettings settings = session.policy_settings();
    std::vector<ConsentCell> out;
    for (Channel ch : all_channels()) {
        for (Purpose p : all_purposes()) {
            ConsentCell cell;
            cell.channel = ch;
            cell.purpose = p;
            for (const auto& cs : overview.channels) {
                if (cs.state.channel != ch || cs.state.purpose != p) continue;
                cell.state = cs.state;
                cell.expires_at = cs.expires_at;
            }
            // Decided again rather than copied from the overview so every cell is as of `at`.
            cell.decision = decide(cell.state ? &*cell.state : nullptr, facts, p, ch, at, settings);
            if (cell.state) cell.expires_at = expiry_time(*cell.state, facts, settings);
            out.push_back(std::move(cell));
        }
    }
    return out;
}

std::unique_ptr<Session> open_worker_session(Session& session) {
    const std::string& path = session.database().path();
    if (path.empty() || path == ":memory:") {
        throw ValidationError("an in-memory database cannot be opened a second time");
    }
    return std::make_unique<Session>(path);
}

namespace {

template <typename Row>
void sort_rows_by_name(std::vector<Row>& rows) {
    // Fold once per row, not once per comparison.
    std::vector<std::pair<std::string, std::size_t>> keys;
    keys.reserve(rows.size());
    for (std::size_t i = 0; i < rows.size(); ++i) keys.emplace_back(fold_for_search(rows[i].contact.display_name), i);
    std::stable_sort(keys.begin(), keys.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<Row> sorted;
    sorted.reserve(rows.size());
    for (const auto& k : keys) sorted.push_back(std::move(rows[k.second]));
    rows = std::move(sorted);
}

}  // namespace

void sort_audience_by_name(Audience& audience) {
    sort_rows_by_name(audience.included);
    sort_rows_by_name(audience.excluded);
}

std::vector<NamedWording> list_wordings(Session& session) {
    auto& ledger = session.ledger();
    std::vector<NamedWording> out;
    for (auto& w : ledger.wordings()) {
        std::string name = ledger.wording_name(w.id);
        out.push_back({std::move(w), std::move(name)});
    }
    std::sort(out.begin(), out.end(),
              [](const NamedWording& a, const NamedWording& b) { return a.wording.id < b.wording.id; });
    return out;
}

std::string display_phone(const std::string& e164, const std::string& default_region) {
    const bool spanish = e164.size() == 12 && e164.compare(0, 3, "+34") == 0 &&
                         std::all_of(e164.begin() + 1, e164.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!spanish) return e164;
    // Spanish numbers have 9 digits, written 3-2-2-2 for mobiles and landlines alike.
    const std::string n = e164.substr(3);
    const std::string national = n.substr(0, 3) + " " + n.substr(3, 2) + " " + n.substr(5, 2) + " " + n.substr(7, 2);
    std::string region = default_region;
    for (auto& c : region) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return region == "ES" ? national : "+34 " + national;
}

std::string format_local_input(Timestamp t, const date::time_zone* zone) {
    if (!zone) return date::format("%F %T", t);
    return date::format("%F %T", date::make_zoned(zone, t));
}

}  // namespace clientela::app
