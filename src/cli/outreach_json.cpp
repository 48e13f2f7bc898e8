#include "cli/outreach_json.hpp"

#include "cli/json_out.hpp"

#include <algorithm>

namespace clientela::cli {

namespace {

nlohmann::json time_or_null(Timestamp t) {
    return t == Timestamp{} ? nlohmann::json(nullptr) : nlohmann::json(format_utc(t));
}

nlohmann::json exclusion_json(const app::CampaignExclusion& x) {
    nlohmann::json j = to_json(x.contact);
    nlohmann::json all = nlohmann::json::array();
    nlohmann::json tried = nlohmann::json::array();
    for (const auto& [channel, decision] : x.tried) {
        nlohmann::json reasons = nlohmann::json::array();
        for (auto r : decision.reasons) {
            const std::string name(to_string(r));
            reasons.push_back(name);
            if (std::find(all.begin(), all.end(), name) == all.end()) all.push_back(name);
        }
        tried.push_back({{"channel", std::string(to_string(channel))}, {"reasons", reasons}});
    }
    if (!x.note.empty()) all.push_back(x.same_mailbox_as.empty() ? "not_preferred_channel" : "same_mailbox");
    j["reasons"] = all;
    j["tried"] = tried;
    j["note"] = x.note;
    if (!x.same_mailbox_as.empty()) j["same_mailbox_as"] = x.same_mailbox_as;
    return j;
}

}  // namespace

nlohmann::json to_json(const Campaign& c) {
    nlohmann::json channels = nlohmann::json::array();
    for (Channel ch : c.channels) channels.push_back(std::string(to_string(ch)));
    return {{"id", c.id},
            {"uuid", c.uuid},
            {"name", c.name},
            {"purpose", std::string(to_string(c.purpose))},
            {"channels", channels},
            {"subject", c.subject},
            {"text", c.body_text},
            {"html", c.body_html},
            {"whatsapp_template", c.wa_template},
            {"whatsapp_language", c.wa_language},
            {"whatsapp_parameters", c.wa_parameters},
            {"tags", c.audience_tags},
            {"created_at", format_utc(c.created_at)},
            {"sent_at", time_or_null(c.sent_at)}};
}

nlohmann::json to_json(const Message& m, const std::string& campaign_name) {
    return {{"id", m.id},
            {"contact", m.contact_uuid},
            {"channel", std::string(to_string(m.channel))},
            {"purpose", std::string(to_string(m.purpose))},
            {"kind", std::string(to_string(m.kind))},
            {"status", std::string(to_string(m.status))},
            {"campaign_id", m.campaign_id ? nlohmann::json(*m.campaign_id) : nlohmann::json(nullptr)},
            {"campaign", campaign_name.empty() ? nlohmann::json(nullptr) : nlohmann::json(campaign_name)},
            {"authorising_event", m.consent_seq ? nlohmann::json(m.consent_seq) : nlohmann::json(nullptr)},
            {"basis", m.basis},
            {"destination", m.destination},
            {"recipient", m.recipient},
            {"subject", m.subject},
            {"provider_id", m.provider_id},
            {"error", m.error},
            {"reply_command", m.reply_command},
            {"reply", m.reply},
            {"created_at", format_utc(m.created_at)},
            {"updated_at", format_utc(m.updated_at)}};
}

nlohmann::json to_json(const app::CampaignAudience& a) {
    nlohmann::json included = nlohmann::json::array();
    for (const auto& r : a.included) {
        nlohmann::json j = to_json(r.contact);
        j["channel"] = std::string(to_string(r.channel));
        j["address"] = r.address;
        j["basis"] = std::string(to_string(r.basis));
        j["authorising_event"] = r.authorising_seq ? nlohmann::json(r.authorising_seq) : nlohmann::json(nullptr);
        included.push_back(std::move(j));
    }
    nlohmann::json excluded = nlohmann::json::array();
    for (const auto& x : a.excluded) excluded.push_back(exclusion_json(x));
    return {{"at", format_utc(a.at)},
            {"included", included},
            {"excluded", excluded},
            {"counts",
             {{"included", a.included.size()}, {"excluded", a.excluded.size()}, {"outside_tags", a.outside_tags}}}};
}

nlohmann::json to_json(const app::SendReport& r) {
    nlohmann::json outcomes = nlohmann::json::array();
    for (const auto& o : r.outcomes) {
        nlohmann::json j = to_json(o.contact);
        j["channel"] = std::string(to_string(o.channel));
        j["address"] = o.address;
        j["status"] = o.status;
        j["message_id"] = o.message_id ? nlohmann::json(o.message_id) : nlohmann::json(nullptr);
        j["provider_id"] = o.provider_id;
        j["error"] = o.error;
        outcomes.push_back(std::move(j));
    }
    nlohmann::json excluded = nlohmann::json::array();
    for (const auto& x : r.excluded) excluded.push_back(exclusion_json(x));
    return {{"campaign", to_json(r.campaign)},
            {"recipients", outcomes},
            {"excluded", excluded},
            {"counts",
             {{"sent", r.sent},
              {"failed", r.failed},
              {"unknown", r.unknown},
              {"skipped", r.skipped},
              {"skipped_sent", r.skipped_sent},
              {"skipped_unknown", r.skipped_unknown},
              {"not_attempted", r.not_attempted},
              {"excluded", r.excluded.size()},
              {"outside_tags", r.outside_tags}}},
            {"rate_limit_waits", r.rate_limit_waits},
            {"stopped", r.stopped},
            {"stop_reason", r.stop_reason},
            {"interrupted", r.interrupted},
            {"seconds", r.seconds}};
}

nlohmann::json to_json(const app::UnsubscribeResult& r) {
    return {{"address", r.address},
            {"outcome", r.outcome},
            {"contact", r.contact_uuid.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.contact_uuid)},
            {"name", r.contact_name},
            {"event", r.event_seq ? nlohmann::json(r.event_seq) : nlohmann::json(nullptr)}};
}

}  // namespace clientela::cli
