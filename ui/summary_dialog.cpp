#include "summary_dialog.hpp"

#include "app/local_time.hpp"
#include "labels.hpp"
#include "messages.hpp"

#include <wx/button.h>
#include <wx/clipbrd.h>
#include <wx/dcbuffer.h>
#include <wx/display.h>
#include <wx/graphics.h>
#include <wx/intl.h>
#include <wx/listctrl.h>
#include <wx/scrolwin.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <algorithm>
#include <array>
#include <memory>

namespace clientela::ui {

namespace {

// One colour per channel of app::summary_channels() (email, WhatsApp, SMS), readable on
// white and told apart by people with the common colour blindness (blue, green-teal, orange).
const std::array<wxColour, 3> kChannelColours{wxColour(0x1f, 0x6f, 0xb4), wxColour(0x1a, 0x9e, 0x77),
                                              wxColour(0xe6, 0x7e, 0x22)};

wxString month_abbreviation(unsigned month) {
    switch (month) {
        case 1: return _("Jan");
        case 2: return _("Feb");
        case 3: return _("Mar");
        case 4: return _("Apr");
        case 5: return _("May");
        case 6: return _("Jun");
        case 7: return _("Jul");
        case 8: return _("Aug");
        case 9: return _("Sep");
        case 10: return _("Oct");
        case 11: return _("Nov");
        case 12: return _("Dec");
    }
    return wxString();
}

// "1.234" in Spanish, "1,234" otherwise: a count read at a glance.
wxString grouped(std::int64_t n) {
    const wxString sep = ui_language() == "es" ? "." : ",";
    wxString digits = wxString::Format("%lld", static_cast<long long>(n < 0 ? -n : n));
    wxString out;
    for (std::size_t i = 0; i < digits.length(); ++i) {
        if (i > 0 && (digits.length() - i) % 3 == 0) out += sep;
        out += digits[i];
    }
    return n < 0 ? "-" + out : out;
}

}  // namespace

// The 12-month chart: opt-ins up from the middle line, opt-outs down, stacked per channel,
// drawn with wxGraphicsContext (antialiased) with a legend and month names under the bars.
class SummaryChart : public wxWindow {
public:
    explicit SummaryChart(wxWindow* parent) : wxWindow(parent, wxID_ANY, wxDefaultPosition, wxSize(-1, 230),
                                                        wxFULL_REPAINT_ON_RESIZE, "summary_chart") {
        SetBackgroundStyle(wxBG_STYLE_PAINT);
        SetMinSize(wxSize(360, 230));
        Bind(wxEVT_PAINT, &SummaryChart::on_paint, this);
    }
    void set(std::vector<app::MonthFigures> months) {
        months_ = std::move(months);
        Refresh();
    }

private:
    void on_paint(wxPaintEvent&) {
        wxAutoBufferedPaintDC dc(this);
        dc.SetBackground(*wxWHITE_BRUSH);
        dc.Clear();
        std::unique_ptr<wxGraphicsContext> gc(wxGraphicsContext::Create(dc));
        if (!gc) return;
        const wxSize size = GetClientSize();
        const wxFont font = GetFont();
        const wxFont small = font.Smaller();
        gc->SetFont(small, wxColour(0x33, 0x33, 0x33));
        double tw = 0, th = 0;
        gc->GetTextExtent("0", &tw, &th);

        // Legend on top: a box per channel, then what up and down mean.
        double x = 8;
        const double legend_y = 4;
        for (std::size_t c = 0; c < app::summary_channels().size(); ++c) {
            gc->SetPen(*wxTRANSPARENT_PEN);
            gc->SetBrush(wxBrush(kChannelColours[c]));
            gc->DrawRectangle(x, legend_y + th * 0.15, th * 0.8, th * 0.8);
            x += th;
            const wxString name = short_channel_label(app::summary_channels()[c]);
            double w = 0, h = 0;
            gc->GetTextExtent(name, &w, &h);
            gc->DrawText(name, x, legend_y);
            x += w + 14;
        }
        const wxString meaning = _("opt-ins up, opt-outs down");
        gc->DrawText(meaning, x + 6, legend_y);

        const double top = legend_y + th + 10;
        const double bottom = size.GetHeight() - th - 8;  // month names under it
        const double left = 44;
        const double right = size.GetWidth() - 8;
        if (bottom - top < 40 || right - left < 120 || months_.empty()) return;
        std::int64_t max_in = 0, max_out = 0;
        for (const auto& m : months_) {
            std::int64_t in = 0, out = 0;
            for (std::size_t c = 0; c < 3; ++c) {
                in += m.opt_ins[c];
                out += m.opt_outs[c];
            }
            max_in = std::max(max_in, in);
            max_out = std::max(max_out, out);
        }
        // Up and down share one scale; the middle line sits where the larger side leaves room.
        const std::int64_t scale = std::max<std::int64_t>(1, std::max(max_in, max_out));
        const double total = static_cast<double>(std::max<std::int64_t>(1, max_in) + std::max<std::int64_t>(1, max_out));
        const double zero = top + (bottom - top) * static_cast<double>(std::max<std::int64_t>(1, max_in)) / total;
        const double unit = (bottom - top) / total;  // pixels per event

        // Axis: the middle line and the largest values on each side.
        gc->SetPen(wxPen(wxColour(0x99, 0x99, 0x99)));
        gc->StrokeLine(left, zero, right, zero);
        gc->SetFont(small, wxColour(0x55, 0x55, 0x55));
        auto right_aligned = [&](const wxString& s, double y) {
            double w = 0, h = 0;
            gc->GetTextExtent(s, &w, &h);
            gc->DrawText(s, left - 6 - w, y - h / 2);
        };
        right_aligned("0", zero);
        if (max_in > 0) right_aligned("+" + grouped(max_in), zero - unit * static_cast<double>(max_in));
        if (max_out > 0) right_aligned("-" + grouped(max_out), zero + unit * static_cast<double>(max_out));
        (void)scale;

        const double slot = (right - left) / static_cast<double>(months_.size());
        const double bar = std::max(4.0, slot * 0.6);
        for (std::size_t i = 0; i < months_.size(); ++i) {
            const auto& m = months_[i];
            const double bx = left + slot * static_cast<double>(i) + (slot - bar) / 2;
            double up = zero, down = zero;
            gc->SetPen(*wxTRANSPARENT_PEN);
            for (std::size_t c = 0; c < 3; ++c) {
                gc->SetBrush(wxBrush(kChannelColours[c]));
                const double hi = unit * static_cast<double>(m.opt_ins[c]);
                if (hi > 0) {
                    gc->DrawRectangle(bx, up - hi, bar, hi);
                    up -= hi;
                }
                // Opt-outs in the same colour, lighter, so they read as the other side.
                wxColour light(kChannelColours[c].Red(), kChannelColours[c].Green(), kChannelColours[c].Blue(), 150);
                gc->SetBrush(wxBrush(light));
                const double ho = unit * static_cast<double>(m.opt_outs[c]);
                if (ho > 0) {
                    gc->DrawRectangle(bx, down, bar, ho);
                    down += ho;
                }
            }
            wxString label = month_abbreviation(m.month);
            if (m.month == 1 || i == 0) label += wxString::Format(" %02d", m.year % 100);
            gc->SetFont(small, wxColour(0x33, 0x33, 0x33));
            double w = 0, h = 0;
            gc->GetTextExtent(label, &w, &h);
            gc->DrawText(label, left + slot * static_cast<double>(i) + (slot - w) / 2, bottom + 4);
        }
    }

