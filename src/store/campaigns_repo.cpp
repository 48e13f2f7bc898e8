#include "store/campaigns_repo.hpp"

#include "core/errors.hpp"
#include "store/settings_repo.hpp"
#include "store/sql.hpp"
#include "store/time_columns.hpp"
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

namespace clientela::store {

namespace {

constexpr const char* kColumns =
    "id, uuid, name, purpose, channels, subject, body_text, body_html, wa_template, wa_language, wa_parameters, "
    "audience_tags, created_at, sent_at";

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ",") + s;
    return out;
}

std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    std::stringstream in(s);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (!item.empty()) out.push_back(item);
    }
    return out;
}

Campaign read_campaign(sql::Statement& q) {
    Campaign c;
    c.id = q.getColumn(0).getInt64();
    c.uuid = q.getColumn(1).getString();
    c.name = q.getColumn(2).getString();
    c.purpose = purpose_from_string(q.getColumn(3).getString());
    for (const auto& ch : split(q.getColumn(4).getString())) c.channels.push_back(channel_from_string(ch));
    c.subject = q.getColumn(5).getString();
    c.body_text = q.getColumn(6).getString();
    c.body_html = q.getColumn(7).getString();
    c.wa_template = q.getColumn(8).getString();
    c.wa_language = q.getColumn(9).getString();
    const std::string params = q.getColumn(10).getString();
    if (!params.empty()) {
        const auto j = nlohmann::json::parse(params, nullptr, false);
        if (!j.is_array()) throw StorageError("campaign " + c.name + " has damaged WhatsApp parameters");
        for (const auto& p : j) c.wa_parameters.push_back(p.is_string() ? p.get<std::string>() : p.dump());
    }
    c.audience_tags = split(q.getColumn(11).getString());
    c.created_at = from_seconds(q.getColumn(12).getInt64());
    c.sent_at = from_seconds(q.getColumn(13).getInt64());
    return c;
}

}  // namespace

