// The "consent" scenario of the scripted GUI driver (clientela --ui-test consent), issue
// #17 "wrong records": with Email and WhatsApp ticked each channel shows the text that will
// be recorded for it; a channel without a fitting text blocks Record with the reason; the
// ledger then holds the right wording per channel; a withdrawal records how the customer
// asked and who recorded it; Ajustes lists every wording with what it is for.
#include "consent_dialog.hpp"
#include "detail_pane.hpp"
#include "main_frame.hpp"
#include "ui_test_driver.hpp"
#include "ui_test_support.hpp"
#include "withdraw_dialog.hpp"
#include "unsubscribe_actions.hpp"
#include "wording_dialog.hpp"

#include "app/wording_scopes.hpp"

#include <wx/button.h>
#include <wx/textdlg.h>

#include <iostream>
#include <memory>
#include <string>

namespace clientela::ui {

using test::find_dialog;
using test::text_of;
using test::press;
using test::say;

namespace {

}  // namespace

void UiTestDriver::build_consent() {
    wait_until_ready();
    select_customer("Lucía Jiménez Díaz");
    add("open consent dialog", [this] {
        frame_->CallAfter([this] { frame_->detail()->open_consent_dialog(); });
        return true;
    });
    add("tick email and whatsapp", [] {
        auto* dlg = find_dialog<ConsentDialog>("consent_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        dlg->set_channels({Channel::email, Channel::whatsapp_business});
        say(std::string("consent basis-enabled=") + (dlg->basis_enabled() ? "yes" : "no"));
        for (Channel c : {Channel::email, Channel::whatsapp_business}) {
            say("consent text channel=" + std::string(to_string(c)) + " wording=" + dlg->wording_name_for(c) +
                " text=\"" + text_of(dlg->wording_shown_for(c)) + "\"");
        }
        // Texts that do not fit are not offered for WhatsApp.
        say(std::string("consent offered whatsapp email-ofertas=") +
            (dlg->select_wording_for(Channel::whatsapp_business, "email-ofertas") ? "yes" : "no") +
            " sms-cliente=" + (dlg->select_wording_for(Channel::whatsapp_business, "sms-cliente") ? "yes" : "no"));
        dlg->set_evidence(wxString::FromUTF8("Hoja de alta n.º 58, carpeta azul"));
        return true;
    });
    screenshot("consent_two_channels");
    add("service has no email text", [] {
        auto* dlg = find_dialog<ConsentDialog>("consent_dialog");
        if (!dlg) return false;
        dlg->set_purpose(Purpose::service);
        say("consent service whatsapp=" + dlg->wording_name_for(Channel::whatsapp_business) + " email-problem=\"" +
            text_of(dlg->problem_shown_for(Channel::email)) + "\"");
        press(dlg, wxID_OK);  // blocked: the reason is shown, nothing recorded
        say("consent blocked still-open=" + std::string(dlg->IsShown() ? "yes" : "no") +
            " recorded=" + std::to_string(dlg->recorded().size()));
        return true;
    });
    screenshot("consent_blocked");
    add("record marketing", [] {
        auto* dlg = find_dialog<ConsentDialog>("consent_dialog");
        if (!dlg) return false;
        dlg->set_purpose(Purpose::marketing);
        dlg->set_channels({Channel::email, Channel::whatsapp_business});
        return press(dlg, wxID_OK);
    });
    add("ledger per channel", [this] {
        if (auto* dlg = find_dialog<ConsentDialog>("consent_dialog"); dlg && dlg->IsShown()) return false;
        auto& session = frame_->session();
        for (const auto& e : session.ledger().history(frame_->detail()->contact_uuid())) {
            if (e.action != ConsentAction::grant) continue;
            say("ledger grant channel=" + std::string(to_string(e.channel)) +
                " wording=" + session.ledger().wording_name(e.wording_id) + " basis=" +
                std::string(to_string(e.basis)) + " by=" + e.recorded_by);
        }
        return true;
    });

    // Withdraw WhatsApp: how the customer asked, who records it.
    add("open withdraw", [this] {
        if (!frame_->detail()->select_consent(Channel::whatsapp_business, Purpose::marketing)) {
            fail("no WhatsApp marketing row in the consent table");
        }
        frame_->CallAfter([this] { frame_->detail()->withdraw_selected(); });
        return true;
    });
    add("fill withdraw", [] {
        auto* dlg = find_dialog<WithdrawDialog>("withdraw_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        dlg->set_method(ConsentMethod::whatsapp_reply);
        dlg->set_recorded_by(wxString::FromUTF8("Andrés"));
        say("withdraw summary=\"" + text_of(dlg->summary()) + "\" ok=\"" + text_of(dlg->FindWindow(wxID_OK)->GetLabel()) +
            "\" cancel=\"" + text_of(dlg->FindWindow(wxID_CANCEL)->GetLabel()) + "\"");
        return true;
    });
    screenshot("withdraw_dialog");
    add("press withdraw", [] {
        auto* dlg = find_dialog<WithdrawDialog>("withdraw_dialog");
        return dlg && press(dlg, wxID_OK);
    });
    add("withdrawn", [this] {
        if (find_dialog<WithdrawDialog>("withdraw_dialog")) return false;
        for (const auto& e : frame_->detail()->last_recorded()) {
            say("ledger withdraw channel=" + std::string(to_string(e.channel)) + " method=" +
                std::string(to_string(e.method)) + " by=" + e.recorded_by);
        }
        return true;
    });
    // Email too, with "all channels": the staff name is remembered, WhatsApp is not repeated.
    add("open withdraw all", [this] {
        if (!frame_->detail()->select_consent(Channel::email, Purpose::marketing)) fail("no email marketing row");
        frame_->CallAfter([this] { frame_->detail()->withdraw_selected(); });
        return true;
    });
    add("withdraw all", [] {
        auto* dlg = find_dialog<WithdrawDialog>("withdraw_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        dlg->set_method(ConsentMethod::phone_request);
        dlg->set_all_channels(true);
        say("withdraw-all summary=\"" + text_of(dlg->summary()) + "\"");
        return press(dlg, wxID_OK);
    });
    add("withdrawn all", [this] {
        if (find_dialog<WithdrawDialog>("withdraw_dialog")) return false;
        for (const auto& e : frame_->detail()->last_recorded()) {
            say("ledger withdraw channel=" + std::string(to_string(e.channel)) + " method=" +
                std::string(to_string(e.method)) + " by=" + e.recorded_by);
        }
        return true;
    });

    // Campañas > Registrar una baja: the address, then the same confirmation, all channels.
    add("open unsubscribe", [this] {
        frame_->CallAfter([this] {
            const int n = ask_unsubscribe_address(frame_, frame_->session());
            say("unsubscribe withdrawn=" + std::to_string(n));
        });
        return true;
    });
    add("type address", [] {
        wxTextEntryDialog* entry = nullptr;
        for (wxWindow* w : wxTopLevelWindows) {
            if (auto* t = dynamic_cast<wxTextEntryDialog*>(w); t && t->IsShown()) entry = t;
        }
        if (!entry) return false;
        entry->SetValue("ana.nunez@example.es");
        return press(entry, wxID_OK);
    });
    add("confirm unsubscribe", [] {
        auto* dlg = find_dialog<WithdrawDialog>("withdraw_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        say("unsubscribe-confirm title=\"" + text_of(dlg->GetTitle()) + "\" summary=\"" + text_of(dlg->summary()) + "\"");
        dlg->set_all_channels(true);
        say("unsubscribe-confirm all summary=\"" + text_of(dlg->summary()) + "\"");
        return true;
    });
    screenshot("unsubscribe_confirm");
    add("press withdraw unsubscribe", [] {
        auto* dlg = find_dialog<WithdrawDialog>("withdraw_dialog");
        return dlg && press(dlg, wxID_OK);
    });
    add("unsubscribed", [this] {
        if (find_dialog<WithdrawDialog>("withdraw_dialog")) return false;
        auto& session = frame_->session();
        const auto ana = app::customers_with_email(session, "ana.nunez@example.es");
        if (ana.empty()) fail("no customer with ana.nunez@example.es");
        const auto history = session.ledger().history(ana.front().uuid);
        for (const auto& e : history) {
            if (e.action == ConsentAction::withdraw && e.recorded_by == "Andrés") {
                say("ledger unsubscribe channel=" + std::string(to_string(e.channel)) + " method=" +
                    std::string(to_string(e.method)));
            }
        }
        return true;
    });

    // Ajustes > Textos de consentimiento.
    add("open wordings", [this] {
        frame_->CallAfter([this] {
            WordingDialog dlg(frame_, frame_->session());
            dlg.ShowModal();
        });
        return true;
    });
    add("wordings shown", [] {
        auto* dlg = find_dialog<WordingDialog>("wording_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        for (int i = 0; i < dlg->rows(); ++i) say("wordings row=\"" + text_of(dlg->row_text(i)) + "\"");
        return true;
    });
    screenshot("wording_dialog");
    add("close wordings", [] {
        auto* dlg = find_dialog<WordingDialog>("wording_dialog");
        return dlg && press(dlg, wxID_CLOSE);
    });
    add("wordings closed", [] { return find_dialog<WordingDialog>("wording_dialog") == nullptr; });
}

}  // namespace clientela::ui
