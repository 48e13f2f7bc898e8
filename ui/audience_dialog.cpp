#include "audience_dialog.hpp"

#include "export_actions.hpp"
#include "labels.hpp"
#include "messages.hpp"
#include "virtual_list.hpp"

#include "core/text.hpp"

#include <wx/button.h>
#include <wx/choice.h>
#include <wx/gauge.h>
#include <wx/intl.h>
#include <wx/listctrl.h>
#include <wx/radiobox.h>
#include <wx/sizer.h>
#include <wx/stattext.h>

#include <algorithm>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace clientela::ui {

namespace {

// The reason that matters most per channel: without a number "no consent" is noise, and
// the suppression list overrides everything.
std::vector<BlockReason> headline(const std::vector<BlockReason>& reasons) {
    for (BlockReason first : {BlockReason::suppressed, BlockReason::no_contact_point, BlockReason::not_mobile,
                              BlockReason::undeliverable}) {
        if (std::find(reasons.begin(), reasons.end(), first) != reasons.end()) return {first};
    }
    return reasons;
}

wxString exclusion_reasons(const app::AudienceExclusion& x) {
    wxString out;
    for (const auto& [channel, decision] : x.tried) {
        if (!out.empty()) out += "; ";
        out += short_channel_label(channel) + ": " + reasons_short(headline(decision.reasons));
    }
    return out;
}

}  // namespace

AudienceDialog::AudienceDialog(wxWindow* parent, app::Session& session)
    : wxDialog(parent, wxID_ANY, _("Campaign audience"), wxDefaultPosition, wxSize(900, 560),
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, "audience_dialog"),
      session_(session),
      worker_(this, session),
      progress_timer_(this) {
    build_controls();
    Bind(wxEVT_TIMER, &AudienceDialog::on_progress_timer, this);
    CentreOnParent();
}

AudienceDialog::~AudienceDialog() {
    progress_timer_.Stop();
    worker_.cancel();  // the worker's destructor joins; cancelling first makes that quick
}

