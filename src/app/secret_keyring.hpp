// The desktop keyring (Secret Service over D-Bus) through libsecret: where SecretStore keeps
// secrets when a keyring answers. Built only when libsecret-1 is found.
#pragma once

#include <optional>
#include <string>

namespace clientela::app::keyring {

// True when a Secret Service answers on the session bus (checked once per process).
bool available();
// Throws Error when the keyring fails (locked and not unlocked, service gone ...).
std::optional<std::string> lookup(const std::string& key);
// False when the keyring refused to store it (the caller falls back to the file).
bool store(const std::string& key, const std::string& value);
void clear(const std::string& key);

}  // namespace clientela::app::keyring
