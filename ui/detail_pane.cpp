#include "detail_pane.hpp"
#include "edit_customer_dialog.hpp"

#include "app/local_time.hpp"
#include "consent_dialog.hpp"
#include "consent_form_actions.hpp"
#include "withdraw_dialog.hpp"
#include "contact_points_dialog.hpp"
#include "labels.hpp"
#include "messages.hpp"

#include <wx/button.h>
#include <wx/collpane.h>
#include <wx/scrolwin.h>
#include <wx/intl.h>
#include <wx/listctrl.h>
#include <wx/rearrangectrl.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/wrapsizer.h>

#include <algorithm>
#include <initializer_list>
#include <utility>

namespace clientela::ui {

namespace {

// A report list with its columns: (title, width); a negative width aligns right (numbers).
wxListCtrl* make_table(wxWindow* parent, const char* name, int height,
                       std::initializer_list<std::pair<wxString, int>> columns) {
    auto* list = new wxListCtrl(parent, wxID_ANY, wxDefaultPosition, wxSize(-1, height),
                                wxLC_REPORT | wxLC_SINGLE_SEL | wxLC_HRULES | wxLC_VRULES, wxDefaultValidator, name);
    for (const auto& [title, width] : columns) {
        list->AppendColumn(title, width < 0 ? wxLIST_FORMAT_RIGHT : wxLIST_FORMAT_LEFT, width < 0 ? -width : width);
    }
    // The table scrolls its columns sideways: it must not ask the card for their full width.
    list->SetMinSize(wxSize(200, height));
    return list;
}

// The answer ("may we send?") before the dates: on a narrow screen the dates scroll off first.
enum ConsentColumn { cc_channel, cc_purpose, cc_decision, cc_status, cc_since, cc_expires };
enum HistoryColumn { hc_when, hc_action, hc_channel, hc_method, hc_wording, hc_evidence, hc_by };

// "May we write to them?" in plain words: yes, or no and why. The legal basis (and the law
// behind it) is in the row's tooltip, the authorising event in the technical details.
wxString may_we_write(const Decision& d) {
    if (!d.allowed) return wxString::Format(_("No: %s"), reasons_short(d.reasons));
    switch (d.basis) {
        case Basis::existing_customer:
            return _("Yes, as a customer of the shop");
        case Basis::contract:
            return _("Yes, about their orders");
        case Basis::consent:
        case Basis::none:
            break;
    }
    return _("Yes, with their consent");
}

wxString legal_basis_tooltip(const Decision& d) {
    if (!d.allowed) return _("No legal basis to write to them on this channel for this purpose.");
    switch (d.basis) {
        case Basis::consent:
            return _("Legal basis: the customer's express consent (GDPR art. 6.1.a, LSSI art. 21.1).");
        case Basis::existing_customer:
            return _("Legal basis: existing customer, offers of products like those they bought, always with an "
                     "easy way to say no (LSSI art. 21.2).");
        case Basis::contract:
            return _("Legal basis: messages needed for what the customer bought or ordered (GDPR art. 6.1.b).");
        case Basis::none:
            break;
    }
    return wxString();
}

wxStaticText* heading(wxWindow* parent, const wxString& text) {
    auto* t = new wxStaticText(parent, wxID_ANY, text);
    t->SetFont(t->GetFont().Bold());
    return t;
}

// The wording as one line for a table cell; the box under the history shows it whole.
wxString one_line(const std::string& text, std::size_t max_chars) {
    wxString s = wxString::FromUTF8(text);
    s.Replace("\n", " ");
    if (s.length() > max_chars) s = s.Left(max_chars - 1) + wxString::FromUTF8("…");
    return s;
}

}  // namespace

DetailPane::DetailPane(wxWindow* parent, app::Session& session)
    : wxPanel(parent, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxTAB_TRAVERSAL, "detail_pane"), session_(session) {
    build();
    show_contact("");
}

void DetailPane::build() {
    auto* outer = new wxBoxSizer(wxVERTICAL);
    hint_ = new wxStaticText(this, wxID_ANY, _("Choose a customer in the list to see their consent and history."));
    hint_->Wrap(300);
    outer->Add(hint_, 0, wxALL, 12);

    // The card scrolls: on a small till screen (1024x600) every part stays reachable and
    // nothing is drawn over anything else.
    body_ = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL | wxTAB_TRAVERSAL,
                                 "customer_card");
    body_->SetScrollRate(0, 12);
    // Its whole content is what it scrolls over, not what it asks of the window: asking for
    // it made the main window's minimum taller than a 1024x600 screen, and GTK then gave
    // its boxes less than their minimum (Gtk-CRITICAL gtk_distribute_natural_allocation).
    body_->SetMinSize(wxSize(240, 160));
    auto* sizer = new wxBoxSizer(wxVERTICAL);
    name_ = new wxStaticText(body_, wxID_ANY, "");
    wxFont big = name_->GetFont().Bold();
    big.SetFractionalPointSize(big.GetFractionalPointSize() * 1.4);
    name_->SetFont(big);
    sizer->Add(name_, 0, wxBOTTOM, 6);

