#include "app/campaigns.hpp"

#include "core/errors.hpp"
#include "core/point_key.hpp"
#include "core/text.hpp"
#include "store/audience_query.hpp"
#include "store/campaigns_repo.hpp"
#include "store/messages_repo.hpp"

#include <algorithm>
#include <map>

namespace clientela::app {

Campaign create_campaign(Session& session, const NewCampaign& in) {
    Campaign c;
    c.name = trim_spaces(in.name);
    if (c.name.empty()) throw ValidationError("a campaign needs a name");
    c.purpose = in.purpose;
    if (in.channels.empty()) throw ValidationError("a campaign needs at least one channel (email, whatsapp_business)");
    for (Channel ch : in.channels) {
        if (ch != Channel::email && ch != Channel::whatsapp_business) {
            throw ValidationError("campaigns are sent by email or WhatsApp Business only, not " +
                                  std::string(to_string(ch)));
        }
        if (std::find(c.channels.begin(), c.channels.end(), ch) != c.channels.end()) {
            throw ValidationError("channel " + std::string(to_string(ch)) + " is listed twice");
        }
        c.channels.push_back(ch);
    }
    const bool email = std::find(c.channels.begin(), c.channels.end(), Channel::email) != c.channels.end();
    const bool whatsapp =
        std::find(c.channels.begin(), c.channels.end(), Channel::whatsapp_business) != c.channels.end();
    c.subject = trim_spaces(in.subject);
    c.body_text = in.text;
    c.body_html = in.html;
    if (email && (c.subject.empty() || c.body_text.empty())) {
        throw ValidationError("an email campaign needs a subject and a text body");
    }
    if (c.subject.find_first_of("\r\n") != std::string::npos) throw ValidationError("the subject must be one line");
    c.wa_template = trim_spaces(in.wa_template);
    c.wa_language = in.wa_language.empty() ? "es" : in.wa_language;
    c.wa_parameters = in.wa_parameters;
    if (whatsapp && c.wa_template.empty()) {
        throw ValidationError("a WhatsApp campaign needs the name of an approved message template");
    }
    check_merge_fields(c.subject, "the subject");
    check_merge_fields(c.body_text, "the text body");
    check_merge_fields(c.body_html, "the HTML body");
    for (const auto& p : c.wa_parameters) check_merge_fields(p, "a template parameter");
    for (const auto& t : in.tags) {
        const std::string tag = trim_spaces(t);
        if (tag.empty()) continue;
        if (tag.find(',') != std::string::npos) throw ValidationError("a tag cannot contain a comma: '" + tag + "'");
        c.audience_tags.push_back(tag);
    }
    store::CampaignsRepo repo(session.database());
    auto tx = session.database().begin_write();
    repo.insert(c);
    tx.commit();
    return c;
}

std::vector<Campaign> list_campaigns(Session& session) {
    return store::CampaignsRepo(session.database()).list();
}

Campaign find_campaign(Session& session, const std::string& ref) {
    return store::CampaignsRepo(session.database()).resolve(ref);
}

CampaignAudience campaign_audience(Session& session, const Campaign& campaign, Timestamp at) {
    CampaignAudience out;
    out.at = at;
    store::CampaignsRepo repo(session.database());
    const bool all = campaign.audience_tags.empty();
    const auto tagged = all ? std::unordered_set<std::string>{} : repo.contacts_with_any_tag(campaign.audience_tags);
    const PolicySettings settings = session.policy_settings();
    store::for_each_audience_candidate(
        session.database(), campaign.purpose, session.database().identifier_secret(),
        [&](const store::AudienceCandidate& c) {
            if (!all && tagged.count(c.uuid) == 0) {
                ++out.outside_tags;
                return;
            }
            ContactRow row{c.id, c.uuid, c.display_name, c.mobile, c.email};
            std::vector<Channel> order;
            if (c.preferences.empty()) {
                order = campaign.channels;
            } else {
                for (Channel ch : c.preferences) {
                    if (std::find(campaign.channels.begin(), campaign.channels.end(), ch) != campaign.channels.end()) {
                        order.push_back(ch);
                    }
                }
                if (order.empty()) {
                    out.excluded.push_back({std::move(row), {}, "prefers other channels than this campaign's", ""});
                    return;
                }
            }
            const ChannelChoice choice = choose_channel(order, c.states, c.facts, campaign.purpose, at, settings);
            if (choice.channel) {
                const std::string address = *choice.channel == Channel::email ? c.email : c.mobile;
                out.included.push_back({std::move(row), *choice.channel, choice.decision.authorising_seq,
                                        choice.decision.basis, address, ""});
            } else {
                out.excluded.push_back({std::move(row), choice.tried, "", ""});
            }
        });
    // One mailbox, one message: for each email address, the customer added first keeps it.
    std::map<std::string, std::size_t> keeper;  // identity key -> index in included
    for (std::size_t i = 0; i < out.included.size(); ++i) {
        const auto& r = out.included[i];
        if (r.channel != Channel::email) continue;
        auto [it, fresh] = keeper.emplace(ascii_lower(r.address), i);
        if (!fresh && r.contact.id < out.included[it->second].contact.id) it->second = i;
    }
    if (keeper.size() < out.included.size()) {
        std::vector<CampaignRecipient> kept;
        for (std::size_t i = 0; i < out.included.size(); ++i) {
            const auto& r = out.included[i];
            const std::size_t k = r.channel == Channel::email ? keeper[ascii_lower(r.address)] : i;
            if (k == i) {
                kept.push_back(r);
                continue;
            }
            const ContactRow& to = out.included[k].contact;
            out.excluded.push_back({r.contact, {},
                                    "same mailbox as " + to.display_name + " (" + to.uuid.substr(0, 8) +
                                        "), added first, who gets this campaign's email: one message per address",
                                    to.uuid});
        }
        out.included = std::move(kept);
    }
    return out;
}

const std::vector<std::string>& merge_fields() {
    static const std::vector<std::string> fields{"{nombre}", "{nombre_completo}", "{name}"};
    return fields;
}

std::string first_name(const std::string& given_name, const std::string& display_name) {
    const std::string given = trim_spaces(given_name);
    if (!given.empty()) return given;
    const std::string name = trim_spaces(display_name);
    const auto end = name.find_first_of(" \t");
    return name.substr(0, end);
}

namespace {

bool field_char(char ch) {
    return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_';
}

// The length of a "{word}" at pos (0 when there is none): braces around ASCII letters,
// digits and underscores, so CSS rules and other braces in an HTML body are left alone.
std::size_t field_at(const std::string& text, std::size_t pos) {
    if (text[pos] != '{') return 0;
    std::size_t end = pos + 1;
    while (end < text.size() && field_char(text[end])) ++end;
    if (end == pos + 1 || end >= text.size() || text[end] != '}') return 0;
    return end - pos + 1;
}

}  // namespace

void check_merge_fields(const std::string& text, const std::string& where) {
    const auto& known = merge_fields();
    for (std::size_t pos = text.find('{'); pos != std::string::npos; pos = text.find('{', pos + 1)) {
        const std::size_t len = field_at(text, pos);
        if (len == 0) continue;
        const std::string field = text.substr(pos, len);
        if (std::find(known.begin(), known.end(), field) != known.end()) continue;
        throw ValidationError("unknown merge field " + field + " in " + where +
                              "; the fields are {nombre} (first name) and {nombre_completo} (whole name)");
    }
}

std::string personalise(const std::string& text, const std::string& first, const std::string& full) {
    std::string out;
    out.reserve(text.size() + 16);
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t brace = text.find('{', pos);
        if (brace == std::string::npos) break;
        out.append(text, pos, brace - pos);
        const std::size_t len = field_at(text, brace);
        const std::string field = len ? text.substr(brace, len) : std::string();
        if (field == "{nombre}") {
            out += first;
        } else if (field == "{nombre_completo}" || field == "{name}") {
            out += full;
        } else {
            out += '{';
            pos = brace + 1;
            continue;
        }
        pos = brace + len;
    }
    if (pos < text.size()) out.append(text, pos, std::string::npos);
    return out;
}

