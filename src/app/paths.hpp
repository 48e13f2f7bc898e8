// Where Clientela keeps its files by default (XDG base directories).
#pragma once

#include <string>

namespace clientela::app {

// $XDG_DATA_HOME/clientela/clientela.db, or ~/.local/share/clientela/clientela.db.
std::string default_database_path();

}  // namespace clientela::app
