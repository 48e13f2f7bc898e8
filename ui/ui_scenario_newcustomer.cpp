// The "newcustomer" scenario of the scripted GUI driver (clientela --ui-test newcustomer),
// issue #18 "at the counter": Nuevo cliente (Ctrl+N) takes a customer with email and
// WhatsApp consent in one dialog; it counts the dialogs opened and the clicks from the
// shortcut to the saved customer, then checks the customer is found in the list and the
// ledger holds one grant per channel with the wording shown. A mobile held by another
// customer is refused in the form (typed values kept, nothing stored); a number that asked
// for no more messages is said plainly and saving readmits it in the same transaction.
#include "edit_customer_dialog.hpp"
#include "main_frame.hpp"
#include "new_customer_dialog.hpp"
#include "contact_list_model.hpp"
#include "detail_pane.hpp"
#include "ui_test_driver.hpp"
#include "ui_test_support.hpp"

#include "app/consent_desk.hpp"
#include "app/erasure.hpp"
#include "app/new_customer.hpp"
#include "app/wording_scopes.hpp"

#include <wx/choice.h>
#include <wx/dialog.h>
#include <wx/srchctrl.h>
#include <wx/statusbr.h>

#include <map>
#include <memory>
#include <set>
#include <string>

namespace clientela::ui {

using test::find_dialog;
using test::press;
using test::say;
using test::text_of;

namespace {

struct Tally {
    int clicks = 0;
    int keys = 0;    // shortcuts pressed
    int fields = 0;  // fields typed into
    std::set<wxWindow*> dialogs;
    // Every dialog on screen now counts once (the form, and any message box it opened).
    void look() {
        for (wxWindowList::compatibility_iterator node = wxTopLevelWindows.GetFirst(); node; node = node->GetNext()) {
            if (auto* d = dynamic_cast<wxDialog*>(node->GetData()); d && d->IsShown()) dialogs.insert(d);
        }
    }
};

NewCustomerDialog* form() {
    auto* dlg = find_dialog<NewCustomerDialog>("new_customer_dialog");
    return dlg && dlg->IsShown() ? dlg : nullptr;
}

}  // namespace

void UiTestDriver::build_newcustomer() {
    auto tally = std::make_shared<Tally>();
    wait_until_ready();
    add("ctrl+n", [this, tally] {
        ++tally->keys;
        return frame_->run_shortcut('N', wxMOD_CONTROL);
    });
    add("fill the form", [tally] {
        auto* dlg = form();
        if (!dlg) return false;
        tally->look();
        dlg->type_field("name", wxString::FromUTF8("Carmen Ortiz Vega"));
        dlg->type_field("mobile", "633 21 09 87");
        dlg->type_field("email", "carmen.ortiz@example.es");
        dlg->type_field("evidence", wxString::FromUTF8("Hoja de alta n.º 71"));
        tally->fields += 4;
        // Two clicks: the Email and WhatsApp ticks; their texts are chosen already.
        if (dlg->tick(Channel::email)) ++tally->clicks;
        if (dlg->tick(Channel::whatsapp_business)) ++tally->clicks;
        for (Channel c : {Channel::email, Channel::whatsapp_business}) {
            say("newcustomer text channel=" + std::string(to_string(c)) + " wording=" + dlg->wording_name_for(c) +
                " text=\"" + text_of(dlg->wording_shown_for(c)) + "\"");
        }
        say("newcustomer readmit=\"" + text_of(dlg->readmit_shown()) + "\"");
        return true;
    });
    check_screen("newcustomer_form", [] { return static_cast<wxWindow*>(form()); });
    screenshot("newcustomer_form");
    add("save", [tally] {
        auto* dlg = form();
        if (!dlg) return false;
        tally->look();
        ++tally->clicks;
        dlg->CallAfter([dlg] { press(dlg, wxID_OK); });
        return true;
    });
    add("saved", [this, tally] {
        if (form()) return false;
        tally->look();
        const auto& search = frame_->search()->GetValue();
        auto& model = frame_->model();
        const auto* first = model.total() > 0 ? model.row(0) : nullptr;
        say("newcustomer list search=\"" + text_of(search) + "\" total=" + std::to_string(model.total()) +
            " first=\"" + (first ? first->row.display_name : std::string()) + "\" card=\"" +
            frame_->detail()->contact_name() + "\" history_rows=" +
            std::to_string(frame_->detail()->history_rows()));
        // The ledger: one grant per ticked channel, with the wording shown, by whom, evidence.
        auto& session = frame_->session();
        const auto found = session.list_contacts("carmen ortiz", 0, 5);
        if (found.size() != 1) {
            say("FAIL newcustomer not found by search: " + std::to_string(found.size()));
            return true;
        }
        const auto o = app::consent_overview(session, found[0].uuid, now_utc());
        std::map<std::int64_t, std::string> names;
        for (const auto& w : app::list_scoped_wordings(session)) names[w.wording.id] = w.name;
        for (const auto& h : o.events) {
            say("newcustomer ledger " + std::string(to_string(h.event.action)) + " channel=" +
                std::string(to_string(h.event.channel)) + " wording=" + names[h.event.wording_id] +
                " method=" + std::string(to_string(h.event.method)) + " by=" + h.event.recorded_by +
                " evidence=\"" + h.event.evidence + "\"");
        }
        say("newcustomer figures dialogs=" + std::to_string(tally->dialogs.size()) + " clicks=" +
            std::to_string(tally->clicks) + " shortcut=Ctrl+N fields=" + std::to_string(tally->fields));
        return true;
    });
    screenshot("newcustomer_saved");

    // A mobile another customer has: refused in the form, nothing stored, values kept.
    add("erase Pedro", [this] {
        auto& session = frame_->session();
        const auto rows = session.list_contacts("pedro delgado", 0, 2);
        if (rows.size() != 1) {
            say("FAIL no Pedro Delgado Morales in the demo shop");
            return true;
        }
        app::erase_contact(session, rows[0].uuid);
        frame_->refresh_list();
        return true;
    });
    add("ctrl+n again", [this] { return frame_->run_shortcut('N', wxMOD_CONTROL); });
    add("taken mobile", [this] {
        auto* dlg = form();
        if (!dlg) return false;
        const auto before = frame_->session().stats();
        dlg->type_field("name", wxString::FromUTF8("Pedro Delgado"));
        dlg->type_field("mobile", "612 34 56 78");  // Ana Núñez Pérez's
        dlg->type_field("notes", wxString::FromUTF8("Vuelve a la tienda"));
        dlg->type_field("tags", "vip, arreglos");
        dlg->type_field("evidence", wxString::FromUTF8("Hoja de alta n.º 72"));
        dlg->tick(Channel::whatsapp_business);
        press(dlg, wxID_OK);
        const auto after = frame_->session().stats();
        say("newcustomer refused still-open=" + std::string(dlg->IsShown() ? "yes" : "no") + " error=\"" +
            text_of(dlg->error_shown()) + "\" name-kept=\"" + text_of(dlg->field_value("name")) + "\" stored=" +
            std::to_string(after.contacts - before.contacts) + "+" +
            std::to_string(after.consent_events - before.consent_events));
        return true;
    });
    check_screen("newcustomer_error", [] { return static_cast<wxWindow*>(form()); });
    screenshot("newcustomer_error");
    add("suppressed mobile", [] {
        auto* dlg = form();
        if (!dlg) return false;
        dlg->type_field("mobile", "645 778 899");  // Pedro's, erased above
        say("newcustomer readmit=\"" + text_of(dlg->readmit_shown()) + "\" error=\"" + text_of(dlg->error_shown()) +
            "\"");
        return true;
    });
    check_screen("newcustomer_readmit", [] { return static_cast<wxWindow*>(form()); });
    screenshot("newcustomer_readmit");
    add("save readmit", [] {
        auto* dlg = form();
        if (!dlg) return false;
        dlg->CallAfter([dlg] { press(dlg, wxID_OK); });
        return true;
    });
    add("readmitted", [this] {
        if (form()) return false;
        auto& session = frame_->session();
        const auto found = session.list_contacts("pedro delgado", 0, 5);
        if (found.size() != 1) {
            say("FAIL readmitted customer not found: " + std::to_string(found.size()));
            return true;
        }
        const Contact c = session.contact(found[0].uuid);
        std::string tags;
        for (const auto& t : c.tags) tags += (tags.empty() ? "" : ",") + t;
        const auto o = app::consent_overview(session, c.uuid, now_utc());
        say("newcustomer readmitted name=\"" + c.display_name + "\" tags=" + tags + " notes=\"" + c.notes +
            "\" events=" + std::to_string(o.events.size()) + " still-suppressed=" +
            (app::suppression_of(session, {"645778899"}, {}) ? "yes" : "no") + " card=\"" +
            frame_->detail()->contact_name() + "\"");
        return true;
    });

    // The tag filter beside the search: alone, and combined with the search.
    add("tag filter", [this] {
        frame_->search()->ChangeValue(wxString());
        if (!frame_->set_tag_filter("vip")) {
            say("FAIL no tag vip in the filter");
            return true;
        }
        auto& model = frame_->model();
        auto* choice = dynamic_cast<wxChoice*>(wxWindow::FindWindowByName("tag_filter", frame_));
        say("newcustomer tag-filter choice=\"" + (choice ? text_of(choice->GetStringSelection()) : std::string()) +
            "\" first-entry=\"" + (choice ? text_of(choice->GetString(0)) : std::string()) + "\" total=" +
            std::to_string(model.total()) + " cell=\"" + text_of(model.text(0, ContactListModel::col_name)) + "\"");
        return true;
    });
    check_screen("newcustomer_tagfilter", [this] { return static_cast<wxWindow*>(frame_); });
    screenshot("newcustomer_tagfilter");
    add("tag and search", [this] {
        frame_->search()->ChangeValue("pedro");
        frame_->refresh_list();
        const auto with_pedro = frame_->model().total();
        frame_->search()->ChangeValue("carmen");
        frame_->refresh_list();
        say("newcustomer tag-and-search vip+pedro=" + std::to_string(with_pedro) +
            " vip+carmen=" + std::to_string(frame_->model().total()) + " status=\"" +
            text_of(frame_->GetStatusBar()->GetStatusText(1)) + "\"");
        frame_->search()->ChangeValue(wxString());
        frame_->set_tag_filter("");
        return true;
    });
    // Editar nombre, notas y etiquetas from the card: the search follows the new name.
    select_customer("Pedro Delgado");
    add("open edit", [this] {
        frame_->CallAfter([this] { frame_->detail()->edit_details(); });
        return true;
    });
    add("edit", [] {
        auto* dlg = find_dialog<EditCustomerDialog>("edit_customer_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        dlg->set_name(wxString::FromUTF8("Pedro Delgado Ruiz"));
        dlg->set_tags("vip, novios");
        return true;
    });
    check_screen("newcustomer_edit", [] {
        return static_cast<wxWindow*>(find_dialog<EditCustomerDialog>("edit_customer_dialog"));
    });
    screenshot("newcustomer_edit");
    add("save edit", [] {
        auto* dlg = find_dialog<EditCustomerDialog>("edit_customer_dialog");
        if (!dlg) return false;
        dlg->CallAfter([dlg] { press(dlg, wxID_OK); });
        return true;
    });
    add("edited", [this] {
        if (auto* dlg = find_dialog<EditCustomerDialog>("edit_customer_dialog"); dlg && dlg->IsShown()) return false;
        auto& session = frame_->session();
        say("newcustomer edited card=\"" + frame_->detail()->contact_name() + "\" search-ruiz=" +
            std::to_string(session.count_contacts("delgado ruiz")) + " tags=" +
            std::to_string(session.count_contacts("", "novios")));
        return true;
    });
}

}  // namespace clientela::ui
