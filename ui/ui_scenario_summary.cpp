// The "summary" scenario: the Resumen of the demo shop. The three counts equal the policy's
// recount (app::count_audience), the 12-month chart is drawn, the last campaigns are listed;
// with consent expiring after one month the renewal list fills, "Copy list" gives its text
// and "Open customer" shows that customer's card in the main window.
#include "ui_test_driver.hpp"
#include "ui_test_support.hpp"

#include "app/audience.hpp"
#include "app/campaigns.hpp"
#include "detail_pane.hpp"
#include "main_frame.hpp"
#include "summary_dialog.hpp"

#include <wx/listctrl.h>

#include <string>

namespace clientela::ui {

using test::find_dialog;
using test::say;
using test::text_of;

namespace {

SummaryDialog* summary_dialog() { return find_dialog<SummaryDialog>("summary_dialog"); }

std::string digits(const wxString& s) {
    std::string out;
    for (char c : s.utf8_string()) {
        if (c >= '0' && c <= '9') out += c;
    }
    return out;
}

}  // namespace

void UiTestDriver::build_summary() {
    wait_until_ready();
    add("a campaign", [this] {
        app::NewCampaign c;
        c.name = "Rebajas de invierno";
        c.channels = {Channel::email};
        c.subject = "Rebajas";
        c.text = "Hola {nombre}, empiezan las rebajas.";
        app::create_campaign(frame_->session(), c);
        return true;
    });
    auto open = [this](const char* label) {
        add(std::string("open summary ") + label, [this] {
            frame_->CallAfter([this] { frame_->open_summary(); });
            return true;
        });
        add(std::string("summary ready ") + label, [this, label] {
            auto* dlg = summary_dialog();
            if (!dlg || !dlg->IsShown() || !dlg->ready()) return false;
            const auto& s = *dlg->summary();
            const Timestamp at = s.at;
            std::string line = std::string("summary ") + label;
            for (Channel ch : app::summary_channels()) {
                const auto recount = app::count_audience(frame_->session(), {Purpose::marketing, ch, at}).included;
                line += " " + std::string(to_string(ch)) + "=" + digits(dlg->count_text(ch)) +
                        " recount=" + std::to_string(recount);
            }
            std::int64_t ins = 0, outs = 0;
            for (const auto& m : s.months) {
                for (std::size_t c = 0; c < 3; ++c) {
                    ins += m.opt_ins[c];
                    outs += m.opt_outs[c];
                }
            }
            auto* chart = dlg->FindWindow("summary_chart");
            line += " months=" + std::to_string(s.months.size()) + " opt_ins=" + std::to_string(ins) +
                    " opt_outs=" + std::to_string(outs) + " chart=" +
                    (chart && chart->IsShownOnScreen() && chart->GetClientSize().GetHeight() >= 200 ? "shown" : "hidden");
            auto* campaigns = dynamic_cast<wxListCtrl*>(dlg->FindWindow("summary_campaigns"));
            line += " campaigns=" + std::to_string(campaigns ? campaigns->GetItemCount() : -1);
            if (campaigns && campaigns->GetItemCount() > 0) line += " first=\"" + text_of(campaigns->GetItemText(0)) + "\"";
            auto* renewals = dynamic_cast<wxListCtrl*>(dlg->FindWindow("summary_renewals"));
            line += " renewals=" + std::to_string(renewals ? renewals->GetItemCount() : -1) + "/" +
                    std::to_string(s.renewals_total);
            say(line);
            return true;
        });
    };
    open("first");
    check_screen("summary", [] { return summary_dialog(); });
    screenshot("summary");
    add("close summary", [] {
        auto* dlg = summary_dialog();
        return dlg && test::press(dlg, wxID_CLOSE);
    });
    // Consent that lasts one month: what was granted in the last month is up for renewal.
    add("expiry one month", [this] {
        if (summary_dialog()) return false;
        ShopSettings st = frame_->session().settings();
        st.expiry_months = 1;
        frame_->session().save_settings(st);
        return true;
    });
    open("one_month");
    add("copy and open", [] {
        auto* dlg = summary_dialog();
        auto* renewals = dynamic_cast<wxListCtrl*>(dlg->FindWindow("summary_renewals"));
        if (!renewals || renewals->GetItemCount() == 0) {
            say("renewal none");
            return true;
        }
        const wxString text = dlg->renewal_text();
        say("renewal first=\"" + text_of(renewals->GetItemText(0)) + "\" channel=\"" +
            text_of(renewals->GetItemText(0, 1)) + "\" lines=" + std::to_string(text.Freq('\n')));
        return true;
    });
    check_screen("summary_renewals", [] { return summary_dialog(); });
    screenshot("summary_renewals");
    add("open the first to renew", [] {
        auto* dlg = summary_dialog();
        auto* renewals = dynamic_cast<wxListCtrl*>(dlg->FindWindow("summary_renewals"));
        if (!renewals || renewals->GetItemCount() == 0) return test::press(dlg, wxID_CLOSE);
        renewals->SetItemState(0, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
        return test::click(dlg->FindWindow("summary_open"));
    });
    add("card shown", [this] {
        if (summary_dialog()) return false;
        say("card name=\"" + frame_->detail()->contact_name() + "\"");
        return true;
    });
}

}  // namespace clientela::ui
