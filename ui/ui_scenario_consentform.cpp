// The "consentform" scenario of the scripted GUI driver (clientela --ui-test consentform),
// issue #18 "printable consent form": the card's button prints the customer's form (a PDF
// with its code), a blank form prints too; in Record consent the signed form's code is
// checked as it is typed (mistyped and unknown codes in red), a scan is attached, and the
// grants are recorded with the code and the scan's SHA-256 as their evidence.
#include "consent_dialog.hpp"
#include "consent_form_actions.hpp"
#include "detail_pane.hpp"
#include "main_frame.hpp"
#include "ui_test_driver.hpp"
#include "ui_test_support.hpp"

#include "app/consent_forms.hpp"
#include "core/form_code.hpp"
#include "core/wording_scope.hpp"

#include <wx/button.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <unistd.h>

namespace clientela::ui {

using test::find_dialog;
using test::press;
using test::say;
using test::text_of;

namespace {

struct FormState {
    std::filesystem::path dir;
    std::string code;  // canonical code of the customer's form
    ~FormState() {
        std::error_code ec;
        if (!dir.empty()) std::filesystem::remove_all(dir, ec);
    }
};

std::string head_of(const std::filesystem::path& file) {
    std::ifstream in(file, std::ios::binary);
    std::string head(5, '\0');
    in.read(head.data(), 5);
    return head;
}

}  // namespace

void UiTestDriver::build_consentform() {
    auto state = std::make_shared<FormState>();
    state->dir = std::filesystem::temp_directory_path() / ("clientela-consentform-" + std::to_string(::getpid()));
    std::filesystem::create_directories(state->dir);
    wait_until_ready();
    select_customer("Lucía Jiménez Díaz");
    add("card button", [this] {
        auto* button = frame_->detail()->FindWindow("print_consent_form");
        say("consentform card-button=\"" + (button ? text_of(button->GetLabel()) : std::string("none")) +
            "\" enabled=" + (button && button->IsEnabled() ? "yes" : "no"));
        return true;
    });
    screenshot("consentform_card");
    add("print the customer's form", [this, state] {
        const auto pdf = state->dir / "lucia.pdf";
        const wxString code = print_consent_form_to(frame_, frame_->session(), frame_->detail()->contact_uuid(),
                                                    wxString::FromUTF8(pdf.string()));
        state->code = read_form_code(code.utf8_string()).code;
        const auto d = app::consent_form_details(frame_->session(), state->code);
        say("consentform printed valid=" + std::string(read_form_code(state->code).ok() ? "yes" : "no") +
            " pdf=" + (head_of(pdf) == "%PDF-" ? "yes" : "no") + " for=" + d.contact_name +
            " channels=" + channels_to_string(d.form.channels));
        return true;
    });
    add("print a blank form", [this, state] {
        const auto pdf = state->dir / "blank.pdf";
        const wxString code = print_consent_form_to(frame_, frame_->session(), std::string(),
                                                    wxString::FromUTF8(pdf.string()));
        const auto d = app::consent_form_details(frame_->session(), code.utf8_string());
        say("consentform blank pdf=" + std::string(head_of(pdf) == "%PDF-" ? "yes" : "no") +
            " customer=" + (d.form.contact_uuid.empty() ? "none" : "some"));
        return true;
    });
    add("open consent dialog", [this] {
        frame_->CallAfter([this] { frame_->detail()->open_consent_dialog(); });
        return true;
    });
    add("mistyped code", [state] {
        auto* dlg = find_dialog<ConsentDialog>("consent_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        dlg->set_channels({Channel::email, Channel::whatsapp_business});
        dlg->set_method(ConsentMethod::paper);
        std::string typo = state->code;
        std::swap(typo[2], typo[3]);
        if (typo == state->code) typo[2] = typo[2] == 'A' ? 'B' : 'A';
        dlg->set_form_code(wxString::FromUTF8(display_form_code(typo)));
        say("consentform typed mistyped status=\"" + text_of(dlg->form_code_status()) +
            "\" red=" + (dlg->form_code_refused() ? "yes" : "no"));
        return true;
    });
    screenshot("consentform_mistyped");
    add("unknown code", [] {
        auto* dlg = find_dialog<ConsentDialog>("consent_dialog");
        if (!dlg) return false;
        // A well-typed code this shop never printed.
        dlg->set_form_code("234-567-89" + wxString(form_code_check_character("23456789")));
        say("consentform typed unknown status=\"" + text_of(dlg->form_code_status()) +
            "\" red=" + (dlg->form_code_refused() ? "yes" : "no"));
        press(dlg, wxID_OK);  // refused: nothing recorded
        say("consentform unknown still-open=" + std::string(dlg->IsShown() ? "yes" : "no") +
            " recorded=" + std::to_string(dlg->recorded().size()));
        return true;
    });
    add("right code and scan", [state] {
        auto* dlg = find_dialog<ConsentDialog>("consent_dialog");
        if (!dlg) return false;
        std::string lower;
        for (char c : display_form_code(state->code)) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        dlg->set_form_code(wxString::FromUTF8(lower));
        const auto scan = state->dir / "firma.png";
        std::ofstream(scan, std::ios::binary) << std::string("\x89PNG\r\n\x1a\n", 8) << "firma de Lucía";
        const auto text = state->dir / "nota.txt";
        std::ofstream(text) << "no es una imagen";
        const bool refused = !dlg->attach_scan(wxString::FromUTF8(text.string()));
        const bool attached = dlg->attach_scan(wxString::FromUTF8(scan.string()));
        say("consentform typed right status=\"" + text_of(dlg->form_code_status()) + "\" red=" +
            (dlg->form_code_refused() ? "yes" : "no") + " text-refused=" + (refused ? "yes" : "no") +
            " scan=" + (attached ? "yes" : "no"));
        return true;
    });
    screenshot("consentform_dialog");
    add("record", [] {
        auto* dlg = find_dialog<ConsentDialog>("consent_dialog");
        return dlg && press(dlg, wxID_OK);
    });
    add("ledger evidence", [this, state] {
        if (auto* dlg = find_dialog<ConsentDialog>("consent_dialog"); dlg && dlg->IsShown()) return false;
        auto& session = frame_->session();
        const std::string prefix = "formulario " + display_form_code(state->code) + "; escaneo sha256:";
        for (const auto& e : session.ledger().history(frame_->detail()->contact_uuid())) {
            if (e.action != ConsentAction::grant) continue;
            say("consentform ledger channel=" + std::string(to_string(e.channel)) + " method=" +
                std::string(to_string(e.method)) + " evidence-form=" +
                (e.evidence.rfind(prefix, 0) == 0 && e.evidence.size() == prefix.size() + 64 ? "yes" : "no"));
        }
        const auto d = app::consent_form_details(session, state->code);
        say("consentform form events=" + std::to_string(d.form.event_seqs.size()) +
            " scans=" + std::to_string(d.scans.size()));
        return true;
    });
    screenshot("consentform_recorded");
}

}  // namespace clientela::ui
