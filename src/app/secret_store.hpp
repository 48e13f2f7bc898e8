// Where the SMTP password and the WhatsApp token live: never in the database (it travels
// with backups), but in a private file in the user's config directory.
#pragma once

#include <optional>
#include <string>

namespace clientela::app {

// A key=value file, 0600 in a 0700 directory, replaced atomically on every change.
// Works headless (no keyring needed). Values are single lines.
class SecretStore {
public:
    // $XDG_CONFIG_HOME/clientela/secrets, or ~/.config/clientela/secrets.
    static std::string default_path();

    explicit SecretStore(std::string path = default_path());

    const std::string& path() const { return path_; }
    std::optional<std::string> get(const std::string& key) const;
    // Throws ValidationError for a value with a line break, Error when the file cannot be written.
    void set(const std::string& key, const std::string& value);
    void erase(const std::string& key);

private:
    std::string path_;
};

// Keys used by the outreach code.
inline constexpr const char* kSmtpPasswordKey = "smtp_password";
inline constexpr const char* kWhatsAppTokenKey = "whatsapp_token";

}  // namespace clientela::app
