// Where the SMTP and mailbox passwords and the WhatsApp token live: never in the database (it travels
// with backups), but in a private file in the user's config directory.
#pragma once

#include <optional>
#include <string>

namespace clientela::app {

// The user's secrets: in the desktop keyring (libsecret, Secret Service) when one answers
// on the session bus, else in a key=value file, 0600 in a 0700 directory, replaced
// atomically on every change, which works headless. CLIENTELA_SECRET_BACKEND=file forces
// the file. Reading looks in the keyring first, then the file. Values are single lines.
// Constructing a store tightens an existing folder that others can read (0755) to 0700 and
// the file to 0600 (Error when that is not possible), before anything is read.
class SecretStore {
public:
    // $XDG_CONFIG_HOME/clientela/secrets, or ~/.config/clientela/secrets.
    static std::string default_path();

    // The user's store: keyring when available, else the default file.
    SecretStore();
    // Exactly this file, never the keyring (tests, tools).
    explicit SecretStore(std::string path);

    const std::string& path() const { return path_; }
    bool uses_keyring() const { return keyring_; }
    // Where set() puts secrets, for messages: "the desktop keyring" or the file's path.
    std::string location() const;
    std::optional<std::string> get(const std::string& key) const;
    // Throws ValidationError for a value with a line break, Error when the file cannot be written.
    void set(const std::string& key, const std::string& value);
    void erase(const std::string& key);

private:
    void erase_from_file(const std::string& key);

    std::string path_;
    bool keyring_ = false;
};

// Keys used by the outreach code.
inline constexpr const char* kSmtpPasswordKey = "smtp_password";
inline constexpr const char* kWhatsAppTokenKey = "whatsapp_token";
inline constexpr const char* kMailboxPasswordKey = "mailbox_password";  // IMAP, mailbox set

}  // namespace clientela::app
