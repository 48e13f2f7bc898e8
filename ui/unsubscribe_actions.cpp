#include "unsubscribe_actions.hpp"

#include "app/mail_intake.hpp"
#include "app/unsubscribe.hpp"
#include "app/withdrawal.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "withdraw_dialog.hpp"

#include <wx/filedlg.h>
#include <wx/intl.h>
#include <wx/textdlg.h>

#include <filesystem>
#include <vector>

namespace clientela::ui {

namespace {

int record(wxWindow* parent, app::Session& session, const std::vector<app::UnsubscribeRequest>& requests) {
    const auto results = app::process_unsubscribes(session, requests);
    int withdrawn = 0, already = 0, unknown = 0;
    wxString names;
    for (const auto& r : results) {
        if (r.outcome == "withdrawn") {
            ++withdrawn;
            names += "\n" + wxString::FromUTF8("• ") + wxString::FromUTF8(r.contact_name);
        } else if (r.outcome == "already_withdrawn") {
            ++already;
        } else {
            ++unknown;
        }
    }
    wxString text;
    text += wxString::Format(
        _("%s; %s; %s."),
        wxString::Format(wxPLURAL("Email marketing withdrawn for %d customer", "Email marketing withdrawn for %d customers",
                                  withdrawn),
                         withdrawn),
        wxString::Format(wxPLURAL("%d had already unsubscribed", "%d had already unsubscribed", already), already),
        wxString::Format(wxPLURAL("%d address belongs to no customer", "%d addresses belong to no customer", unknown),
                         unknown));
    show_info(parent, _("Unsubscribes recorded"), text + names);
    return withdrawn;
}

}  // namespace

int record_unsubscribe_address(wxWindow* parent, app::Session& session, const wxString& address) {
    try {
        return record(parent, session, {{address.utf8_string(), "unsubscribe request typed in the app"}});
    } catch (const std::exception& e) {
        show_error(parent, _("Cannot record the unsubscribe"), e);
        return 0;
    }
}

int record_unsubscribes_in_mailbox(wxWindow* parent, app::Session& session, const wxString& path) {
    try {
        // Read whole and classified like `unsubscribe --mbox/--maildir` (README, How replies are read).
        const std::string where = path.utf8_string();
        std::error_code ec;
        const auto mails = std::filesystem::is_directory(where, ec) ? app::read_maildir(where) : app::read_mbox(where);
        const app::IntakeReport r = app::take_in(session, mails);
        wxString names;
        for (const auto& item : r.items) {
            if (item.outcome == "withdrawn") names += "\n" + wxString::FromUTF8("• ") + wxString::FromUTF8(item.contact_name);
        }
        wxString text = wxString::Format(_("%zu messages read: email marketing withdrawn for %zu customers; %zu had "
                                           "already unsubscribed; %zu addresses belong to no customer; %zu replies "
                                           "wait for your decision; %zu bounces; %zu ignored; %zu read before."),
                                         r.read, r.withdrawn, r.already_withdrawn, r.unknown_address + r.invalid_address,
                                         r.pending, r.bounces_hard + r.bounces_soft, r.ignored, r.duplicates);
        show_info(parent, _("Unsubscribes recorded"), text + names);
        return static_cast<int>(r.withdrawn);
    } catch (const std::exception& e) {
        show_error(parent, _("Cannot record the unsubscribes"), e);
        return 0;
    }
}

int ask_unsubscribe_address(wxWindow* parent, app::Session& session) {
    wxTextEntryDialog dlg(parent, _("Email address of the customer who asked to unsubscribe:"),
                          _("Record an unsubscribe"));
    translate_standard_buttons(&dlg);
    if (auto* ok = dlg.FindWindow(wxID_OK)) ok->SetLabel(_("Find the customer"));
    if (dlg.ShowModal() != wxID_OK || dlg.GetValue().Trim().empty()) return 0;
    const wxString address = dlg.GetValue().Trim(true).Trim(false);
    std::vector<Contact> owners;
    try {
        owners = app::customers_with_email(session, to_utf8(address));
    } catch (const std::exception& e) {
        show_error(parent, _("Cannot record the unsubscribe"), e);
        return 0;
    }
    // Nobody has it (or it is not an address): the usual report says so, nothing recorded.
    if (owners.empty()) return record_unsubscribe_address(parent, session, address);
    // Confirm first, per customer: how they asked, who records it, and maybe every channel.
    int withdrawn = 0;
    for (const auto& c : owners) {
        WithdrawDialog confirm(parent, session, c, {{Channel::email, Purpose::marketing}}, ConsentMethod::email_reply,
                               wxString::Format(_("Unsubscribe request for %s typed in the app"), address));
        if (confirm.ShowModal() != wxID_OK) continue;
        withdrawn += static_cast<int>(confirm.recorded().size());
    }
    return withdrawn;
}

int ask_unsubscribe_mailbox(wxWindow* parent, app::Session& session) {
    wxFileDialog dlg(parent, _("Mailbox with the replies (mbox file saved from the mail program)"), wxString(),
                     wxString(), _("Mailbox (*.mbox;*.mbx)|*.mbox;*.mbx|All files|*"), wxFD_OPEN | wxFD_FILE_MUST_EXIST);
    if (dlg.ShowModal() != wxID_OK) return 0;
    return record_unsubscribes_in_mailbox(parent, session, dlg.GetPath());
}

}  // namespace clientela::ui
