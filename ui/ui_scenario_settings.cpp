// The "settings" scenario of the scripted GUI driver (clientela --ui-test settings): the
// Ajustes pages Buzón and WhatsApp Business against real local servers that
// tests/ui/settings_scenario_test.sh starts (dovecot: CLIENTELA_TEST_IMAP_PORT, _USER,
// _PASSWORD; tests/servers/whatsapp_fake.py: CLIENTELA_TEST_WHATSAPP_URL, _ID, _TOKEN).
// - Buzón: "Probar" with a wrong password says so in Spanish; with the right one it says how
//   many messages the folder has, and nothing is read.
// - WhatsApp Business: "Probar" with a wrong token says so; with the right one it shows the
//   business number and its verified name.
// - Saved (OK): the settings are where `mailbox show` / `whatsapp show` read them, the
//   password and token in the secret store; reopened, the pages show the settings, say that
//   a password and a token are stored, never show them, and "Probar" with the field left
//   empty uses the stored one.
#include "main_frame.hpp"
#include "settings_dialog.hpp"
#include "ui_test_driver.hpp"
#include "ui_test_support.hpp"

#include "app/mailbox_config.hpp"
#include "app/outreach_config.hpp"
#include "app/secret_store.hpp"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/notebook.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>

#include <cstdlib>
#include <functional>
#include <string>

