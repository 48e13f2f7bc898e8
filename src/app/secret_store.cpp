#include "app/secret_store.hpp"

#ifdef CLIENTELA_HAVE_LIBSECRET
#include "app/secret_keyring.hpp"
#endif

#include "core/errors.hpp"
#include "store/database.hpp"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>

namespace clientela::app {

namespace {

std::map<std::string, std::string> read_all(const std::string& path) {
    std::map<std::string, std::string> kv;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq == std::string::npos || line[0] == '#') continue;
        kv[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return kv;
}

void write_all(const std::string& path, const std::map<std::string, std::string>& kv) {
    const std::filesystem::path p(path);
    store::ensure_private_directory(p.parent_path().string());
    const std::string tmp = path + ".tmp";
    {
        const mode_t old = ::umask(077);
        std::ofstream out(tmp, std::ios::trunc);
        ::umask(old);
        if (!out) throw Error("cannot write the secrets file " + tmp);
        out << "# clientela secrets: keep this file private (mode 0600)\n";
        for (const auto& [k, v] : kv) out << k << "=" << v << "\n";
        out.flush();
        if (!out) throw Error("cannot write the secrets file " + tmp);
    }
    ::chmod(tmp.c_str(), 0600);
    if (std::rename(tmp.c_str(), path.c_str()) != 0) throw Error("cannot replace the secrets file " + path);
}

// A secrets folder or file that exists with more than owner access (an older version, a
// copied dotfiles repository, umask 022) is made private before anything is read from it.
void tighten(const std::string& path) {
    const std::string dir = std::filesystem::path(path).parent_path().string();
    struct stat st {};
    if (!dir.empty() && ::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 077) != 0) {
        if (::chmod(dir.c_str(), 0700) != 0) throw Error("cannot make the secrets folder " + dir + " private");
    }
    if (::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && (st.st_mode & 077) != 0) {
        if (::chmod(path.c_str(), 0600) != 0) throw Error("cannot make the secrets file " + path + " private");
    }
}

}  // namespace

std::string SecretStore::default_path() {
    std::string base;
    if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg == '/') {
        base = xdg;
    } else if (const char* home = std::getenv("HOME"); home && *home) {
        base = std::string(home) + "/.config";
    } else if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir) {
        base = std::string(pw->pw_dir) + "/.config";
    } else {
        throw Error("cannot find the config directory for the secrets file");
    }
    return base + "/clientela/secrets";
}

SecretStore::SecretStore() : path_(default_path()) {
    tighten(path_);
#ifdef CLIENTELA_HAVE_LIBSECRET
    const char* forced = std::getenv("CLIENTELA_SECRET_BACKEND");
    keyring_ = !(forced && std::string(forced) == "file") && keyring::available();
#endif
}

SecretStore::SecretStore(std::string path) : path_(std::move(path)) { tighten(path_); }

std::string SecretStore::location() const {
    return keyring_ ? std::string("the desktop keyring") : path_;
}

std::optional<std::string> SecretStore::get(const std::string& key) const {
#ifdef CLIENTELA_HAVE_LIBSECRET
    if (keyring_) {
        if (auto v = keyring::lookup(key)) return v;
    }
#endif
    auto kv = read_all(path_);
    if (auto it = kv.find(key); it != kv.end()) return it->second;
    return std::nullopt;
}

void SecretStore::set(const std::string& key, const std::string& value) {
    if (value.find_first_of("\r\n") != std::string::npos) throw ValidationError("a secret must be a single line");
#ifdef CLIENTELA_HAVE_LIBSECRET
    if (keyring_ && keyring::store(key, value)) {
        erase_from_file(key);  // no stale copy outside the keyring
        return;
    }
#endif
    auto kv = read_all(path_);
    kv[key] = value;
    write_all(path_, kv);
}

void SecretStore::erase(const std::string& key) {
#ifdef CLIENTELA_HAVE_LIBSECRET
    if (keyring_) keyring::clear(key);
#endif
    erase_from_file(key);
}

void SecretStore::erase_from_file(const std::string& key) {
    auto kv = read_all(path_);
    if (kv.erase(key)) write_all(path_, kv);
}

}  // namespace clientela::app