std::string personalise(const std::string& text, const CampaignRecipient& r) {
    return personalise(text, first_name(r.given_name, r.contact.display_name), r.contact.display_name);
}

std::vector<CampaignMessage> campaign_messages(Session& session, const Campaign& c) {
    std::vector<CampaignMessage> out;
    std::map<std::string, std::string> names;
    for (auto& m : store::MessagesRepo(session.database()).for_campaign(c.id)) {
        auto it = names.find(m.contact_uuid);
        if (it == names.end()) {
            const auto contact = session.contacts_repo().find_by_uuid(m.contact_uuid);
            it = names.emplace(m.contact_uuid, contact ? contact->display_name : std::string()).first;
        }
        out.push_back({std::move(m), it->second});
    }
    return out;
}

MessageHistory message_history(Session& session, const std::string& contact_ref) {
    MessageHistory h;
    try {
        h.contact = session.contact(contact_ref);
    } catch (const NotFoundError&) {
        // An erased customer: the log outlives them (without the personal content), and
        // their full UUID still finds it.
        if (contact_ref.size() != 36) throw;
        h.contact.uuid = contact_ref;
    }
    store::CampaignsRepo campaigns(session.database());
    std::map<std::int64_t, std::string> names;
    for (auto& m : store::MessagesRepo(session.database()).history(h.contact.uuid)) {
        std::string name;
        if (m.campaign_id) {
            auto it = names.find(*m.campaign_id);
            if (it == names.end()) it = names.emplace(*m.campaign_id, campaigns.get(*m.campaign_id).name).first;
            name = it->second;
        }
        h.items.push_back({std::move(m), std::move(name)});
    }
    return h;
}

}  // namespace clientela::app
