// The "dialogs" scenario of the scripted GUI driver (clientela --ui-test dialogs): the
// smaller windows a shop owner meets around a campaign, with the faults the counter review
// found in each.
// - Contact details: a mobile that is another customer's is refused naming that customer,
//   and the form comes back with what was typed.
// - Audience: counts per reason, recomputed when the channel changes, sortable, and a
//   double-click opens the customer's card.
// - Export-tool chooser: every option visible, the ones that cannot carry the channel greyed
//   out, the usual one chosen, Enter closes it once.
// - Access report: the web-page filter of the save dialog writes a web page, whatever the
//   name said.
#include "audience_dialog.hpp"
#include "contact_points_dialog.hpp"
#include "detail_pane.hpp"
#include "export_actions.hpp"
#include "labels.hpp"
#include "main_frame.hpp"
#include "ui_test_driver.hpp"
#include "ui_test_support.hpp"

#include "core/text.hpp"

#include <wx/choice.h>
#include <wx/filename.h>
#include <wx/listctrl.h>
#include <wx/textctrl.h>
#include <wx/uiaction.h>
#include <wx/utils.h>

#include <fstream>
#include <memory>
#include <string>

namespace clientela::ui {

using test::click;
using test::find_dialog;
using test::press;
using test::say;
using test::text_of;

void UiTestDriver::build_dialogs() {
    wait_until_ready();

    // Contact details: María's mobile typed on Ana's card.
    select_customer("Ana Núñez Pérez");
    add("open contact points", [this] {
        frame_->CallAfter([this] { frame_->detail()->edit_contact_points(); });
        return true;
    });
    add("press add", [] {
        auto* dlg = find_dialog<ContactPointsDialog>("contact_points_dialog");
        if (!dlg || !dlg->IsShown()) return false;
        // The form is modal: the click returns when it closes, so it is sent from the loop.
        dlg->CallAfter([dlg] { click(dlg->FindWindow("add_point_button")); });
        return true;
    });
    add("type a taken mobile", [] {
        auto* form = dynamic_cast<wxDialog*>(wxWindow::FindWindowByName("contact_point_form"));
        if (!form || !form->IsShown()) return false;
        auto* value = dynamic_cast<wxTextCtrl*>(form->FindWindow("point_value"));
        if (!value) return false;
        value->SetValue("633 22 11 00");  // María López Fernández's mobile in the demo shop
        return press(form, wxID_OK);
    });
    pause(300);
    add("form back with the value", [] {
        auto* form = dynamic_cast<wxDialog*>(wxWindow::FindWindowByName("contact_point_form"));
        if (!form || !form->IsShown()) return false;
        auto* value = dynamic_cast<wxTextCtrl*>(form->FindWindow("point_value"));
        say("points form_again=yes value=\"" + (value ? text_of(value->GetValue()) : std::string("?")) + "\"");
        return press(form, wxID_CANCEL);
    });
    add("close contact points", [] {
        if (wxWindow::FindWindowByName("contact_point_form")) return false;
        auto* dlg = find_dialog<ContactPointsDialog>("contact_points_dialog");
        return dlg && press(dlg, wxID_CLOSE);
    });

    // Audience: marketing on each customer's preferred channel, then WhatsApp only.
    add("open audience", [this] {
        if (find_dialog<ContactPointsDialog>("contact_points_dialog")) return false;  // still closing
        frame_->CallAfter([this] { frame_->open_audience(); });
        return true;
    });
    auto built = [](const char* label) {
        return [label] {
            auto* dlg = find_dialog<AudienceDialog>("audience_dialog");
            if (!dlg || !dlg->IsShown() || dlg->building() || !dlg->audience()) return false;
            const auto& a = *dlg->audience();
            say(std::string("audience ") + label + " channel=" +
                (a.request.channel ? std::string(to_string(*a.request.channel)) : std::string("preferred")) +
                " included=" + std::to_string(a.included.size()) + " excluded=" + std::to_string(a.excluded.size()) +
                " reasons=\"" + text_of(dlg->reason_counts_text()) + "\"");
            return true;
        };
    };
    add("audience built", built("first"));
    add("choose whatsapp", [] {
        auto* dlg = find_dialog<AudienceDialog>("audience_dialog");
        auto* choice = dynamic_cast<wxChoice*>(dlg->FindWindow("audience_channel"));
        if (!choice) return false;
        // As a person picks it: the selection, then the event the control sends.
        choice->SetStringSelection(channel_label(Channel::whatsapp_business));
        wxCommandEvent picked(wxEVT_CHOICE, choice->GetId());
        picked.SetEventObject(choice);
        picked.SetInt(choice->GetSelection());
        choice->GetEventHandler()->ProcessEvent(picked);
        return true;
    });
    add("audience rebuilt", built("whatsapp"));
    add("sort excluded by name", [] {
        auto* dlg = find_dialog<AudienceDialog>("audience_dialog");
        const long n = static_cast<long>(dlg->audience()->excluded.size());
        auto sorted = [dlg, n](bool descending) {
            for (long i = 1; i < n; ++i) {
                const auto a = fold_for_search(dlg->excluded_name(i - 1).utf8_string());
                const auto b = fold_for_search(dlg->excluded_name(i).utf8_string());
                if (descending ? a < b : b < a) return false;
            }
            return n > 1;
        };
        dlg->sort_excluded(0);
        const bool up = sorted(false);
        const std::string first_up = text_of(dlg->excluded_name(0));
        dlg->sort_excluded(0);
        const bool down = sorted(true);
        say("audience sort ascending=" + std::string(up ? "yes" : "no") + " descending=" + (down ? "yes" : "no") +
            " first=" + first_up + " last_first=" + text_of(dlg->excluded_name(0)));
        return true;
    });
    screenshot("audience_sorted");
    auto opened = std::make_shared<std::string>();
    add("double-click a customer", [opened] {
        auto* dlg = find_dialog<AudienceDialog>("audience_dialog");
        auto* list = dynamic_cast<wxListCtrl*>(dlg->FindWindow("audience_excluded"));
        if (!list) return false;
        *opened = dlg->excluded_name(0).utf8_string();
        // What a double-click (or Enter) on the row sends.
        wxListEvent activated(wxEVT_LIST_ITEM_ACTIVATED, list->GetId());
        activated.SetEventObject(list);
        activated.m_itemIndex = 0;
        list->GetEventHandler()->ProcessEvent(activated);
        return true;
    });
    add("customer opened", [this, opened] {
        if (find_dialog<AudienceDialog>("audience_dialog")) return false;  // still closing
        say("audience opened=" + *opened + " card=" + frame_->detail()->contact_name());
        return true;
    });

    // The export-tool chooser for a WhatsApp audience, closed with Enter.
    auto result = std::make_shared<std::string>();
    add("open chooser", [this, result] {
        frame_->CallAfter([this, result] {
            ExportToolDialog pick(frame_, Channel::whatsapp_business);
            const int code = pick.ShowModal();
            *result += (code == wxID_OK ? std::string("ok:") + std::string(io::to_string(pick.chosen())) : "cancel") + ";";
        });
        return true;
    });
    auto sim = std::make_shared<wxUIActionSimulator>();
    add("chooser shown", [sim] {
        auto* pick = find_dialog<ExportToolDialog>("export_tool_dialog");
        if (!pick || !pick->IsShown()) return false;
        std::string offered;
        for (auto l : io::all_audience_layouts()) {
            if (pick->offered(l)) offered += std::string(offered.empty() ? "" : ",") + std::string(io::to_string(l));
        }
        // Every option shown in full: the radio box inside the dialog, at least as large as it needs.
        auto* tools = pick->FindWindow("export_tools");
        const bool fits = tools && wxRect(pick->GetClientSize()).Contains(tools->GetRect()) &&
                          tools->GetSize().x >= tools->GetBestSize().x && tools->GetSize().y >= tools->GetBestSize().y;
        say("chooser offered=" + offered + " chosen=" + std::string(io::to_string(pick->chosen())) +
            " fits=" + (fits ? "yes" : "no"));
        pick->Raise();
        pick->SetFocus();
        const wxRect r = pick->GetScreenRect();
        sim->MouseMove(r.GetLeft() + r.GetWidth() / 2, r.GetTop() + r.GetHeight() / 2);  // focus follows pointer
        return true;
    });
    screenshot("export_chooser");
    add("press enter", [sim] {
        sim->Char(WXK_RETURN);
        return true;
    });
    add("chooser closed", [result] {
        if (find_dialog<ExportToolDialog>("export_tool_dialog")) return false;
        say("chooser result=" + *result);
        return true;
    });

    // The access report saved with the web-page filter over a .pdf name.
    add("access report as a web page", [this] {
        const std::string dir = wxFileName::GetTempDir().utf8_string() + "/clientela-ui-dialogs-" +
                                std::to_string(wxGetProcessId());
        wxFileName::Mkdir(wxString::FromUTF8(dir), 0700, wxPATH_MKDIR_FULL);
        wxArrayString extensions;
        extensions.Add("pdf");
        extensions.Add("html");
        const wxString path = path_for_filter(wxString::FromUTF8(dir + "/informe.pdf"), "html", extensions);
        export_access_report_to(frame_, frame_->session(), frame_->detail()->contact_uuid(), path);
        std::ifstream in(path.utf8_string(), std::ios::binary);
        std::string head(15, '\0');
        in.read(head.data(), 15);
        say("report name=" + wxFileName(path).GetFullName().utf8_string() + " starts=" + head.substr(0, 9));
        wxFileName::Rmdir(wxString::FromUTF8(dir), wxPATH_RMDIR_RECURSIVE);
        return true;
    });
}

}  // namespace clientela::ui
