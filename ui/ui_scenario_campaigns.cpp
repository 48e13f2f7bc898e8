// The "campaigns" scenario of the scripted GUI driver (clientela --ui-test campaigns): the
// Campaigns window end to end, sending through a real local SMTP server that
// tests/ui/campaign_scenario_test.sh starts (smtp_sink.py; its port in
// CLIENTELA_TEST_SMTP_PORT) and whose received mails it counts afterwards.
// - Ajustes > Correo: "Probar conexión" with a wrong password says so in Spanish; with the
//   right one it works; saved, the password goes to the secret store.
// - New campaign through the form; the list shows it, not sent yet.
// - Preview: who gets it, who not, counted per reason.
// - "Send me a test": one copy to the shop's sender address, [PRUEBA] in the subject.
// - Send, then Stop after the first customer's outcome: the run stops between messages
//   (a rate of 120 a minute leaves half a second between them), the rest are not
//   attempted; Send again sends only the rest.
// - Close and reopen the window, choose the campaign: every customer's message is there.
#include "campaigns_dialog.hpp"
#include "main_frame.hpp"
#include "settings_dialog.hpp"
#include "ui_test_driver.hpp"
#include "ui_test_support.hpp"

#include "app/outreach_config.hpp"
#include "app/secret_store.hpp"

#include <wx/textctrl.h>

#include <cstdlib>
#include <memory>
#include <string>