    auto* facts = new wxFlexGridSizer(2, wxSize(12, 4));
    facts->AddGrowableCol(1, 1);
    auto add_fact = [&](const wxString& label, wxWindow* value) {
        facts->Add(new wxStaticText(body_, wxID_ANY, label), 0, wxALIGN_TOP);
        facts->Add(value, 1, wxEXPAND);
    };
    points_ = new wxStaticText(body_, wxID_ANY, "");
    notes_ = new wxStaticText(body_, wxID_ANY, "");
    source_ = new wxStaticText(body_, wxID_ANY, "");
    // The button under the points, not beside them: a long email would push it off a
    // narrow card.
    auto* points_row = new wxBoxSizer(wxVERTICAL);
    points_button_ = new wxButton(body_, wxID_ANY, _("Edit..."), wxDefaultPosition, wxDefaultSize, wxBU_EXACTFIT);
    points_row->Add(points_, 0, wxBOTTOM, 4);
    points_row->Add(points_button_, 0, wxALIGN_LEFT);
    facts->Add(new wxStaticText(body_, wxID_ANY, _("Contact points:")), 0, wxALIGN_TOP);
    facts->Add(points_row, 1, wxEXPAND);
    // Notes and tags with their Edit... (name, notes, tags: EditCustomerDialog).
    auto* notes_row = new wxBoxSizer(wxVERTICAL);
    tags_ = new wxStaticText(body_, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, "card_tags");
    details_button_ = new wxButton(body_, wxID_ANY, _("Edit..."), wxDefaultPosition, wxDefaultSize, wxBU_EXACTFIT,
                                   wxDefaultValidator, "edit_details");
    details_button_->SetToolTip(_("Change the customer's name, notes and tags"));
    notes_row->Add(notes_, 0, wxBOTTOM, 4);
    notes_row->Add(tags_, 0, wxBOTTOM, 4);
    notes_row->Add(details_button_, 0, wxALIGN_LEFT);
    facts->Add(new wxStaticText(body_, wxID_ANY, _("Notes:")), 0, wxALIGN_TOP);
    facts->Add(notes_row, 1, wxEXPAND);
    add_fact(_("Source:"), source_);
    auto* pref_row = new wxBoxSizer(wxVERTICAL);
    preferred_ = new wxStaticText(body_, wxID_ANY, "");
    preferences_button_ =
        new wxButton(body_, wxID_ANY, _("Change..."), wxDefaultPosition, wxDefaultSize, wxBU_EXACTFIT);
    pref_row->Add(preferred_, 0, wxBOTTOM, 4);
    pref_row->Add(preferences_button_, 0, wxALIGN_LEFT);
    facts->Add(new wxStaticText(body_, wxID_ANY, _("Preferred channel:")), 0, wxALIGN_TOP);
    facts->Add(pref_row, 1, wxEXPAND);
    sizer->Add(facts, 0, wxEXPAND | wxBOTTOM, 8);

    consent_heading_ = heading(body_, _("Can we write to them?"));
    consent_heading_->SetToolTip(_("Per channel and purpose: whether the shop may write to this customer. "
                                   "Point at a row to see the legal basis."));
    sizer->Add(consent_heading_, 0, wxBOTTOM, 4);
    consent_list_ = make_table(body_, "consent_table", 150,
                               {{_("Channel"), 145},
                                {_("Purpose"), 80},
                                {_("Can we write to them?"), 215},
                                {_("Status"), 85},
                                {_("Since"), 125},
                                {_("Expires"), 90}});
    sizer->Add(consent_list_, 0, wxEXPAND | wxBOTTOM, 6);