namespace clientela::ui {

using test::find_dialog;
using test::press;
using test::say;
using test::text_of;

namespace {

std::string env(const char* name) {
    const char* v = std::getenv(name);
    return v ? v : "";
}

SettingsDialog* settings_window() {
    auto* dlg = find_dialog<SettingsDialog>("settings_dialog");
    return dlg && dlg->IsShown() ? dlg : nullptr;
}

wxString text_value(wxWindow* parent, const char* name) {
    auto* text = dynamic_cast<wxTextCtrl*>(parent->FindWindow(name));
    return text ? text->GetValue() : wxString("<missing>");
}

// What a person reads on a page (labels, buttons, the security chosen), for the English-words
// check of spanish_text_test.sh.
void print_texts(const std::string& where, wxWindow* w) {
    if (!w || !w->IsShown()) return;
    wxString text;
    if (auto* s = dynamic_cast<wxStaticText*>(w)) text = s->GetLabel();
    if (auto* b = dynamic_cast<wxButton*>(w)) text = b->GetLabel();
    if (auto* c = dynamic_cast<wxChoice*>(w)) text = c->GetStringSelection();
    if (auto* t = dynamic_cast<wxTextCtrl*>(w)) text = t->GetHint();
    if (!text.empty()) say("label " + where + " text=" + text_of(text));
    for (wxWindow* child : w->GetChildren()) print_texts(where, child);
}

MailboxSettings local_mailbox() {
    MailboxSettings m;
    m.host = "127.0.0.1";
    m.port = std::atoi(env("CLIENTELA_TEST_IMAP_PORT").c_str());
    m.security = "none";
    m.user = env("CLIENTELA_TEST_IMAP_USER");
    m.folder = "INBOX";
    return m;
}

}  // namespace

void UiTestDriver::build_settings() {
    wait_until_ready();
    add("open settings", [this] {
        for (const char* name : {"CLIENTELA_TEST_IMAP_PORT", "CLIENTELA_TEST_IMAP_USER", "CLIENTELA_TEST_IMAP_PASSWORD",
                                 "CLIENTELA_TEST_WHATSAPP_URL", "CLIENTELA_TEST_WHATSAPP_ID",
                                 "CLIENTELA_TEST_WHATSAPP_TOKEN"}) {
            if (env(name).empty()) {
                fail(std::string(name) + " is not set: run this scenario through tests/ui/settings_scenario_test.sh");
            }
        }
        frame_->CallAfter([this] { frame_->open_settings(); });
        return true;
    });
    add("pages", [] {
        auto* dlg = settings_window();
        if (!dlg) return false;
        auto* book = dynamic_cast<wxNotebook*>(dlg->FindWindow("settings_pages"));
        std::string tabs;
        for (std::size_t i = 0; book && i < book->GetPageCount(); ++i) {
            tabs += (i ? " | " : "") + book->GetPageText(i).utf8_string();
        }
        say("settings pages=\"" + tabs + "\"");
        say("settings before mailbox_password=\"" + text_of(dlg->mailbox_password_state()) + "\" whatsapp_token=\"" +
            text_of(dlg->whatsapp_token_state()) + "\"");
        return true;
    });

    // Buzón: a wrong password first, then the right one.
    auto mailbox_check = [this](const std::string& label, std::function<std::string()> password) {
        add("mailbox form " + label, [password] {
            auto* dlg = settings_window();
            if (!dlg) return false;
            dlg->show_page("settings_mailbox");
            dlg->set_mailbox_form(local_mailbox(), wxString::FromUTF8(password()));
            dlg->check_mailbox();
            return true;
        });
        add("mailbox checked " + label, [label] {
            auto* dlg = settings_window();
            if (dlg->mailbox_checking() || !dlg->mailbox_check_ok()) return false;
            say("settings mailbox " + label + " ok=" + (*dlg->mailbox_check_ok() ? "yes" : "no") + " text=\"" +
                text_of(dlg->mailbox_result_text()) + "\"");
            return true;
        });
    };
    mailbox_check("wrong", [] { return std::string("mala"); });
    check_screen("settings_mailbox", [] { return settings_window(); });
    screenshot("settings_mailbox_wrong");
    mailbox_check("right", [] { return env("CLIENTELA_TEST_IMAP_PASSWORD"); });
    screenshot("settings_mailbox_right");
    add("mailbox texts", [] {
        print_texts("settings_mailbox", settings_window()->FindWindow("settings_mailbox"));
        return true;
    });

    // WhatsApp Business: a wrong token first, then the right one.
    auto whatsapp_check = [this](const std::string& label, std::function<std::string()> token) {
        add("whatsapp form " + label, [token] {
            auto* dlg = settings_window();
            if (!dlg) return false;
            dlg->show_page("settings_whatsapp");
            dlg->set_whatsapp_form(wxString::FromUTF8(env("CLIENTELA_TEST_WHATSAPP_URL")),
                                   wxString::FromUTF8(env("CLIENTELA_TEST_WHATSAPP_ID")), wxString::FromUTF8(token()));
            dlg->check_whatsapp();
            return true;
        });
        add("whatsapp checked " + label, [label] {
            auto* dlg = settings_window();
            if (dlg->whatsapp_checking() || !dlg->whatsapp_check_ok()) return false;
            say("settings whatsapp " + label + " ok=" + (*dlg->whatsapp_check_ok() ? "yes" : "no") + " text=\"" +
                text_of(dlg->whatsapp_result_text()) + "\"");
            return true;
        });
    };
    whatsapp_check("wrong", [] { return std::string("EAAmala"); });
    check_screen("settings_whatsapp", [] { return settings_window(); });
    screenshot("settings_whatsapp_wrong");
    whatsapp_check("right", [] { return env("CLIENTELA_TEST_WHATSAPP_TOKEN"); });
    screenshot("settings_whatsapp_right");
    add("whatsapp texts", [] {
        print_texts("settings_whatsapp", settings_window()->FindWindow("settings_whatsapp"));
        return true;
    });

    // Saved as a person does (OK): the settings where the CLI reads them, the secrets in its store.
    add("save settings", [] {
        auto* dlg = settings_window();
        return dlg && press(dlg, wxID_OK);
    });
    add("settings saved", [this] {
        if (find_dialog<SettingsDialog>("settings_dialog")) return false;  // still closing
        const MailboxSettings m = app::mailbox_settings(frame_->session());
        const OutreachSettings o = app::outreach_settings(frame_->session());
        const app::SecretStore secrets;
        const auto password = secrets.get(app::kMailboxPasswordKey);
        const auto token = secrets.get(app::kWhatsAppTokenKey);
        say("settings saved mailbox host=" + m.host + " port_ok=" +
            (std::to_string(m.port) == env("CLIENTELA_TEST_IMAP_PORT") ? "yes" : "no") + " security=" + m.security +
            " user=" + m.user + " folder=" + m.folder +
            " password=" + (!password ? "none" : *password == env("CLIENTELA_TEST_IMAP_PASSWORD") ? "as typed" : "other"));
        say("settings saved whatsapp id=" + o.whatsapp_phone_number_id + " url_ok=" +
            (o.whatsapp_base_url == env("CLIENTELA_TEST_WHATSAPP_URL") ? "yes" : "no") +
            " token=" + (!token ? "none" : *token == env("CLIENTELA_TEST_WHATSAPP_TOKEN") ? "as typed" : "other"));
        return true;
    });

    // Reopened: the settings shown, the secrets said to be stored and never shown.
    add("reopen settings", [this] {
        frame_->CallAfter([this] { frame_->open_settings(); });
        return true;
    });
    add("reopened", [] {
        auto* dlg = settings_window();
        if (!dlg) return false;
        dlg->show_page("settings_mailbox");
        const MailboxSettings m = dlg->mailbox_form();
        say("settings reopened mailbox host=" + m.host + " security=" + m.security + " user=" + m.user +
            " folder=" + m.folder + " password_field=\"" + text_of(text_value(dlg, "mailbox_password")) +
            "\" state=\"" + text_of(dlg->mailbox_password_state()) + "\"");
        say("settings reopened whatsapp id=" + text_of(text_value(dlg, "whatsapp_phone_number_id")) +
            " token_field=\"" + text_of(text_value(dlg, "whatsapp_token")) + "\" state=\"" +
            text_of(dlg->whatsapp_token_state()) + "\"");
        dlg->check_mailbox();  // the password field is empty: the stored one is used
        return true;
    });
    add("reopened mailbox checked", [] {
        auto* dlg = settings_window();
        if (dlg->mailbox_checking() || !dlg->mailbox_check_ok()) return false;
        say(std::string("settings reopened mailbox check ok=") + (*dlg->mailbox_check_ok() ? "yes" : "no") +
            " text=\"" + text_of(dlg->mailbox_result_text()) + "\"");
        return true;
    });
    check_screen("settings_mailbox_reopened", [] { return settings_window(); });
    screenshot("settings_mailbox_reopened");
    add("reopened whatsapp", [] {
        auto* dlg = settings_window();
        dlg->show_page("settings_whatsapp");
        dlg->check_whatsapp();  // the token field is empty: the stored one is used
        return true;
    });
    add("reopened whatsapp checked", [] {
        auto* dlg = settings_window();
        if (dlg->whatsapp_checking() || !dlg->whatsapp_check_ok()) return false;
        say(std::string("settings reopened whatsapp check ok=") + (*dlg->whatsapp_check_ok() ? "yes" : "no") +
            " text=\"" + text_of(dlg->whatsapp_result_text()) + "\"");
        return true;
    });
    screenshot("settings_whatsapp_reopened");
    add("close settings", [] {
        auto* dlg = settings_window();
        return dlg && press(dlg, wxID_CANCEL);
    });
    add("closed", [] { return !find_dialog<SettingsDialog>("settings_dialog"); });
}

}  // namespace clientela::ui
