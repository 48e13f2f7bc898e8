#include "cli/json_out.hpp"

#include "app/local_time.hpp"

#include <algorithm>

namespace clientela::cli {

nlohmann::json to_json(const ContactPoint& p) {
    nlohmann::json j{
        {"kind", std::string(to_string(p.kind))},
        {"raw", p.raw},
        {"normalized", p.is_valid ? nlohmann::json(p.normalized) : nlohmann::json(nullptr)},
        {"label", p.label},
        {"mobile", p.is_mobile},
        {"valid", p.is_valid},
        {"problem", p.problem},
    };
    if (p.kind == PointKind::email) {
        j["undeliverable"] = p.undeliverable();
        j["undeliverable_at"] = p.undeliverable() ? nlohmann::json(format_utc(p.undeliverable_at)) : nlohmann::json(nullptr);
        j["undeliverable_evidence"] = p.undeliverable_evidence;
    }
    return j;
}

nlohmann::json to_json(const Contact& c) {
    nlohmann::json points = nlohmann::json::array();
    for (const auto& p : c.points) points.push_back(to_json(p));
    return {
        {"id", c.uuid},
        {"name", c.display_name},
        {"given_name", c.given_name},
        {"family_name", c.family_name},
        {"notes", c.notes},
        {"language", c.language},
        {"source", {{"kind", std::string(to_string(c.source))}, {"file", c.source_file}, {"line", c.source_line}}},
        {"created_at", format_utc(c.created_at)},
        {"updated_at", format_utc(c.updated_at)},
        {"tags", c.tags},
        {"points", points},
    };
}

nlohmann::json to_json(const app::ContactRow& r) {
    return {
        {"id", r.uuid},
        {"name", r.display_name},
        {"mobile", r.mobile.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.mobile)},
        {"email", r.email.empty() ? nlohmann::json(nullptr) : nlohmann::json(r.email)},
    };
}

nlohmann::json to_json(const ConsentWording& w) {
    return {{"id", w.id},          {"version", w.version},       {"language", w.language},
            {"text", w.text},      {"text_hash", w.text_hash},   {"created_at", format_utc(w.created_at)}};
}

nlohmann::json to_json(const app::HistoryEntry& h, const date::time_zone* zone) {
    const ConsentEvent& e = h.event;
    return {
        {"seq", e.seq},
        {"event_id", e.event_uuid},
        {"contact_id", e.contact_uuid},
        {"channel", std::string(to_string(e.channel))},
        {"purpose", std::string(to_string(e.purpose))},
        {"action", std::string(to_string(e.action))},
        {"method", std::string(to_string(e.method))},
        {"basis", std::string(to_string(e.basis))},
        {"weak_evidence", is_weak_evidence(e.method)},
        {"wording", h.wording ? to_json(*h.wording) : nlohmann::json(nullptr)},
        {"evidence", e.evidence},
        {"recorded_by", e.recorded_by},
        {"occurred_at", format_utc(e.occurred_at)},
        {"occurred_at_local", app::format_local(e.occurred_at, zone)},
        {"recorded_at", format_utc(e.recorded_at)},
        {"point_hash", e.point_hash},
        {"prev_hash", e.prev_hash},
        {"hash", e.hash},
    };
}

nlohmann::json to_json(const Decision& d) {
    nlohmann::json reasons = nlohmann::json::array();
    for (auto r : d.reasons) reasons.push_back(std::string(to_string(r)));
    return {{"allowed", d.allowed},
            {"basis", std::string(to_string(d.basis))},
            {"authorising_event", d.authorising_seq ? nlohmann::json(d.authorising_seq) : nlohmann::json(nullptr)},
            {"reasons", reasons}};
}

nlohmann::json to_json(const app::Audience& a) {
    nlohmann::json included = nlohmann::json::array();
    for (const auto& m : a.included) {
        nlohmann::json j = to_json(m.contact);
        j["channel"] = std::string(to_string(m.channel));
        j["basis"] = std::string(to_string(m.basis));
        j["authorising_event"] = m.authorising_seq ? nlohmann::json(m.authorising_seq) : nlohmann::json(nullptr);
        included.push_back(std::move(j));
    }
    nlohmann::json excluded = nlohmann::json::array();
    for (const auto& x : a.excluded) {
        nlohmann::json j = to_json(x.contact);
        nlohmann::json all = nlohmann::json::array();
        nlohmann::json tried = nlohmann::json::array();
        for (const auto& [channel, decision] : x.tried) {
            nlohmann::json reasons = nlohmann::json::array();
            for (auto r : decision.reasons) {
                reasons.push_back(std::string(to_string(r)));
                if (std::find(all.begin(), all.end(), std::string(to_string(r))) == all.end()) {
                    all.push_back(std::string(to_string(r)));
                }
            }
            tried.push_back({{"channel", std::string(to_string(channel))}, {"reasons", reasons}});
        }
        j["reasons"] = all;
        j["tried"] = tried;
        excluded.push_back(std::move(j));
    }
    return {{"purpose", std::string(to_string(a.request.purpose))},
            {"channel", a.request.channel ? nlohmann::json(std::string(to_string(*a.request.channel)))
                                          : nlohmann::json(nullptr)},
            {"at", format_utc(a.request.at)},
            {"counts", {{"included", a.included.size()}, {"excluded", a.excluded.size()}}},
            {"included", included},
            {"excluded", excluded}};
}

}  // namespace clientela::cli