    // Wraps: on a narrow card the form's button goes to a second row rather than being cut.
    auto* buttons = new wxWrapSizer(wxHORIZONTAL);
    record_button_ = new wxButton(body_, wxID_ANY, _("Record consent..."));
    withdraw_button_ = new wxButton(body_, wxID_ANY, _("Withdraw consent"));
    print_form_button_ = new wxButton(body_, wxID_ANY, _("Print consent form..."), wxDefaultPosition, wxDefaultSize, 0,
                                      wxDefaultValidator, "print_consent_form");
    print_form_button_->SetToolTip(_("A one-page form with this customer's name, the wordings with a tick box per "
                                     "channel, room for the signature and a code that links the paper to the "
                                     "consent records"));
    buttons->Add(record_button_, 0, wxRIGHT | wxBOTTOM, 8);
    buttons->Add(withdraw_button_, 0, wxRIGHT | wxBOTTOM, 8);
    buttons->Add(print_form_button_, 0, wxBOTTOM, 8);
    sizer->Add(buttons, 0, wxBOTTOM, 10);

    sizer->Add(heading(body_, _("Consent history (newest first)")), 0, wxBOTTOM, 4);
    history_list_ = make_table(body_, "history_table", 120,
                               {{_("Date"), 155},
                                {_("Action"), 90},
                                {_("Channel"), 200},
                                {_("Method"), 130},
                                {_("Wording agreed to"), 260},
                                {_("Evidence"), 170},
                                {_("Recorded by"), 100}});
    sizer->Add(history_list_, 1, wxEXPAND | wxBOTTOM, 6);

    wording_text_ =
        new wxTextCtrl(body_, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 90),
                       wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP, wxDefaultValidator, "wording_of_event");
    wording_text_->SetBackgroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_BTNFACE));
    sizer->Add(wording_text_, 0, wxEXPAND | wxBOTTOM, 10);

    sizer->Add(heading(body_, _("Messages sent or exported (newest first)")), 0, wxBOTTOM, 4);
    message_list_ = make_table(body_, "message_table", 90,
                               {{_("Date"), 155},
                                {_("Channel"), 145},
                                {_("Purpose"), 80},
                                {_("What"), 170},
                                {_("Where"), 220}});
    sizer->Add(message_list_, 0, wxEXPAND | wxBOTTOM, 8);

    // Event numbers, hashes and the events messages relied on: for an inspector or support,
    // one click away and folded by default.
    technical_ = new wxCollapsiblePane(body_, wxID_ANY, _("Technical details"), wxDefaultPosition, wxDefaultSize,
                                       wxCP_DEFAULT_STYLE | wxCP_NO_TLW_RESIZE, wxDefaultValidator,
                                       "technical_details");
    auto* tech_sizer = new wxBoxSizer(wxVERTICAL);
    technical_text_ = new wxTextCtrl(technical_->GetPane(), wxID_ANY, "", wxDefaultPosition, wxSize(-1, 140),
                                     wxTE_MULTILINE | wxTE_READONLY | wxTE_DONTWRAP, wxDefaultValidator,
                                     "technical_text");
    technical_text_->SetMinSize(wxSize(200, 140));
    tech_sizer->Add(technical_text_, 1, wxEXPAND);
    technical_->GetPane()->SetSizer(tech_sizer);
    sizer->Add(technical_, 0, wxEXPAND);

    body_->SetSizer(sizer);
    outer->Add(body_, 1, wxEXPAND | wxALL, 6);
    SetSizer(outer);
    technical_->Bind(wxEVT_COLLAPSIBLEPANE_CHANGED, [this](wxCollapsiblePaneEvent&) { relayout(); });
    consent_list_->GetTargetWindow()->Bind(wxEVT_MOTION, &DetailPane::on_consent_motion, this);

    record_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { open_consent_dialog(); });
    withdraw_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { withdraw_selected(); });
    print_form_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) {
        print_consent_form(this, session_, contact_uuid(), contact_name());
    });
    preferences_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { edit_preferences(); });
    points_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { edit_contact_points(); });
    details_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { edit_details(); });
    consent_list_->Bind(wxEVT_LIST_ITEM_SELECTED, [this](wxListEvent&) { on_consent_selected(); });
    consent_list_->Bind(wxEVT_LIST_ITEM_DESELECTED, [this](wxListEvent&) { update_buttons(); });
    history_list_->Bind(wxEVT_LIST_ITEM_SELECTED, &DetailPane::on_history_selected, this);
}

