// "Campaigns > Record unsubscribes": customers who answered BAJA (one address typed in, or a
// mailbox of replies saved from the mail program) get their email marketing consent
// withdrawn in the ledger, method email_reply.
#pragma once

#include "app/session.hpp"

#include <wx/string.h>

class wxWindow;

namespace clientela::ui {

// Records the requests and tells what happened; returns how many consents were withdrawn.
int record_unsubscribe_address(wxWindow* parent, app::Session& session, const wxString& address);
int record_unsubscribes_in_mailbox(wxWindow* parent, app::Session& session, const wxString& path);

// The same, asking for the address or the mailbox first.
int ask_unsubscribe_address(wxWindow* parent, app::Session& session);
int ask_unsubscribe_mailbox(wxWindow* parent, app::Session& session);

}  // namespace clientela::ui
