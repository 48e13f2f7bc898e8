// Which database this computer's app opens (Ajustes > Base de datos, issue #19): this
// computer's file or the shop's PostgreSQL server. The choice is kept by the app outside the
// database (the shop's settings live inside it, so the choice of database cannot), and who may
// do what there follows the connected login's role.
// - A server is named by host, port, database and login name only: the password comes from
//   ~/.pgpass (libpq reads it), never from a field, a command line or the app's configuration.
//   A location carrying one is refused by the store when opened (its message says ~/.pgpass).
// - At start: the --db argument wins, then the choice kept by the app, then the default file.
// - A till (store::Database::Access::till) adds customers, records and withdraws consent and
//   searches; only a manager sends campaigns, exports, erases, restores, makes backups, changes
//   the shop's settings and checks the shop's mailbox (which records the last check in the
//   settings; the manager's app takes in the unsubscribes for every till).
#pragma once

#include "store/database.hpp"

#include <cstdint>
#include <string>

namespace clientela::app {

class Session;

struct DatabaseChoice {
    enum class Kind { file, server };
    Kind kind = Kind::file;
    std::string file;  // empty: the default file (default_database_path())
    std::string host;
    int port = 5432;
    std::string database;
    std::string user;
    // libpq's sslmode for the server: empty for libpq's default ("prefer": encrypted when the
    // server offers it), "require" (always encrypted) or "verify-full" (encrypted, and the
    // server's certificate checked against ~/.postgresql/root.crt and its name); any other
    // libpq mode given in a location is kept as it is.
    std::string sslmode;
    // The location's other parameters (after '?', without sslmode), kept as written, so that
    // saving the form never drops one.
    std::string parameters;
};

// The location (--db argument) a choice names: the file's path (the default one when empty), or
// postgresql://USER@HOST:PORT/DATABASE?sslmode=MODE&PARAMETERS with the parts percent-encoded
// (sslmode and parameters only when given). A ':' typed in the login name is left as it is, so
// "caja1:secreto" reaches the store as a password and is refused there with its ~/.pgpass
// advice. Throws ValidationError (codes database.host_missing, database.name_missing,
// database.user_missing, database.bad_port, database.bad_sslmode) for a server without them or
// with an sslmode libpq does not know.
std::string database_location(const DatabaseChoice& choice);

// The choice a location names, to show it in the form: a postgresql:// URI's parts (decoded;
// libpq's defaults 5432 and the login as database name where they are left out; its sslmode and
// other parameters), or the file. database_location of it gives the location back.
DatabaseChoice database_choice_of(const std::string& location);

// Throws the store's own refusal (ValidationError, with its ~/.pgpass advice and without the
// password) when `location` is a URI carrying a password; connects to nothing.
void refuse_password(const std::string& location);

// The location to open at start: `command_line` (--db) when given, else `configured` (the choice
// the app kept) when not empty, else the default file.
std::string startup_location(const std::string& command_line, const std::string& configured);

// "Probar conexión": what opening `location` found.
struct DatabaseCheck {
    store::Database::Access access = store::Database::Access::manager;
    std::int64_t customers = 0;
    std::string location;  // printable (store::printable_location)
};
// Opens the store at `location` as the app would (a file is created when missing; a server's
// database must have been initialised) and counts its customers. Throws what opening throws
// (StorageError, StorageFailure unreachable/not_allowed, ValidationError for a password).
DatabaseCheck check_database(const std::string& location);

// The manager-only work of the list above, for a role (the window greys out the rest).
bool may_manage(store::Database::Access access);

// What the window says of an open session: whether its login may do the manager's work
// (store::Database::access()), where its database is (without a password), whether it is a
// PostgreSQL server (backups are then pg_dump's job), and the location to open it again.
struct SessionPlace {
    bool manager = true;
    bool server = false;
    std::string shown;     // store::printable_location
    std::string location;  // as opened (--db)
};
SessionPlace session_place(Session& session);

}  // namespace clientela::app