void DetailPane::show_contact(const std::string& uuid) {
    uuid_ = uuid;
    reload();
}

void DetailPane::reload() {
    overview_.reset();
    cells_.clear();
    if (!uuid_.empty()) {
        try {
            const Timestamp now = now_utc();
            overview_ = app::consent_overview(session_, uuid_, now);
            cells_ = app::consent_matrix(session_, *overview_, now);
        } catch (const std::exception& e) {
            show_error(this, _("Cannot show the customer"), e);
            overview_.reset();
        }
    }
    const bool shown = overview_.has_value();
    hint_->Show(!shown);
    body_->Show(shown);
    if (shown) {
        const Contact& c = overview_->contact;
        name_->SetLabel(from_utf8(c.display_name));
        wxString points;
        for (const auto& p : c.points) {
            if (!points.empty()) points += "\n";
            wxString value = p.kind == PointKind::phone && p.is_valid
                                 ? from_utf8(app::display_phone(p.normalized, session_.settings().default_region))
                                 : from_utf8(p.is_valid && p.kind == PointKind::email ? p.normalized : p.raw);
            points += point_kind_label(p) + ": " + value;
            if (!p.is_valid && p.kind != PointKind::postal) {
                points += wxString::Format(_("  (not valid: %s)"), translate_app_text(p.problem));
            }
        }
        points_->SetLabel(points.empty() ? wxString(_("none")) : points);
        notes_->SetLabel(c.notes.empty() ? wxString::FromUTF8("—") : from_utf8(c.notes));
        notes_->Wrap(360);
        wxString tags;
        for (const auto& t : c.tags) tags += (tags.empty() ? "" : ", ") + from_utf8(t);
        tags_->SetLabel(tags.empty() ? wxString(_("Tags: none")) : wxString::Format(_("Tags: %s"), tags));
        wxString source = source_label(c.source);
        if (c.source == SourceKind::import && !c.source_file.empty()) {
            source += wxString::Format(" (%s:%lld)", from_utf8(c.source_file), static_cast<long long>(c.source_line));
        }
        source += wxString::Format(_(", added %s"), local_time(c.created_at));
        source_->SetLabel(source);
        preferred_->SetLabel(overview_->preferences.empty() ? wxString(_("none stated (default order)"))
                                                            : channel_order_label(overview_->preferences));
        fill_consent_table();
        fill_history_table();
        fill_message_table();
    }
    update_buttons();
    relayout();
}

void DetailPane::reload_in_place() {
    const auto cell = selected_cell();
    int x = 0;
    int y = 0;
    body_->GetViewStart(&x, &y);
    reload();
    if (cell) select_consent(cell->channel, cell->purpose);
    body_->Scroll(x, y);
}

void DetailPane::relayout() {
    Layout();
    body_->FitInside();  // the scrolled height follows the content
    body_->Layout();
}

void DetailPane::on_consent_motion(wxMouseEvent& event) {
    event.Skip();
    int flags = 0;
    const long row = consent_list_->HitTest(event.GetPosition(), flags);
    if (row == tooltip_row_) return;
    tooltip_row_ = row;
    consent_list_->GetTargetWindow()->SetToolTip(row >= 0 ? consent_tooltip(static_cast<int>(row)) : wxString());
}

wxString DetailPane::consent_tooltip(int row) const {
    if (row < 0 || static_cast<std::size_t>(row) >= cells_.size()) return wxString();
    return legal_basis_tooltip(cells_[static_cast<std::size_t>(row)].decision);
}

wxString DetailPane::consent_cell(int row, int column) const {
    if (row < 0 || row >= consent_list_->GetItemCount()) return wxString();
    return consent_list_->GetItemText(row, column);
}

wxString DetailPane::column_titles() const {
    wxString out;
    for (const wxListCtrl* list : {consent_list_, history_list_, message_list_}) {
        for (int c = 0; c < list->GetColumnCount(); ++c) {
            wxListItem item;
            item.SetMask(wxLIST_MASK_TEXT);
            list->GetColumn(c, item);
            if (!out.empty()) out += "|";
            out += item.GetText();
        }
    }
    return out;
}

