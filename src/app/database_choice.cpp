#include "app/database_choice.hpp"

#include "app/paths.hpp"
#include "app/session.hpp"
#include "core/errors.hpp"
#include "store/store.hpp"

#include <algorithm>
#include <cctype>
#include <iterator>
#include <cstdlib>

namespace clientela::app {

namespace {

// RFC 3986 percent-encoding of everything but the unreserved characters (and `keep`).
std::string encode(const std::string& text, const std::string& keep = "") {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : text) {
        if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || keep.find(static_cast<char>(c)) != std::string::npos) {
            out.push_back(static_cast<char>(c));
        } else {
            out.push_back('%');
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xF]);
        }
    }
    return out;
}

std::string decode(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size() && std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
            out.push_back(static_cast<char>(std::stoi(text.substr(i + 1, 2), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(text[i]);
        }
    }
    return out;
}

std::string trimmed(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    if (first == std::string::npos) return std::string();
    return s.substr(first, s.find_last_not_of(" \t\r\n") - first + 1);
}

}  // namespace

std::string database_location(const DatabaseChoice& choice) {
    if (choice.kind == DatabaseChoice::Kind::file) {
        const std::string file = trimmed(choice.file);
        return file.empty() ? default_database_path() : file;
    }
    const std::string host = trimmed(choice.host), database = trimmed(choice.database), user = trimmed(choice.user);
    if (host.empty()) {
        throw ValidationError("say which computer the shop's database server is on (its name or address)",
                              "database.host_missing");
    }
    if (database.empty()) throw ValidationError("say the name of the shop's database", "database.name_missing");
    if (user.empty()) throw ValidationError("say the login name of this till on the database server", "database.user_missing");
    if (choice.port < 1 || choice.port > 65535) {
        throw ValidationError("the port must be a number from 1 to 65535", "database.bad_port");
    }
    const std::string sslmode = trimmed(choice.sslmode);
    static const char* const modes[] = {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"};
    if (!sslmode.empty() && std::find(std::begin(modes), std::end(modes), sslmode) == std::end(modes)) {
        throw ValidationError("the connection's encryption (sslmode) '" + sslmode +
                                  "' is not one PostgreSQL knows: disable, allow, prefer, require, verify-ca or verify-full",
                              "database.bad_sslmode");
    }
    const bool ipv6 = host.find(':') != std::string::npos;
    std::string query = sslmode.empty() ? std::string() : "sslmode=" + sslmode;
    if (!choice.parameters.empty()) query += (query.empty() ? "" : "&") + choice.parameters;
    return "postgresql://" + encode(user, ":") + "@" + (ipv6 ? "[" + host + "]" : encode(host)) + ":" +
           std::to_string(choice.port) + "/" + encode(database) + (query.empty() ? "" : "?" + query);
}

DatabaseChoice database_choice_of(const std::string& location) {
    DatabaseChoice choice;
    if (!store::is_postgresql(location)) {
        choice.file = location;
        return choice;
    }
    choice.kind = DatabaseChoice::Kind::server;
    std::string rest = location.substr(location.find("://") + 3);
    // sslmode for the form's own field; every other parameter kept as written, in order.
    for (const std::string& parameter : store::location_parameters(location)) {
        if (parameter.rfind("sslmode=", 0) == 0) {
            choice.sslmode = decode(parameter.substr(8));
        } else {
            choice.parameters += (choice.parameters.empty() ? "" : "&") + parameter;
        }
    }
    rest = rest.substr(0, rest.find('?'));
    const auto slash = rest.find('/');
    std::string authority = rest.substr(0, slash);
    if (slash != std::string::npos) choice.database = decode(rest.substr(slash + 1));
    if (const auto at = authority.rfind('@'); at != std::string::npos) {
        std::string user = authority.substr(0, at);
        user = user.substr(0, user.find(':'));  // never the password
        choice.user = decode(user);
        authority = authority.substr(at + 1);
    }
    std::string host = authority;
    if (!authority.empty() && authority[0] == '[') {
        const auto close = authority.find(']');
        host = authority.substr(1, close == std::string::npos ? std::string::npos : close - 1);
        authority = close == std::string::npos ? std::string() : authority.substr(close + 1);
        if (!authority.empty() && authority[0] == ':') choice.port = std::atoi(authority.c_str() + 1);
    } else if (const auto colon = authority.rfind(':'); colon != std::string::npos) {
        host = authority.substr(0, colon);
        choice.port = std::atoi(authority.c_str() + colon + 1);
    }
    choice.host = decode(host);
    if (choice.database.empty()) choice.database = choice.user;  // libpq's default
    return choice;
}

void refuse_password(const std::string& location) {
    // The store refuses such a URI before it connects anywhere: its message, not a copy of it.
    if (store::is_postgresql(location) && store::printable_location(location) != location) store::open_store(location);
}

std::string startup_location(const std::string& command_line, const std::string& configured) {
    if (!command_line.empty()) return command_line;
    if (!trimmed(configured).empty()) return trimmed(configured);
    return default_database_path();
}

DatabaseCheck check_database(const std::string& location) {
    Session session(location);
    DatabaseCheck check;
    check.access = session.database().access();
    check.customers = session.count_contacts("");
    check.location = store::printable_location(location);
    return check;
}

bool may_manage(store::Database::Access access) { return access == store::Database::Access::manager; }

SessionPlace session_place(Session& session) {
    store::Database& db = session.database();
    SessionPlace place;
    place.location = db.path();
    place.shown = store::printable_location(db.path());
    place.server = db.on_postgresql();
    place.manager = may_manage(db.access());
    return place;
}

}  // namespace clientela::app
