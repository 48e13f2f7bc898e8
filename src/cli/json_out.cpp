#include "cli/json_out.hpp"

namespace clientela::cli {

nlohmann::json to_json(const ContactPoint& p) {
    return {
        {"kind", std::string(to_string(p.kind))},
        {"raw", p.raw},
        {"normalized", p.is_valid ? nlohmann::json(p.normalized) : nlohmann::json(nullptr)},
        {"label", p.label},
        {"mobile", p.is_mobile},
        {"valid", p.is_valid},
        {"problem", p.problem},
    };
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

}  // namespace clientela::cli
