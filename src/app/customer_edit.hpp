// Editing a customer's name, notes and tags (the window's "Editar cliente" and the CLI's
// `edit`), and the shop's tags for the list's tag filter. Contact points have their own use
// case (app/contact_points.hpp), consent its own (app/consent_desk.hpp).
#pragma once

#include "app/session.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clientela::app {

struct CustomerEdit {
    std::optional<std::string> name;               // new display name; nullopt: unchanged
    std::optional<std::string> notes;              // new notes; nullopt: unchanged
    std::optional<std::vector<std::string>> tags;  // the whole new set; nullopt: unchanged
    std::vector<std::string> add_tags;             // then these are added ...
    std::vector<std::string> remove_tags;          // ... and these taken away
};

// Applies the edit in one write transaction; the search finds the new name at once (the
// given and family names, parts of the old name, are cleared on a rename). Names are cleaned
// and checked as add_contact checks them; tags are trimmed, empty ones dropped, no repeats.
// Throws NotFoundError, ValidationError. Returns the customer as stored.
Contact edit_customer(Session& session, const std::string& contact_ref, const CustomerEdit& edit);

// The tags in use, most used first, with how many customers have each.
std::vector<std::pair<std::string, std::int64_t>> shop_tags(Session& session);

}  // namespace clientela::app
