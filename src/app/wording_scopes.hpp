// What each consent wording is for, and which wordings may be recorded for a grant.
// Shared by the CLI (`wording scope`, `consent grant`) and the UI (consent dialog, the
// "Textos de consentimiento" dialog in Ajustes).
//
// Contract:
// - Every wording has a scope (core/wording_scope.hpp): declared when it was added, or
//   proposed from its text (proposed = true) until the owner confirms or corrects it.
// - A grant is recorded only with a wording whose scope covers its channel, purpose and
//   basis (check_wording_for); record_consent refuses any other with WordingScopeError and
//   records nothing.
// - Correcting a scope never touches the wording or the ledger; the replaced value is kept.
#pragma once

#include "app/session.hpp"
#include "core/wording_scope.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clientela::app {

struct ScopedWording {
    ConsentWording wording;
    std::string name;
    WordingScope scope;
};

// Every wording version with its scope, oldest first.
std::vector<ScopedWording> list_scoped_wordings(Session& session);

// The scope of one wording (NotFoundError when there is no such wording).
WordingScope wording_scope(Session& session, std::int64_t wording_id);

// The owner confirms or corrects a scope: stored as not proposed, dated now, by `by`
// (empty: the first staff name). Throws WordingScopeError for a scope that cannot be
// (no channel, existing-customer basis on WhatsApp ...).
WordingScope set_wording_scope(Session& session, std::int64_t wording_id, WordingScope scope,
                               const std::string& by = "");

// Whether this wording may be recorded for a grant on (channel, purpose, basis) with the
// shop's name from the settings; nullopt when it may.
std::optional<ScopeProblem> check_grant_wording(Session& session, std::int64_t wording_id, Channel channel,
                                                Purpose purpose, LegalBasis basis);

// The wordings that pass check_grant_wording for this grant, newest first.
std::vector<ScopedWording> wordings_for(Session& session, Channel channel, Purpose purpose, LegalBasis basis);

}  // namespace clientela::app
