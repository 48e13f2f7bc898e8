#include "store/settings_repo.hpp"
#include "store/sql.hpp"

#include "core/errors.hpp"
#include "core/phone.hpp"

#include <date/tz.h>

#include <map>

namespace clientela::store {

namespace {

std::string join_lines(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) {
        if (!out.empty()) out += '\n';
        out += s;
    }
    return out;
}

std::vector<std::string> split_lines(const std::string& s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size() && !s.empty()) {
        const auto end = s.find('\n', start);
        out.push_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
        if (end == std::string::npos) break;
        start = end + 1;
    }
    return out;
}

}  // namespace

void validate_settings(const ShopSettings& s) {
    PhoneNormalizer check_region(s.default_region);  // throws on an unknown region
    try {
        (void)date::locate_zone(s.time_zone);
    } catch (const std::exception&) {
        throw ValidationError("unknown time zone '" + s.time_zone + "' (use a name such as Europe/Madrid)",
                              "settings.unknown_time_zone", {s.time_zone});
    }
    if (s.expiry_months < 0 || s.expiry_months > 240) {
        throw ValidationError("consent expiry must be between 0 (never) and 240 months", "settings.expiry_range",
                              {"240"});
    }
    if (s.shop_name.size() > 200) {
        throw ValidationError("shop name is longer than 200 characters", "settings.shop_name_too_long", {"200"});
    }
    if (!s.privacy_url.empty()) {
        if (s.privacy_url.rfind("https://", 0) != 0 || s.privacy_url.size() <= 8) {
            throw ValidationError("the privacy notice URL must start with https://");
        }
        if (s.privacy_url.size() > 2000) throw ValidationError("the privacy notice URL is longer than 2000 characters");
        for (unsigned char ch : s.privacy_url) {
            if (ch <= 0x20 || ch >= 0x7F || ch == '"' || ch == '<' || ch == '>' || ch == '\\') {
                throw ValidationError(
                    "the privacy notice URL has a space or a character a link cannot carry "
                    "(encode it, e.g. %20)");
            }
        }
    }
}

ShopSettings SettingsRepo::load() {
    std::map<std::string, std::string> kv;
    sql::Statement q(db_.conn(), "SELECT key, value FROM settings");
    while (q.executeStep()) kv[q.getColumn(0).getString()] = q.getColumn(1).getString();

    ShopSettings s;
    auto get = [&](const char* key, std::string& out) {
        if (auto it = kv.find(key); it != kv.end()) out = it->second;
    };
    get("shop_name", s.shop_name);
    get("shop_address", s.shop_address);
    get("default_region", s.default_region);
    get("time_zone", s.time_zone);
    get("unsubscribe_address", s.unsubscribe_address);
    get("privacy_url", s.privacy_url);
    if (auto it = kv.find("double_opt_in_required"); it != kv.end()) s.double_opt_in_required = it->second == "1";
    if (auto it = kv.find("expiry_months"); it != kv.end()) {
        try {
            s.expiry_months = std::stoi(it->second);
        } catch (const std::exception&) {
            throw StorageError("setting expiry_months has a bad value '" + it->second + "'");
        }
    }
    if (auto it = kv.find("staff"); it != kv.end()) s.staff = split_lines(it->second);
    return s;
}

void SettingsRepo::save(const ShopSettings& s) {
    validate_settings(s);
    auto tx = db_.begin_write();
    sql::Statement put(db_.conn(), "INSERT INTO settings (key, value) VALUES (?, ?) "
                                  "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    auto set = [&](const char* key, const std::string& value) {
        put.reset();
        put.bind(1, key);
        put.bind(2, value);
        put.exec();
    };
    set("shop_name", s.shop_name);
    set("shop_address", s.shop_address);
    set("default_region", s.default_region);
    set("time_zone", s.time_zone);
    set("unsubscribe_address", s.unsubscribe_address);
    set("privacy_url", s.privacy_url);
    set("double_opt_in_required", s.double_opt_in_required ? "1" : "0");
    set("expiry_months", std::to_string(s.expiry_months));
    set("staff", join_lines(s.staff));
    tx.commit();
}

std::map<std::string, std::string> settings_with_prefix(Database& db, const std::string& prefix) {
    std::map<std::string, std::string> kv;
    sql::Statement q(db.conn(), "SELECT key, value FROM settings WHERE substr(key, 1, CAST(? AS integer)) = ?");
    q.bind(1, static_cast<int>(prefix.size()));
    q.bind(2, prefix);
    while (q.executeStep()) kv[q.getColumn(0).getString().substr(prefix.size())] = q.getColumn(1).getString();
    return kv;
}

void save_settings_with_prefix(Database& db, const std::string& prefix,
                               const std::map<std::string, std::string>& values) {
    auto tx = db.begin_write();
    sql::Statement put(db.conn(),
                       "INSERT INTO settings (key, value) VALUES (?, ?) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    for (const auto& [k, v] : values) {
        put.reset();
        put.bind(1, prefix + k);
        put.bind(2, v);
        put.exec();
    }
    tx.commit();
}

}  // namespace clientela::store
