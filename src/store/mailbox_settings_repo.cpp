#include "store/mailbox_settings_repo.hpp"

#include "core/errors.hpp"
#include "store/settings_repo.hpp"

#include <map>

namespace clientela::store {

MailboxSettings MailboxSettingsRepo::load() {
    const std::map<std::string, std::string> kv = settings_with_prefix(db_, "mailbox.");
    MailboxSettings s;
    auto get = [&](const char* key, std::string& out) {
        if (auto it = kv.find(key); it != kv.end()) out = it->second;
    };
    get("host", s.host);
    get("security", s.security);
    get("user", s.user);
    get("folder", s.folder);
    get("ca_file", s.ca_file);
    try {
        if (auto it = kv.find("port"); it != kv.end()) s.port = std::stoi(it->second);
    } catch (const std::exception&) {
        throw StorageError("the mailbox settings hold a bad port number");
    }
    return s;
}

void MailboxSettingsRepo::save(const MailboxSettings& s) {
    const std::map<std::string, std::string> kv{{"host", s.host},         {"port", std::to_string(s.port)},
                                                {"security", s.security}, {"user", s.user},
                                                {"folder", s.folder},     {"ca_file", s.ca_file}};
    save_settings_with_prefix(db_, "mailbox.", kv);
}

}  // namespace clientela::store