void AudienceDialog::build_controls() {
    auto* top = new wxBoxSizer(wxVERTICAL);

    auto* choices = new wxBoxSizer(wxHORIZONTAL);
    const wxString purposes[] = {purpose_label(Purpose::marketing), purpose_label(Purpose::service)};
    purpose_ = new wxRadioBox(this, wxID_ANY, _("Purpose"), wxDefaultPosition, wxDefaultSize, 2, purposes, 1,
                              wxRA_SPECIFY_ROWS);
    choices->Add(purpose_, 0, wxRIGHT | wxALIGN_BOTTOM, 12);
    auto* channel_box = new wxBoxSizer(wxVERTICAL);
    channel_box->Add(new wxStaticText(this, wxID_ANY, _("Channel:")), 0, wxBOTTOM, 4);
    channel_ = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, nullptr, 0, wxDefaultValidator,
                            "audience_channel");
    channel_->Append(_("Each customer's preferred channel, then fallbacks"));
    for (Channel c : all_channels()) channel_->Append(channel_label(c));
    channel_->SetSelection(0);
    channel_box->Add(channel_, 0);
    choices->Add(channel_box, 0, wxRIGHT | wxALIGN_BOTTOM, 12);
    build_button_ = new wxButton(this, wxID_ANY, _("Check again"));
    build_button_->SetToolTip(_("The audience is checked again whenever the purpose or channel changes; this "
                                "button checks again after changes made elsewhere."));
    choices->Add(build_button_, 0, wxALIGN_BOTTOM);
    top->Add(choices, 0, wxALL, 10);

    auto* progress = new wxBoxSizer(wxHORIZONTAL);
    gauge_ = new wxGauge(this, wxID_ANY, 1000, wxDefaultPosition, wxSize(300, -1));
    cancel_button_ = new wxButton(this, wxID_ANY, _("Stop"));
    state_ = new wxStaticText(this, wxID_ANY, "");
    progress->Add(gauge_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    progress->Add(cancel_button_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    progress->Add(state_, 1, wxALIGN_CENTER_VERTICAL);
    top->Add(progress, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 10);

    included_title_ = new wxStaticText(this, wxID_ANY, _("Included"));
    included_title_->SetFont(included_title_->GetFont().Bold());
    top->Add(included_title_, 0, wxLEFT | wxRIGHT, 10);
    included_ = new VirtualList(this, "audience_included", 120);
    included_->AppendColumn(_("Name"), wxLIST_FORMAT_LEFT, 260);
    included_->AppendColumn(_("Channel"), wxLIST_FORMAT_LEFT, 160);
    included_->AppendColumn(_("Why we may write"), wxLIST_FORMAT_LEFT, 200);
    included_->AppendColumn(_("Record no."), wxLIST_FORMAT_RIGHT, 110);
    top->Add(included_, 1, wxEXPAND | wxALL, 10);

    excluded_title_ = new wxStaticText(this, wxID_ANY, _("Excluded"));
    excluded_title_->SetFont(excluded_title_->GetFont().Bold());
    top->Add(excluded_title_, 0, wxLEFT | wxRIGHT, 10);
    reasons_ = new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END,
                                "audience_reasons");
    top->Add(reasons_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);
    excluded_ = new VirtualList(this, "audience_excluded", 120);
    excluded_->AppendColumn(_("Name"), wxLIST_FORMAT_LEFT, 260);
    excluded_->AppendColumn(_("Why not"), wxLIST_FORMAT_LEFT, 560);
    top->Add(excluded_, 1, wxEXPAND | wxALL, 10);

    auto* bottom = new wxBoxSizer(wxHORIZONTAL);
    export_button_ = new wxButton(this, wxID_ANY, _("Export for Mailchimp, Brevo, WhatsApp..."));
    bottom->Add(export_button_, 0, wxALIGN_CENTER_VERTICAL | wxLEFT, 10);
    bottom->Add(new wxStaticText(this, wxID_ANY, _("Double-click a customer to open their card.")), 0,
                wxALIGN_CENTER_VERTICAL | wxLEFT, 12);
    bottom->AddStretchSpacer();
    bottom->Add(CreateStdDialogButtonSizer(wxCLOSE), 0, wxALL, 10);
    top->Add(bottom, 0, wxEXPAND);
    translate_standard_buttons(this);
    SetSizer(top);
    SetEscapeId(wxID_CLOSE);
    set_busy(false);

    build_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { build_audience(); });
    // A new question is a new audience: no stale lists under a changed purpose or channel.
    purpose_->Bind(wxEVT_RADIOBOX, [this](wxCommandEvent&) { build_audience(); });
    channel_->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { build_audience(); });
    included_->Bind(wxEVT_LIST_COL_CLICK, [this](wxListEvent& e) { sort_included(e.GetColumn()); });
    excluded_->Bind(wxEVT_LIST_COL_CLICK, [this](wxListEvent& e) { sort_excluded(e.GetColumn()); });
    included_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent& e) { open_row(true, e.GetIndex()); });
    excluded_->Bind(wxEVT_LIST_ITEM_ACTIVATED, [this](wxListEvent& e) { open_row(false, e.GetIndex()); });

    export_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        const auto channel = chosen_channel();
        if (!channel) {
            show_problem(this, _("Export audience"),
                         _("Choose one channel to export: an email tool gets email addresses, WhatsApp gets "
                           "mobile numbers."));
            return;
        }
        export_audience(this, session_, chosen_purpose(), *channel);
    });
    cancel_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        worker_.cancel();
        state_->SetLabel(_("Stopping..."));
    });
    Bind(
        wxEVT_BUTTON, [this](wxCommandEvent&) { EndModal(wxID_CLOSE); }, wxID_CLOSE);
}

void AudienceDialog::choose(Purpose purpose, std::optional<Channel> channel) {
    purpose_->SetSelection(purpose == Purpose::marketing ? 0 : 1);
    int index = 0;
    if (channel) {
        const auto& all = all_channels();
        index = 1 + static_cast<int>(std::find(all.begin(), all.end(), *channel) - all.begin());
    }
    channel_->SetSelection(index);
}

Purpose AudienceDialog::chosen_purpose() const {
    return purpose_->GetSelection() == 0 ? Purpose::marketing : Purpose::service;
}

