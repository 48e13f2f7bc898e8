// Editing the ways to reach a customer (phones, emails, postal addresses) with the same
// rules as adding a contact: phones normalised with the shop's region (an invalid one kept
// and flagged), emails validated, a mobile or email never shared with another customer.
// Consent is not touched: it stays recorded against the point it was given for.
#pragma once

#include "app/session.hpp"

#include <cstdint>
#include <string>

namespace clientela::app {

// Each runs in one write transaction and returns the contact as stored afterwards.
// Throws ValidationError (empty or invalid value, unknown point, the same value twice on
// this contact), ConflictError (a mobile or email of another customer), NotFoundError.
Contact add_contact_point(Session& session, const std::string& contact_ref, PointKind kind, const std::string& value,
                          const std::string& label = "");
Contact change_contact_point(Session& session, const std::string& contact_ref, std::int64_t point_id,
                             const std::string& value, const std::string& label);
Contact remove_contact_point(Session& session, const std::string& contact_ref, std::int64_t point_id);

}  // namespace clientela::app