wxString DetailPane::technical_text() const {
    return technical_text_->GetValue();
}

wxString DetailPane::local_time(Timestamp t) const {
    return from_utf8(app::format_display(t, session_.policy_settings().zone, ui_language()));
}

void DetailPane::fill_consent_table() {
    consent_list_->DeleteAllItems();
    // Rows with events, plus marketing on every channel the customer can be reached on:
    // the ten combinations in full would hide the few that matter.
    std::vector<app::ConsentCell> shown;
    for (auto& cell : cells_) {
        const bool reachable = !cell.decision.blocked_by(BlockReason::no_contact_point) &&
                               !cell.decision.blocked_by(BlockReason::not_mobile);
        if (cell.state || (cell.purpose == Purpose::marketing && reachable)) shown.push_back(std::move(cell));
    }
    cells_ = std::move(shown);
    long row = 0;
    for (const auto& cell : cells_) {
        consent_list_->InsertItem(row, channel_label(cell.channel));
        consent_list_->SetItem(row, cc_purpose, purpose_label(cell.purpose));
        wxString since = wxString::FromUTF8("—");
        wxString status = _("none");
        if (cell.state) {
            const ConsentState& s = *cell.state;
            status = status_label(s.status);
            if (s.status == ConsentState::Status::granted && s.basis == LegalBasis::existing_customer) {
                status += _(" (existing customer)");
            }
            switch (s.status) {
                case ConsentState::Status::granted:
                    since = local_time(s.granted_at);
                    break;
                case ConsentState::Status::withdrawn:
                    since = local_time(s.withdrawn_at);
                    break;
                case ConsentState::Status::expired:
                    since = local_time(s.expired_at);
                    break;
                case ConsentState::Status::none:
                    break;
            }
            // Without the zone name ("CET") to fit the column; the history shows it.
            if (s.status != ConsentState::Status::none) since = since.BeforeLast(' ');
        }
        consent_list_->SetItem(row, cc_status, status);
        consent_list_->SetItem(row, cc_since, since);
        // The day is what matters for expiry; the exact time is in the history.
        consent_list_->SetItem(row, cc_expires,
                               cell.expires_at ? local_time(*cell.expires_at).Left(10) : wxString::FromUTF8("—"));
        consent_list_->SetItem(row, cc_decision, may_we_write(cell.decision));
        ++row;
    }
}

void DetailPane::fill_history_table() {
    history_list_->DeleteAllItems();
    wording_text_->Clear();
    const auto& events = overview_->events;
    long row = 0;
    for (auto it = events.rbegin(); it != events.rend(); ++it, ++row) {
        const ConsentEvent& e = it->event;
        history_list_->InsertItem(row, local_time(e.occurred_at));
        history_list_->SetItem(row, hc_action, action_label(e.action));
        history_list_->SetItem(row, hc_channel,
                               channel_label(e.channel) + wxString::FromUTF8(" · ") + purpose_label(e.purpose));
        history_list_->SetItem(row, hc_method, method_label(e.method));
        history_list_->SetItem(row, hc_wording,
                               it->wording ? one_line(it->wording->text, 60) : wxString::FromUTF8("—"));
        history_list_->SetItem(row, hc_evidence, from_utf8(e.evidence));
        history_list_->SetItem(row, hc_by, from_utf8(e.recorded_by));
        history_list_->SetItemData(row, static_cast<long>(std::distance(it, events.rend()) - 1));
    }
    if (!events.empty()) {
        history_list_->SetItemState(0, wxLIST_STATE_SELECTED, wxLIST_STATE_SELECTED);
        show_event_text(events.size() - 1);  // selecting in code does not always send the event
    } else {
        wording_text_->SetValue(_("No consent recorded yet for this customer."));
        technical_text_->SetValue(_("No consent events for this customer."));
    }
}

std::string DetailPane::contact_name() const {
    return overview_ ? overview_->contact.display_name : std::string();
}

void DetailPane::edit_details() {
    if (!overview_) return;
    EditCustomerDialog dlg(wxGetTopLevelParent(this), session_, overview_->contact);
    if (dlg.ShowModal() != wxID_OK) return;
    reload();
    notify_changed();
}