std::optional<Channel> AudienceDialog::chosen_channel() const {
    const int ch = channel_->GetSelection();
    if (ch <= 0) return std::nullopt;
    return all_channels().at(static_cast<std::size_t>(ch - 1));
}

void AudienceDialog::set_busy(bool busy) {
    gauge_->Show(busy);
    cancel_button_->Show(busy);
    build_button_->Enable(!busy);
    export_button_->Enable(!busy && !export_forbidden_);
    // Purpose and channel stay enabled: changing them starts the new audience at once.
    Layout();
}

void AudienceDialog::forbid_export(const wxString& why) {
    export_forbidden_ = true;
    export_button_->Enable(false);
    export_button_->SetToolTip(why);
}

void AudienceDialog::build_audience() {
    app::AudienceRequest request;
    request.purpose = chosen_purpose();
    request.channel = chosen_channel();
    request.at = now_utc();
    try {
        total_contacts_ = session_.count_contacts("");
    } catch (const std::exception& e) {
        show_error(this, _("Cannot build the audience"), e);
        return;
    }
    gauge_->SetValue(0);
    audience_.reset();
    included_order_.clear();
    excluded_order_.clear();
    included_->show(0, {});
    excluded_->show(0, {});
    included_title_->SetLabel(_("Included"));
    excluded_title_->SetLabel(_("Excluded"));
    reasons_->SetLabel("");
    state_->SetLabel(wxString::Format(_("Checking %lld customers..."), static_cast<long long>(total_contacts_)));
    set_busy(true);
    progress_timer_.Start(100);
    worker_.start(request, [this](std::optional<app::Audience> a, std::string error) { on_done(std::move(a), error); });
}

void AudienceDialog::on_progress_timer(wxTimerEvent&) {
    if (total_contacts_ <= 0) return;
    const auto done = worker_.contacts_done();
    gauge_->SetValue(static_cast<int>(std::min<std::int64_t>(1000, done * 1000 / total_contacts_)));
}

void AudienceDialog::on_done(std::optional<app::Audience> audience, const std::string& error) {
    progress_timer_.Stop();
    set_busy(false);
    if (!audience) {
        if (error == "cancelled") {
            state_->SetLabel(_("Stopped before the end: no audience was built."));
        } else {
            state_->SetLabel(_("The audience could not be built."));
            show_error(this, _("Cannot build the audience"), std::runtime_error(error));
        }
        return;
    }
    audience_ = std::move(audience);
    const auto& a = *audience_;
    state_->SetLabel(wxString::Format(
        _("%s by %s, as of now."), purpose_label(a.request.purpose),
        a.request.channel ? channel_label(*a.request.channel) : wxString(_("each customer's preferred channel"))));
    included_title_->SetLabel(wxString::Format(
        wxPLURAL("Included: %zu customer", "Included: %zu customers", a.included.size()), a.included.size()));
    excluded_title_->SetLabel(wxString::Format(
        wxPLURAL("Excluded: %zu customer", "Excluded: %zu customers", a.excluded.size()), a.excluded.size()));
    reasons_->SetLabel(reason_counts_text());
    reasons_->SetToolTip(reason_counts_text());
    included_order_.resize(a.included.size());
    excluded_order_.resize(a.excluded.size());
    for (std::size_t i = 0; i < included_order_.size(); ++i) included_order_[i] = i;
    for (std::size_t i = 0; i < excluded_order_.size(); ++i) excluded_order_[i] = i;
    // A sort chosen before stays chosen for the new lists.
    if (included_sort_ >= 0) {
        included_descending_ = !included_descending_;
        sort_included(included_sort_);
    }
    if (excluded_sort_ >= 0) {
        excluded_descending_ = !excluded_descending_;
        sort_excluded(excluded_sort_);
    }
    show_lists();
    Layout();
}

wxString AudienceDialog::reason_counts_text() const {
    if (!audience_ || audience_->excluded.empty()) return wxString();
    wxString out;
    for (const auto& [reason, n] : app::exclusion_counts(*audience_)) {
        if (!out.empty()) out += wxString::FromUTF8(" · ");
        out += wxString::Format("%s: %zu", reason_short(reason), n);
    }
    return out;
}