namespace clientela::ui {

using test::click;
using test::find_dialog;
using test::press;
using test::say;
using test::text_of;

namespace {

constexpr const char* kName = "Rebajas de invierno";

CampaignsDialog* campaigns_window() {
    auto* dlg = find_dialog<CampaignsDialog>("campaigns_dialog");
    return dlg && dlg->IsShown() ? dlg : nullptr;
}

bool set_text(wxWindow* parent, const char* name, const wxString& value) {
    auto* text = dynamic_cast<wxTextCtrl*>(parent->FindWindow(name));
    if (!text) return false;
    text->SetValue(value);
    return true;
}

}  // namespace

void UiTestDriver::build_campaigns() {
    wait_until_ready();
    // Ajustes > Correo: the local server, a wrong password first ("Probar conexión" says so),
    // then the right one, saved as a person does (the password goes to the secret store).
    add("open settings", [this] {
        if (!std::getenv("CLIENTELA_TEST_SMTP_PORT")) {
            fail("CLIENTELA_TEST_SMTP_PORT is not set: run this scenario through tests/ui/campaign_scenario_test.sh");
        }
        frame_->CallAfter([this] { frame_->open_settings(); });
        return true;
    });
    auto check_with = [this](const char* label, const char* password) {
        add(std::string("smtp form ") + label, [password] {
            auto* dlg = find_dialog<SettingsDialog>("settings_dialog");
            if (!dlg || !dlg->IsShown()) return false;
            dlg->show_page("settings_email");
            OutreachSettings s;
            s.smtp_host = "127.0.0.1";
            s.smtp_port = std::atoi(std::getenv("CLIENTELA_TEST_SMTP_PORT"));
            s.smtp_security = "none";
            s.smtp_user = "tienda";
            s.from_address = "tienda@aguja.test";
            dlg->set_email_form(s, password);
            dlg->check_smtp();
            return true;
        });
        add(std::string("smtp checked ") + label, [label] {
            auto* dlg = find_dialog<SettingsDialog>("settings_dialog");
            if (dlg->smtp_checking() || !dlg->smtp_check_ok()) return false;
            say(std::string("settings smtp ") + label + " ok=" + (*dlg->smtp_check_ok() ? "yes" : "no") +
                " text=\"" + text_of(dlg->smtp_result_text()) + "\"");
            return true;
        });
    };
    check_with("wrong", "mala");
    check_screen("settings_email", [] { return find_dialog<SettingsDialog>("settings_dialog"); });
    screenshot("settings_email_wrong");
    check_with("right", "s3cret");
    screenshot("settings_email_right");
    add("save settings", [] {
        auto* dlg = find_dialog<SettingsDialog>("settings_dialog");
        return dlg && press(dlg, wxID_OK);
    });
    add("settings saved", [this] {
        if (find_dialog<SettingsDialog>("settings_dialog")) return false;  // still closing
        const OutreachSettings s = app::outreach_settings(frame_->session());
        say("settings smtp saved host=" + s.smtp_host + " user=" + s.smtp_user + " from=" + s.from_address +
            " password_stored=" + (app::SecretStore{}.get(app::kSmtpPasswordKey) ? "yes" : "no"));
        // Half a second between messages (`smtp set --rate 120`): Detener, pressed when the
        // first outcome shows, lands while the run waits for the second one's turn.
        OutreachSettings faster = s;
        faster.rate_per_minute = 120;
        app::save_outreach_settings(frame_->session(), faster);
        return true;
    });
    add("open campaigns", [this] {
        frame_->CallAfter([this] { frame_->open_campaigns(); });
        return true;
    });
    add("press new", [] {
        auto* dlg = campaigns_window();
        if (!dlg) return false;
        say("campaigns opened rows=" + std::to_string(dlg->campaign_rows()));
        dlg->CallAfter([dlg] { click(dlg->FindWindow("campaign_new")); });  // the form is modal
        return true;
    });
    add("fill the form", [] {
        auto* form = find_dialog<NewCampaignDialog>("new_campaign_dialog");
        if (!form || !form->IsShown()) return false;
        return set_text(form, "campaign_name", wxString::FromUTF8(kName)) &&
               set_text(form, "campaign_subject", wxString::FromUTF8("¡Rebajas, {nombre}!")) &&
               set_text(form, "campaign_text",
                        wxString::FromUTF8("Hola {nombre}:\nEsta semana, botones y lanas al 30 %.\n"));
    });
    check_screen("new_campaign", [] { return find_dialog<NewCampaignDialog>("new_campaign_dialog"); });
    screenshot("campaign_new");
    add("save the form", [] {
        auto* form = find_dialog<NewCampaignDialog>("new_campaign_dialog");
        return form && press(form, wxID_OK);
    });
    add("created", [] {
        if (find_dialog<NewCampaignDialog>("new_campaign_dialog")) return false;  // still closing
        auto* dlg = campaigns_window();
        if (!dlg || !dlg->chosen()) return false;
        say("campaigns created name=" + dlg->chosen()->name + " rows=" + std::to_string(dlg->campaign_rows()) +
            " row=\"" + text_of(dlg->campaign_row(0)) + "\"");
        return true;
    });

    add("preview", [] {
        auto* dlg = campaigns_window();
        dlg->preview();
        if (!dlg->last_preview()) {
            say("FAIL preview: " + dlg->last_error());
            return true;
        }
        const auto& p = *dlg->last_preview();
        say("campaigns preview included=" + std::to_string(p.audience.included.size()) + " excluded=" +
            std::to_string(p.audience.excluded.size()) + " rows=" + std::to_string(dlg->recipient_rows()) +
            " reasons=\"" + text_of(dlg->reason_counts_text()) + "\"");
        // For the script: the mails the sink must hold at the end, besides the test copy.
        say("campaigns expect_mails=" + std::to_string(p.audience.included.size()));
        return true;
    });
    check_screen("campaigns_preview", [] { return campaigns_window(); });
    screenshot("campaign_preview");

    add("send a test", [] {
        campaigns_window()->send_test();
        return true;
    });
    add("test sent", [] {
        auto* dlg = campaigns_window();
        if (dlg->busy()) return false;
        if (!dlg->last_test()) {
            say("FAIL test copy: " + dlg->last_error());
            return true;
        }
        say("campaigns test to=" + dlg->last_test()->to + " subject=\"" + dlg->last_test()->subject +
            "\" state=\"" + text_of(dlg->state_text()) + "\"");
        return true;
    });

    add("send", [] {
        campaigns_window()->send();
        return true;
    });
    add("stop after the first", [] {
        auto* dlg = campaigns_window();
        if (dlg->outcomes_seen() < 1) return false;
        dlg->stop();
        return true;
    });
    add("stopped", [] {
        auto* dlg = campaigns_window();
        if (dlg->busy() || !dlg->last_report()) return false;
        const auto& r = *dlg->last_report();
        say("campaigns stopped sent=" + std::to_string(r.sent) + " not_attempted=" +
            std::to_string(r.not_attempted) + " interrupted=" + (r.interrupted ? "yes" : "no") + " state=\"" +
            text_of(dlg->state_text()) + "\"");
        return true;
    });
    check_screen("campaigns_stopped", [] { return campaigns_window(); });
    screenshot("campaign_stopped");
    add("send the rest", [] {
        campaigns_window()->send();
        return true;
    });
    add("sent", [] {
        auto* dlg = campaigns_window();
        if (dlg->busy() || !dlg->last_report()) return false;
        const auto& r = *dlg->last_report();
        say("campaigns resumed sent=" + std::to_string(r.sent) + " already=" + std::to_string(r.skipped_sent) +
            " not_attempted=" + std::to_string(r.not_attempted) + " failed=" + std::to_string(r.failed) +
            " rows=" + std::to_string(dlg->recipient_rows()));
        return true;
    });
    screenshot("campaign_sent");
    add("close", [] {
        auto* dlg = campaigns_window();
        return dlg && press(dlg, wxID_CLOSE);
    });

    add("reopen", [this] {
        if (find_dialog<CampaignsDialog>("campaigns_dialog")) return false;  // still closing
        frame_->CallAfter([this] { frame_->open_campaigns(); });
        return true;
    });
    add("choose the campaign", [] {
        auto* dlg = campaigns_window();
        if (!dlg) return false;
        if (!dlg->choose(kName)) {
            say("FAIL the campaign is not in the list");
            return true;
        }
        int sent = 0;
        for (long i = 0; i < dlg->recipient_rows(); ++i) {
            if (dlg->recipient_row(i).Contains(" | Enviado |") || dlg->recipient_row(i).Contains(" | Sent |")) ++sent;
        }
        say("campaigns reopened rows=" + std::to_string(dlg->recipient_rows()) + " sent_rows=" +
            std::to_string(sent) + " list=\"" + text_of(dlg->campaign_row(0)) + "\" state=\"" +
            text_of(dlg->state_text()) + "\"");
        return true;
    });
    check_screen("campaigns_reopened", [] { return campaigns_window(); });
    screenshot("campaign_reopened");
    add("close again", [] {
        auto* dlg = campaigns_window();
        return dlg && press(dlg, wxID_CLOSE);
    });
    add("closed", [] { return find_dialog<CampaignsDialog>("campaigns_dialog") == nullptr; });
}

}  // namespace clientela::ui