void DetailPane::edit_contact_points() {
    if (uuid_.empty()) return;
    bool changed = false;
    try {
        ContactPointsDialog dlg(this, session_, uuid_);
        dlg.ShowModal();
        changed = dlg.changed();
    } catch (const std::exception& e) {
        show_error(this, _("Cannot show the customer"), e);
    }
    if (changed) {
        reload();
        notify_changed();
    }
}

void DetailPane::fill_message_table() {
    message_list_->DeleteAllItems();
    const auto& messages = overview_->messages;
    long row = 0;
    for (auto it = messages.rbegin(); it != messages.rend(); ++it, ++row) {
        const Message& m = *it;
        message_list_->InsertItem(row, local_time(m.created_at));
        message_list_->SetItem(row, 1, channel_label(m.channel));
        message_list_->SetItem(row, 2, purpose_label(m.purpose));
        message_list_->SetItem(row, 3, message_status_label(m.status) + (m.error.empty() ? wxString() : ": " + from_utf8(m.error)));
        message_list_->SetItem(row, 4, from_utf8(m.destination));
    }
}

int DetailPane::message_rows() const { return message_list_->GetItemCount(); }

void DetailPane::on_history_selected(wxListEvent& event) {
    show_event_text(static_cast<std::size_t>(history_list_->GetItemData(event.GetIndex())));
}

void DetailPane::show_event_text(std::size_t index) {
    if (!overview_ || index >= overview_->events.size()) return;
    const auto& h = overview_->events[index];
    const ConsentEvent& e = h.event;
    // Everything about the event in one place, whatever the table's columns hide.
    const wxString dot = wxString::FromUTF8(" · ");
    wxString text = action_label(e.action) + dot + channel_label(e.channel) + dot + purpose_label(e.purpose) + dot +
                    method_label(e.method);
    if (e.basis == LegalBasis::existing_customer) text += dot + _("as a customer of the shop");
    text += "\n" + wxString::Format(_("Happened %s, recorded %s by %s."), local_time(e.occurred_at),
                                    local_time(e.recorded_at), from_utf8(e.recorded_by));
    if (!e.evidence.empty()) text += "\n" + wxString::Format(_("Evidence: %s"), from_utf8(e.evidence));
    if (h.wording) {
        text += "\n" +
                wxString::Format(_("Wording version %d (%s), exactly as the customer read it:"), h.wording->version,
                                 from_utf8(h.wording->language)) +
                "\n" + from_utf8(h.wording->text);
    }
    wording_text_->SetValue(text);

    // The same event as the ledger holds it, and what the messages relied on.
    wxString tech = wxString::Format(_("Event no. %lld (%s)"), static_cast<long long>(e.seq),
                                     from_utf8(e.event_uuid)) +
                    "\n" + wxString::Format(_("Legal basis: %s"), legal_basis_label(e.basis)) + "\n" +
                    wxString::Format(_("Hash: %s"), from_utf8(e.hash)) + "\n" +
                    wxString::Format(_("Previous hash: %s"), from_utf8(e.prev_hash));
    if (!e.wording_hash.empty()) tech += "\n" + wxString::Format(_("Wording hash: %s"), from_utf8(e.wording_hash));
    if (!e.evidence_hash.empty()) {
        tech += "\n" + wxString::Format(_("Evidence hash: %s"), from_utf8(e.evidence_hash));
    }
    for (const auto& cell : cells_) {
        if (cell.decision.allowed && cell.decision.authorising_seq > 0) {
            tech += "\n" + wxString::Format(_("%s: allowed by event no. %lld"),
                                            channel_label(cell.channel) + dot + purpose_label(cell.purpose),
                                            static_cast<long long>(cell.decision.authorising_seq));
        }
    }
    for (const Message& m : overview_->messages) {
        if (m.consent_seq <= 0) continue;
        tech += "\n" + wxString::Format(_("Message of %s (%s): authorised by event no. %lld"),
                                        local_time(m.created_at), channel_label(m.channel),
                                        static_cast<long long>(m.consent_seq));
    }
    technical_text_->SetValue(tech);
}

void DetailPane::on_consent_selected() {
    update_buttons();
}