    std::vector<app::MonthFigures> months_;
};

SummaryDialog::SummaryDialog(wxWindow* parent, app::Session& session)
    : wxDialog(parent, wxID_ANY, _("Summary"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, "summary_dialog"),
      session_(session),
      job_(this, session) {
    build_controls();
    const wxRect screen = wxGetClientDisplayRect();
    SetSize(std::min(980, screen.GetWidth() - 40), std::min(680, screen.GetHeight() - 60));
    CentreOnParent();
    refresh();
}

SummaryDialog::~SummaryDialog() = default;

void SummaryDialog::build_controls() {
    auto* page = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL, "summary_page");
    page->SetScrollRate(0, 12);
    auto* top = new wxBoxSizer(wxVERTICAL);

    auto* today = new wxStaticText(page, wxID_ANY, _("May receive offers today"));
    today->SetFont(today->GetFont().Bold());
    top->Add(today, 0, wxLEFT | wxRIGHT | wxTOP, 10);
    auto* counts = new wxBoxSizer(wxHORIZONTAL);
    for (std::size_t c = 0; c < app::summary_channels().size(); ++c) {
        auto* box = new wxBoxSizer(wxVERTICAL);
        counts_[c] = new wxStaticText(page, wxID_ANY, "…", wxDefaultPosition, wxDefaultSize, 0,
                                      "summary_count_" + std::string(to_string(app::summary_channels()[c])));
        wxFont big = counts_[c]->GetFont();
        big.SetPointSize(big.GetPointSize() * 2);
        counts_[c]->SetFont(big.Bold());
        counts_[c]->SetForegroundColour(kChannelColours[c]);
        box->Add(counts_[c], 0, wxALIGN_CENTER_HORIZONTAL);
        box->Add(new wxStaticText(page, wxID_ANY, channel_label(app::summary_channels()[c])), 0,
                 wxALIGN_CENTER_HORIZONTAL);
        counts->Add(box, 1, wxEXPAND | wxALL, 6);
    }
    top->Add(counts, 0, wxEXPAND | wxLEFT | wxRIGHT, 10);
    state_ = new wxStaticText(page, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, "summary_state");
    top->Add(state_, 0, wxLEFT | wxRIGHT, 10);

    auto* chart_title = new wxStaticText(page, wxID_ANY, _("Opt-ins and opt-outs, last 12 months"));
    chart_title->SetFont(chart_title->GetFont().Bold());
    top->Add(chart_title, 0, wxLEFT | wxRIGHT | wxTOP, 10);
    chart_ = new SummaryChart(page);
    top->Add(chart_, 0, wxEXPAND | wxALL, 10);

    auto* lists = new wxBoxSizer(wxHORIZONTAL);
    auto* left = new wxBoxSizer(wxVERTICAL);
    renewals_title_ = new wxStaticText(page, wxID_ANY, _("Consents expiring in the next 30 days"));
    renewals_title_->SetFont(renewals_title_->GetFont().Bold());
    left->Add(renewals_title_, 0, wxBOTTOM, 4);
    renewals_ = new wxListCtrl(page, wxID_ANY, wxDefaultPosition, wxSize(-1, 150), wxLC_REPORT | wxLC_SINGLE_SEL,
                               wxDefaultValidator, "summary_renewals");
    renewals_->AppendColumn(_("Name"), wxLIST_FORMAT_LEFT, 170);
    renewals_->AppendColumn(_("Channel"), wxLIST_FORMAT_LEFT, 90);
    renewals_->AppendColumn(_("Expires"), wxLIST_FORMAT_LEFT, 130);
    left->Add(renewals_, 1, wxEXPAND);
    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    copy_ = new wxButton(page, wxID_ANY, _("Copy list to ask for renewal"), wxDefaultPosition, wxDefaultSize, 0,
                         wxDefaultValidator, "summary_copy");
    open_ = new wxButton(page, wxID_ANY, _("Open customer"), wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator,
                         "summary_open");
    buttons->Add(copy_, 0, wxRIGHT, 6);
    buttons->Add(open_, 0);
    left->Add(buttons, 0, wxTOP, 6);
    lists->Add(left, 1, wxEXPAND | wxRIGHT, 10);

    auto* right = new wxBoxSizer(wxVERTICAL);
    auto* campaigns_title = new wxStaticText(page, wxID_ANY, _("Last campaigns"));
    campaigns_title->SetFont(campaigns_title->GetFont().Bold());
    right->Add(campaigns_title, 0, wxBOTTOM, 4);
    campaigns_ = new wxListCtrl(page, wxID_ANY, wxDefaultPosition, wxSize(-1, 150), wxLC_REPORT | wxLC_SINGLE_SEL,
                                wxDefaultValidator, "summary_campaigns");
    campaigns_->AppendColumn(_("Campaign"), wxLIST_FORMAT_LEFT, 170);
    campaigns_->AppendColumn(_("Messages sent"), wxLIST_FORMAT_RIGHT, 90);
    campaigns_->AppendColumn(wxGETTEXT_IN_CONTEXT("column", "Failed"), wxLIST_FORMAT_RIGHT, 80);
    campaigns_->AppendColumn(_("Unsubscribed"), wxLIST_FORMAT_RIGHT, 70);
    right->Add(campaigns_, 1, wxEXPAND);
    lists->Add(right, 1, wxEXPAND);
    top->Add(lists, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 10);
    page->SetSizer(top);

    auto* outer = new wxBoxSizer(wxVERTICAL);
    outer->Add(page, 1, wxEXPAND);
    outer->Add(CreateStdDialogButtonSizer(wxCLOSE), 0, wxEXPAND | wxALL, 8);
    translate_standard_buttons(this);
    SetSizer(outer);
    SetEscapeId(wxID_CLOSE);

    copy_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        if (wxTheClipboard->Open()) {
            wxTheClipboard->SetData(new wxTextDataObject(renewal_text()));
            wxTheClipboard->Close();
            state_->SetLabel(_("The list is on the clipboard: paste it into an email or a note."));
        }
    });
    open_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        open_renewal(renewals_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED));
    });
    renewals_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent& e) { open_renewal(e.GetIndex()); });
}

