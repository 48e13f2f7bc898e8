#include "app/secret_keyring.hpp"

#include "core/errors.hpp"

#include <libsecret/secret.h>

#include <cstdlib>
#include <mutex>

namespace clientela::app::keyring {

namespace {

const SecretSchema* schema() {
    static const SecretSchema s = [] {
        SecretSchema x{};
        x.name = "es.clientela.Secret";
        x.flags = SECRET_SCHEMA_NONE;
        x.attributes[0].name = "key";
        x.attributes[0].type = SECRET_SCHEMA_ATTRIBUTE_STRING;
        return x;
    }();
    return &s;
}

std::string take_message(GError* error) {
    std::string m = error && error->message ? error->message : "unknown error";
    if (error) g_error_free(error);
    return m;
}

}  // namespace

bool available() {
    static std::once_flag once;
    static bool answer = false;
    std::call_once(once, [] {
        const char* bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
        if (!bus || !*bus) return;  // headless: no session bus, no keyring (and no autolaunch)
        GError* error = nullptr;
        gchar* found = secret_password_lookup_sync(schema(), nullptr, &error, "key", "clientela-probe",
                                                   static_cast<char*>(nullptr));
        if (found) secret_password_free(found);
        answer = error == nullptr;
        if (error) g_error_free(error);
    });
    return answer;
}

std::optional<std::string> lookup(const std::string& key) {
    GError* error = nullptr;
    gchar* found =
        secret_password_lookup_sync(schema(), nullptr, &error, "key", key.c_str(), static_cast<char*>(nullptr));
    if (error) throw Error("the keyring could not be read: " + take_message(error));
    if (!found) return std::nullopt;
    std::string value(found);
    secret_password_free(found);
    return value;
}

bool store(const std::string& key, const std::string& value) {
    GError* error = nullptr;
    const std::string label = "Clientela: " + key;
    const gboolean ok = secret_password_store_sync(schema(), SECRET_COLLECTION_DEFAULT, label.c_str(), value.c_str(),
                                                   nullptr, &error, "key", key.c_str(), static_cast<char*>(nullptr));
    if (error) g_error_free(error);
    return ok != FALSE;
}

void clear(const std::string& key) {
    GError* error = nullptr;
    secret_password_clear_sync(schema(), nullptr, &error, "key", key.c_str(), static_cast<char*>(nullptr));
    if (error) throw Error("the keyring could not be changed: " + take_message(error));
}

}  // namespace clientela::app::keyring
