#include "app/paths.hpp"

#include "core/errors.hpp"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace clientela::app {

std::string default_database_path() {
    std::string base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg == '/') {
        base = xdg;
    } else {
        std::string home;
        if (const char* h = std::getenv("HOME"); h && *h) {
            home = h;
        } else if (const passwd* pw = ::getpwuid(::getuid()); pw && pw->pw_dir) {
            home = pw->pw_dir;
        } else {
            throw Error("cannot find the home directory; give the database with --db PATH");
        }
        base = home + "/.local/share";
    }
    return base + "/clientela/clientela.db";
}

}  // namespace clientela::app