void SummaryDialog::refresh() {
    state_->SetLabel(_("Counting..."));
    const Timestamp now = now_utc();
    job_.start(
        [now](app::Session& session, const std::atomic<bool>& cancelled) {
            return app::shop_summary(session, now, [&cancelled](std::int64_t) { return !cancelled.load(); });
        },
        [this](std::optional<app::ShopSummary> s, std::string error) {
            if (!s) {
                state_->SetLabel(error == "cancelled" ? wxString() : translate_app_text(error));
                return;
            }
            summary_ = std::move(*s);
            show(*summary_);
        });
}

wxString SummaryDialog::count_text(Channel channel) const {
    for (std::size_t c = 0; c < app::summary_channels().size(); ++c) {
        if (app::summary_channels()[c] == channel) return counts_[c]->GetLabel();
    }
    return wxString();
}

void SummaryDialog::show(const app::ShopSummary& s) {
    for (std::size_t c = 0; c < app::summary_channels().size(); ++c) {
        counts_[c]->SetLabel(grouped(s.reach.of(app::summary_channels()[c])));
    }
    state_->SetLabel(_("Customers with marketing consent for the channel, a valid address or mobile, and not suppressed."));
    chart_->set(s.months);
    const auto* zone = session_.policy_settings().zone;
    renewals_->DeleteAllItems();
    for (std::size_t i = 0; i < s.renewals.size(); ++i) {
        const auto& r = s.renewals[i];
        const long row = renewals_->InsertItem(static_cast<long>(i), from_utf8(r.display_name));
        renewals_->SetItem(row, 1, short_channel_label(r.channel));
        renewals_->SetItem(row, 2, from_utf8(app::format_display(r.until, zone, ui_language())));
    }
    renewals_title_->SetLabel(wxString::Format(
        wxPLURAL("Consents expiring in the next 30 days: %lld", "Consents expiring in the next 30 days: %lld",
                 s.renewals_total),
        static_cast<long long>(s.renewals_total)));
    copy_->Enable(!s.renewals.empty());
    open_->Enable(!s.renewals.empty());
    campaigns_->DeleteAllItems();
    for (std::size_t i = 0; i < s.campaigns.size(); ++i) {
        const auto& c = s.campaigns[i];
        const long row = campaigns_->InsertItem(static_cast<long>(i), from_utf8(c.name));
        campaigns_->SetItem(row, 1, grouped(c.sent));
        campaigns_->SetItem(row, 2, grouped(c.failed));
        campaigns_->SetItem(row, 3, grouped(c.unsubscribed));
    }
    Layout();
}

wxString SummaryDialog::renewal_text() const {
    wxString out;
    if (!summary_) return out;
    const auto* zone = session_.policy_settings().zone;
    for (const auto& r : summary_->renewals) {
        out += from_utf8(r.display_name) + "\t" + short_channel_label(r.channel) + "\t" +
               from_utf8(app::format_display(r.until, zone, ui_language())) + "\n";
    }
    return out;
}

void SummaryDialog::open_renewal(long row) {
    if (!summary_ || row < 0 || static_cast<std::size_t>(row) >= summary_->renewals.size()) return;
    customer_to_open_ = summary_->renewals[static_cast<std::size_t>(row)].contact_uuid;
    EndModal(wxID_OPEN);
}

}  // namespace clientela::ui
