// A small Spanish demo shop (customers with consent history) for a first look at Clientela.
#pragma once

namespace clientela::app {

class Session;

// Loads the demo customers into an empty database and returns how many
// were added. Throws ValidationError when the database already holds contacts.
int load_demo_shop(Session& session);

}  // namespace clientela::app