void CampaignsRepo::insert(Campaign& c) {
    if (c.uuid.empty()) c.uuid = new_uuid();
    if (c.created_at == Timestamp{}) c.created_at = now_utc();
    std::vector<std::string> channels;
    for (Channel ch : c.channels) channels.emplace_back(to_string(ch));
    sql::Statement ins(db_.conn(),
                          "INSERT INTO campaigns (uuid, name, purpose, channels, subject, body_text, body_html, "
                          "wa_template, wa_language, wa_parameters, audience_tags, created_at, sent_at) "
                          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
    ins.bind(1, c.uuid);
    ins.bind(2, c.name);
    ins.bind(3, std::string(to_string(c.purpose)));
    ins.bind(4, join(channels));
    ins.bind(5, c.subject);
    ins.bind(6, c.body_text);
    ins.bind(7, c.body_html);
    ins.bind(8, c.wa_template);
    ins.bind(9, c.wa_language);
    ins.bind(10, c.wa_parameters.empty() ? std::string() : nlohmann::json(c.wa_parameters).dump());
    ins.bind(11, join(c.audience_tags));
    ins.bind(12, to_seconds(c.created_at));
    ins.bind(13, to_seconds(c.sent_at));
    ins.executeStep();
    c.id = ins.getColumn(0).getInt64();
}

std::vector<Campaign> CampaignsRepo::query(const std::string& where, const std::string& key) {
    sql::Statement q(db_.conn(), std::string("SELECT ") + kColumns + " FROM campaigns" +
                                       (where.empty() ? "" : " WHERE " + where) + " ORDER BY id DESC");
    if (!key.empty()) q.bind(1, key);
    std::vector<Campaign> out;
    while (q.executeStep()) out.push_back(read_campaign(q));
    return out;
}

Campaign CampaignsRepo::get(std::int64_t id) {
    sql::Statement q(db_.conn(), std::string("SELECT ") + kColumns + " FROM campaigns WHERE id = ?");
    q.bind(1, static_cast<std::int64_t>(id));
    if (!q.executeStep()) throw NotFoundError("campaign " + std::to_string(id) + " does not exist");
    return read_campaign(q);
}

Campaign CampaignsRepo::resolve(const std::string& ref) {
    if (ref.empty()) throw ValidationError("name a campaign (its number, UUID or name)");
    if (std::all_of(ref.begin(), ref.end(), [](unsigned char c) { return std::isdigit(c); }) && ref.size() < 18) {
        return get(std::stoll(ref));
    }
    if (ref.size() >= 4) {
        std::string escaped;
        for (char c : ref) {
            if (c == '%' || c == '_' || c == '\\') escaped += '\\';
            escaped += c;
        }
        // SQLite's LIKE ignores ASCII case, PostgreSQL's does not: ILIKE there.
        auto by_uuid = query(db_.on_postgresql() ? "uuid ILIKE ? ESCAPE '\\'" : "uuid LIKE ? ESCAPE '\\'",
                             escaped + "%");
        if (by_uuid.size() == 1) return by_uuid.front();
        if (by_uuid.size() > 1) throw ValidationError("'" + ref + "' matches several campaigns; give more of the UUID");
    }
    auto by_name = query("name = ?", ref);
    if (by_name.size() == 1) return by_name.front();
    if (by_name.size() > 1) throw ValidationError("several campaigns are called '" + ref + "'; use the number");
    throw NotFoundError("no campaign '" + ref + "'");
}

std::vector<Campaign> CampaignsRepo::list() {
    return query("", "");
}

void CampaignsRepo::mark_sent(std::int64_t id, Timestamp at) {
    sql::Statement up(db_.conn(), "UPDATE campaigns SET sent_at = ? WHERE id = ? AND sent_at = 0");
    up.bind(1, to_seconds(at));
    up.bind(2, static_cast<std::int64_t>(id));
    up.exec();
}

std::unordered_set<std::string> CampaignsRepo::contacts_with_any_tag(const std::vector<std::string>& tags) {
    std::unordered_set<std::string> out;
    sql::Statement q(db_.conn(),
                        "SELECT c.uuid FROM contact_tags t JOIN contacts c ON c.id = t.contact_id WHERE t.tag = ?");
    for (const auto& tag : tags) {
        q.reset();
        q.bind(1, tag);
        while (q.executeStep()) out.insert(q.getColumn(0).getString());
    }
    return out;
}

bool CampaignsRepo::taken_by_another_run(std::int64_t campaign_id, const std::string& contact_uuid,
                                         std::int64_t seen_up_to) {
    sql::Statement q(db_.conn(),
                        "SELECT count(*) FROM messages WHERE campaign_id = ? AND contact_uuid = ? "
                        "AND (status = 'sent' OR id > ?)");
    q.bind(1, static_cast<std::int64_t>(campaign_id));
    q.bind(2, contact_uuid);
    q.bind(3, static_cast<std::int64_t>(seen_up_to));
    q.executeStep();
    return q.getColumn(0).getInt64() > 0;
}

std::int64_t CampaignsRepo::last_message_id() {
    return sql::query_int64(db_.conn(), "SELECT coalesce(max(id), 0) FROM messages");
}

OutreachSettings CampaignsRepo::load_outreach_settings() {
    const std::map<std::string, std::string> kv = settings_with_prefix(db_, "outreach.");
    OutreachSettings s;
    auto get = [&](const char* key, std::string& out) {
        if (auto it = kv.find(key); it != kv.end()) out = it->second;
    };
    get("smtp_host", s.smtp_host);
    get("smtp_security", s.smtp_security);
    get("smtp_user", s.smtp_user);
    get("smtp_ca_file", s.smtp_ca_file);
    get("from_address", s.from_address);
    get("from_name", s.from_name);
    get("unsubscribe_url", s.unsubscribe_url);
    get("whatsapp_base_url", s.whatsapp_base_url);
    get("whatsapp_phone_number_id", s.whatsapp_phone_number_id);
    try {
        if (auto it = kv.find("smtp_port"); it != kv.end()) s.smtp_port = std::stoi(it->second);
        if (auto it = kv.find("rate_per_minute"); it != kv.end()) s.rate_per_minute = std::stod(it->second);
    } catch (const std::exception&) {
        throw StorageError("the outreach settings hold a bad number (port or rate)");
    }
    return s;
}

void CampaignsRepo::save_outreach_settings(const OutreachSettings& s) {
    std::ostringstream rate;
    rate << s.rate_per_minute;
    const std::map<std::string, std::string> kv{{"smtp_host", s.smtp_host},
                                                {"smtp_port", std::to_string(s.smtp_port)},
                                                {"smtp_security", s.smtp_security},
                                                {"smtp_user", s.smtp_user},
                                                {"smtp_ca_file", s.smtp_ca_file},
                                                {"from_address", s.from_address},
                                                {"from_name", s.from_name},
                                                {"rate_per_minute", rate.str()},
                                                {"unsubscribe_url", s.unsubscribe_url},
                                                {"whatsapp_base_url", s.whatsapp_base_url},
                                                {"whatsapp_phone_number_id", s.whatsapp_phone_number_id}};
    save_settings_with_prefix(db_, "outreach.", kv);
}

}  // namespace clientela::store