namespace {

wxString included_cell(const app::AudienceMember& m, long col) {
    switch (col) {
        case 0:
            return from_utf8(m.contact.display_name);
        case 1:
            return channel_label(m.channel);
        case 2:
            return basis_label(m.basis);
        case 3:
            return m.authorising_seq > 0 ? wxString::Format("%lld", static_cast<long long>(m.authorising_seq))
                                         : wxString::FromUTF8("—");
    }
    return wxString();
}

// Sorts rows (indices into items) by a column: names and words folded for case and accents,
// numbers as numbers; ties keep the order before, so sorting by channel then name works.
template <typename Item, typename Key>
void sort_rows(std::vector<std::size_t>& rows, const std::vector<Item>& items, bool descending, Key key) {
    std::vector<decltype(key(items.front()))> keys;
    keys.reserve(items.size());
    for (const auto& item : items) keys.push_back(key(item));
    std::stable_sort(rows.begin(), rows.end(), [&](std::size_t a, std::size_t b) {
        return descending ? keys[b] < keys[a] : keys[a] < keys[b];
    });
}

std::string folded(const wxString& s) {
    return fold_for_search(s.utf8_string());
}

}  // namespace

void AudienceDialog::sort_included(int column) {
    if (!audience_ || column < 0 || column > 3) return;
    included_descending_ = column == included_sort_ ? !included_descending_ : false;
    included_sort_ = column;
    const auto& items = audience_->included;
    if (!items.empty()) {
        if (column == 3) {
            sort_rows(included_order_, items, included_descending_,
                      [](const app::AudienceMember& m) { return m.authorising_seq; });
        } else if (column == 0) {
            sort_rows(included_order_, items, included_descending_,
                      [](const app::AudienceMember& m) { return fold_for_search(m.contact.display_name); });
        } else {
            sort_rows(included_order_, items, included_descending_,
                      [column](const app::AudienceMember& m) { return folded(included_cell(m, column)); });
        }
    }
    included_->ShowSortIndicator(column, !included_descending_);
    show_lists();
}

void AudienceDialog::sort_excluded(int column) {
    if (!audience_ || column < 0 || column > 1) return;
    excluded_descending_ = column == excluded_sort_ ? !excluded_descending_ : false;
    excluded_sort_ = column;
    const auto& items = audience_->excluded;
    if (!items.empty()) {
        if (column == 0) {
            sort_rows(excluded_order_, items, excluded_descending_,
                      [](const app::AudienceExclusion& x) { return fold_for_search(x.contact.display_name); });
        } else {
            // By the reason that counts, in the order of the counts line, then by the full text.
            sort_rows(excluded_order_, items, excluded_descending_, [](const app::AudienceExclusion& x) {
                return std::make_pair(static_cast<int>(app::main_reason(x)), folded(exclusion_reasons(x)));
            });
        }
    }
    excluded_->ShowSortIndicator(column, !excluded_descending_);
    show_lists();
}

void AudienceDialog::show_lists() {
    if (!audience_) return;
    included_->show(static_cast<long>(included_order_.size()), [this](long row, long col) -> wxString {
        return included_cell(audience_->included.at(included_order_.at(static_cast<std::size_t>(row))), col);
    });
    excluded_->show(static_cast<long>(excluded_order_.size()), [this](long row, long col) -> wxString {
        const auto& x = audience_->excluded.at(excluded_order_.at(static_cast<std::size_t>(row)));
        return col == 0 ? from_utf8(x.contact.display_name) : exclusion_reasons(x);
    });
}

wxString AudienceDialog::included_name(long row) const {
    return included_->GetItemText(row, 0);
}

wxString AudienceDialog::excluded_name(long row) const {
    return excluded_->GetItemText(row, 0);
}

void AudienceDialog::open_row(bool included, long row) {
    if (!audience_ || row < 0) return;
    const auto r = static_cast<std::size_t>(row);
    if (included ? r >= included_order_.size() : r >= excluded_order_.size()) return;
    customer_to_open_ = included ? audience_->included.at(included_order_[r]).contact.uuid
                                 : audience_->excluded.at(excluded_order_[r]).contact.uuid;
    if (IsModal()) EndModal(wxID_OPEN);
}

}  // namespace clientela::ui