std::optional<app::ConsentCell> DetailPane::selected_cell() const {
    const long sel = consent_list_->GetNextItem(-1, wxLIST_NEXT_ALL, wxLIST_STATE_SELECTED);
    if (sel < 0 || static_cast<std::size_t>(sel) >= cells_.size()) return std::nullopt;
    return cells_[static_cast<std::size_t>(sel)];
}

void DetailPane::update_buttons() {
    const bool shown = overview_.has_value();
    record_button_->Enable(shown);
    print_form_button_->Enable(shown);
    preferences_button_->Enable(shown);
    const auto cell = shown ? selected_cell() : std::nullopt;
    // Withdrawing twice adds nothing; anything else may be withdrawn (an objection to
    // service messages, too, is recorded).
    withdraw_button_->Enable(cell && !(cell->state && cell->state->status == ConsentState::Status::withdrawn));
    withdraw_button_->SetToolTip(cell ? wxString() : wxString(_("Select a row of the consent table first.")));
}

bool DetailPane::select_consent(Channel channel, Purpose purpose) {
    for (std::size_t i = 0; i < cells_.size(); ++i) {
        if (cells_[i].channel != channel || cells_[i].purpose != purpose) continue;
        const long row = static_cast<long>(i);
        consent_list_->SetItemState(row, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                                    wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
        consent_list_->EnsureVisible(row);
        update_buttons();
        return true;
    }
    return false;
}

int DetailPane::consent_rows() const {
    return consent_list_->GetItemCount();
}
int DetailPane::history_rows() const {
    return history_list_->GetItemCount();
}

wxString DetailPane::preferences_text() const {
    return preferred_->GetLabel();
}

void DetailPane::notify_changed() {
    reload();
    if (changed_) changed_(uuid_);
}

void DetailPane::open_consent_dialog() {
    if (!overview_) return;
    last_recorded_.clear();
    // Parent: the main window, so the dialog centres on it rather than on this pane.
    ConsentDialog dlg(wxGetTopLevelParent(this), session_, overview_->contact);
    if (const auto cell = selected_cell()) dlg.preselect(cell->channel, cell->purpose);
    if (dlg.ShowModal() == wxID_OK || !dlg.recorded().empty()) {
        last_recorded_ = dlg.recorded();
        notify_changed();
    }
}

void DetailPane::withdraw_selected() {
    const auto cell = selected_cell();
    if (!overview_ || !cell) return;
    last_recorded_.clear();
    // Asks how the customer asked and who records it (withdraw_dialog.hpp).
    WithdrawDialog dlg(wxGetTopLevelParent(this), session_, overview_->contact, {{cell->channel, cell->purpose}},
                       ConsentMethod::in_store_form);
    if (dlg.ShowModal() != wxID_OK) return;
    last_recorded_ = dlg.recorded();
    notify_changed();
    select_consent(cell->channel, cell->purpose);
}

void DetailPane::edit_preferences() {
    if (!overview_) return;
    // The stated order first (ticked), then the other channels (unticked) in default order.
    std::vector<Channel> order = overview_->preferences;
    for (Channel c : all_channels()) {
        if (std::find(order.begin(), order.end(), c) == order.end()) order.push_back(c);
    }
    wxArrayInt positions;
    wxArrayString items;
    for (std::size_t i = 0; i < order.size(); ++i) {
        const bool ticked = i < overview_->preferences.size();
        positions.push_back(ticked ? static_cast<int>(i) : ~static_cast<int>(i));
        items.push_back(channel_label(order[i]));
    }
    wxRearrangeDialog dlg(wxGetTopLevelParent(this),
                          _("Tick the channels this customer wants, the preferred one first.\n"
                            "Campaigns try them in this order and skip the unticked ones."),
                          _("Preferred channel"), positions, items);
    translate_standard_buttons(&dlg);
    if (dlg.ShowModal() != wxID_OK) return;
    std::vector<Channel> chosen;
    for (int pos : dlg.GetOrder()) {
        if (pos >= 0) chosen.push_back(order[static_cast<std::size_t>(pos)]);
    }
    try {
        app::set_channel_preferences(session_, overview_->contact.uuid, chosen);
    } catch (const std::exception& e) {
        show_error(this, _("Cannot save the preferred channel"), e);
        return;
    }
    notify_changed();
}

}  // namespace clientela::ui
