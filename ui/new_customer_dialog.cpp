#include "new_customer_dialog.hpp"

#include "labels.hpp"
#include "messages.hpp"
#include "wording_dialog.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/combobox.h>
#include <wx/intl.h>
#include <wx/scrolwin.h>
#include <wx/settings.h>
#include <wx/sizer.h>
#include <wx/statbox.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/tokenzr.h>

#include <algorithm>

namespace clientela::ui {

namespace {

wxString short_title(const app::ScopedWording& w) {
    return wxString::Format(_("%s v%d"), from_utf8(w.name), w.wording.version);
}

std::vector<std::string> split_tags(const wxString& text) {
    std::vector<std::string> out;
    wxStringTokenizer tokens(text, ",");
    while (tokens.HasMoreTokens()) {
        const std::string tag = to_utf8(tokens.GetNextToken().Strip(wxString::both));
        if (!tag.empty() && std::find(out.begin(), out.end(), tag) == out.end()) out.push_back(tag);
    }
    return out;
}

}  // namespace

NewCustomerDialog::NewCustomerDialog(wxWindow* parent, app::Session& session)
    : wxDialog(parent, wxID_ANY, _("New customer"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, "new_customer_dialog"),
      session_(session) {
    build();
    CentreOnParent();
}

void NewCustomerDialog::build() {
    // The form scrolls inside the dialog: it fits a 1024x600 till screen; two columns so
    // that it seldom needs to.
    body_ = new wxScrolledWindow(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, wxVSCROLL, "new_customer_body");
    body_->SetScrollRate(0, 10);
    auto* columns = new wxBoxSizer(wxHORIZONTAL);

    // Left: who the customer is.
    auto* who = new wxStaticBoxSizer(wxVERTICAL, body_, _("Customer"));
    auto* box = who->GetStaticBox();
    auto* grid = new wxFlexGridSizer(2, wxSize(8, 6));
    grid->AddGrowableCol(1, 1);
    auto add_field = [&](const std::string& key, const wxString& label, const wxString& hint, long style, int height) {
        grid->Add(new wxStaticText(box, wxID_ANY, label), 0, (style & wxTE_MULTILINE ? wxALIGN_TOP : wxALIGN_CENTER_VERTICAL) | wxALIGN_RIGHT);
        auto* text = new wxTextCtrl(box, wxID_ANY, "", wxDefaultPosition, wxSize(250, height), style, wxDefaultValidator, key);
        text->SetHint(hint);
        grid->Add(text, 1, wxEXPAND);
        fields_[key] = text;
        return text;
    };
    add_field("name", _("Name:"), _("e.g. Lucía Pérez Gil"), 0, -1);
    add_field("mobile", _("Mobile:"), _("e.g. 612 34 56 78"), 0, -1);
    add_field("email", _("Email:"), _("e.g. lucia@example.es"), 0, -1);
    add_field("notes", _("Notes:"), wxString(), wxTE_MULTILINE, 70);
    add_field("tags", _("Tags:"), _("comma separated, e.g. vip, novias"), 0, -1);
    who->Add(grid, 1, wxEXPAND | wxALL, 6);
    readmit_ = new wxStaticText(box, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, "readmit_notice");
    readmit_->SetForegroundColour(wxColour(150, 80, 0));
    who->Add(readmit_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 6);
    columns->Add(who, 1, wxEXPAND | wxRIGHT, 8);

    // Right: what the customer agrees to, with the exact text per channel.
    auto* consent = new wxStaticBoxSizer(wxVERTICAL, body_, _("Offers the customer agrees to receive"));
    auto* cbox = consent->GetStaticBox();
    for (Channel c : {Channel::email, Channel::sms, Channel::whatsapp_business}) {
        ChannelRow row;
        row.channel = c;
        try {
            row.offered = app::wordings_for(session_, c, Purpose::marketing, LegalBasis::consent);
        } catch (const std::exception& e) {
            show_error(this, _("Cannot read the wordings"), e);
        }
        auto* line = new wxBoxSizer(wxHORIZONTAL);
        row.box = new wxCheckBox(cbox, wxID_ANY, channel_label(c), wxDefaultPosition, wxDefaultSize, 0,
                                 wxDefaultValidator, std::string("tick_") + std::string(to_string(c)));
        line->Add(row.box, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 6);
        row.choice = new wxChoice(cbox, wxID_ANY);
        for (const auto& w : row.offered) row.choice->Append(short_title(w));
        if (!row.offered.empty()) row.choice->SetSelection(0);
        line->Add(row.choice, 1, wxALIGN_CENTER_VERTICAL);
        consent->Add(line, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 4);
        row.text = new wxTextCtrl(cbox, wxID_ANY, "", wxDefaultPosition, wxSize(380, 74),
                                  wxTE_MULTILINE | wxTE_READONLY | wxTE_WORDWRAP, wxDefaultValidator, "wording_text");
        row.text->SetBackgroundColour(wxSystemSettings::GetColour(wxSYS_COLOUR_BTNFACE));
        consent->Add(row.text, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 4);
        if (row.offered.empty()) {
            row.box->Disable();
            row.choice->Disable();
            row.text->SetValue(_("No text for offers on this channel yet: add one in Settings > Consent wordings."));
        }
        rows_.push_back(row);
    }
    // The ticks as wide as the widest, so the texts' choices line up.
    int tick_width = 0;
    for (const auto& row : rows_) tick_width = std::max(tick_width, row.box->GetBestSize().GetWidth());
    for (auto& row : rows_) row.box->SetMinSize(wxSize(tick_width, -1));
    for (std::size_t i = 0; i < rows_.size(); ++i) {
        rows_[i].box->Bind(wxEVT_CHECKBOX, [this](wxCommandEvent&) { update_rows(); });
        rows_[i].choice->Bind(wxEVT_CHOICE, [this](wxCommandEvent&) { update_rows(); });
    }

    auto* how = new wxFlexGridSizer(2, wxSize(8, 6));
    how->AddGrowableCol(1, 1);
    methods_.clear();
    method_ = new wxChoice(cbox, wxID_ANY);
    for (ConsentMethod m : all_consent_methods()) {
        if (m == ConsentMethod::phone_request || m == ConsentMethod::import_attested) continue;
        methods_.push_back(m);
        method_->Append(method_label(m));
    }
    method_->SetSelection(0);
    how->Add(new wxStaticText(cbox, wxID_ANY, _("How:")), 0, wxALIGN_CENTER_VERTICAL | wxALIGN_RIGHT);
    how->Add(method_, 1, wxEXPAND);
    how->Add(new wxStaticText(cbox, wxID_ANY, _("Evidence:")), 0, wxALIGN_CENTER_VERTICAL | wxALIGN_RIGHT);
    auto* evidence = new wxTextCtrl(cbox, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator, "evidence");
    evidence->SetHint(_("e.g. signed form no. 123, blue folder"));
    fields_["evidence"] = evidence;
    how->Add(evidence, 1, wxEXPAND);
    wxArrayString staff;
    for (const auto& s : session_.settings().staff) staff.push_back(from_utf8(s));
    recorded_by_ = new wxComboBox(cbox, wxID_ANY, staff.empty() ? wxString() : staff[0], wxDefaultPosition,
                                  wxDefaultSize, staff, wxCB_DROPDOWN);
    how->Add(new wxStaticText(cbox, wxID_ANY, _("Recorded by:")), 0, wxALIGN_CENTER_VERTICAL | wxALIGN_RIGHT);
    how->Add(recorded_by_, 1, wxEXPAND);
    consent->Add(how, 0, wxEXPAND | wxALL, 4);
    columns->Add(consent, 1, wxEXPAND);

    auto* body_sizer = new wxBoxSizer(wxVERTICAL);
    body_sizer->Add(columns, 1, wxEXPAND | wxALL, 8);
    body_->SetSizer(body_sizer);
    body_->FitInside();

    auto* top = new wxBoxSizer(wxVERTICAL);
    top->Add(body_, 1, wxEXPAND);
    error_ = new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, "new_customer_error");
    error_->SetForegroundColour(*wxRED);
    top->Add(error_, 0, wxEXPAND | wxLEFT | wxRIGHT, 10);
    auto* buttons = CreateStdDialogButtonSizer(wxOK | wxCANCEL);
    translate_standard_buttons(this);
    if (auto* ok = FindWindow(wxID_OK)) ok->SetLabel(_("Save"));
    top->Add(buttons, 0, wxEXPAND | wxALL, 8);
    SetSizer(top);
    // As large as the form needs, but never larger than the screen: the body scrolls.
    const wxSize wanted = body_sizer->GetMinSize() + wxSize(20, 0);
    const wxRect screen = wxGetClientDisplayRect();
    const int chrome = buttons->GetMinSize().GetHeight() + 60;
    SetClientSize(wxSize(std::min(wanted.GetWidth(), screen.GetWidth() - 40),
                         std::min(wanted.GetHeight() + chrome, screen.GetHeight() - 60)));
    body_->SetMinSize(wxSize(-1, 120));
    update_rows();

    for (const char* key : {"mobile", "email"}) {
        fields_[key]->Bind(wxEVT_TEXT, [this](wxCommandEvent&) { update_readmit(); });
    }
    for (auto& [key, text] : fields_) {
        text->Bind(wxEVT_TEXT, [this](wxCommandEvent& e) {
            if (!error_->GetLabel().empty()) show_error_text(wxString());
            e.Skip();
        });
    }
    Bind(wxEVT_BUTTON, &NewCustomerDialog::on_save, this, wxID_OK);
    fields_["name"]->SetFocus();
}

const app::ScopedWording* NewCustomerDialog::chosen(const ChannelRow& row) const {
    const int sel = row.choice->GetSelection();
    if (sel < 0 || static_cast<std::size_t>(sel) >= row.offered.size()) return nullptr;
    return &row.offered[static_cast<std::size_t>(sel)];
}

void NewCustomerDialog::update_rows() {
    for (auto& row : rows_) {
        if (row.offered.empty()) continue;
        const auto* w = chosen(row);
        row.text->SetValue(w ? from_utf8(w->wording.text) : wxString());
        // The text the customer reads stands out when its channel is ticked.
        row.text->Enable(row.box->IsChecked());
    }
    update_readmit();
}

void NewCustomerDialog::update_readmit() {
    std::optional<app::SuppressionNotice> notice;
    try {
        const std::string mobile = to_utf8(fields_["mobile"]->GetValue().Strip(wxString::both));
        const std::string email = to_utf8(fields_["email"]->GetValue().Strip(wxString::both));
        notice = app::suppression_of(session_, mobile.empty() ? std::vector<std::string>{}
                                                              : std::vector<std::string>{mobile},
                                     email.empty() ? std::vector<std::string>{} : std::vector<std::string>{email});
    } catch (const std::exception&) {
        notice.reset();  // a half-typed value: nothing to say yet
    }
    readmit_needed_ = notice.has_value();
    wxString text;
    if (notice) {
        text = notice->kind == PointKind::email
                   ? wxString::Format(_("This email asked for no more messages on %s; saving with their signature "
                                        "readmits them."),
                                      from_utf8(notice->day))
                   : wxString::Format(_("This number asked for no more messages on %s; saving with their signature "
                                        "readmits them."),
                                      from_utf8(notice->day));
    }
    if (readmit_->GetLabel() != text) {
        readmit_->SetLabel(text);
        readmit_->Wrap(320);
        body_->GetSizer()->Layout();
        body_->FitInside();
    }
}

void NewCustomerDialog::show_error_text(const wxString& text) {
    error_->SetLabel(text);
    error_->Wrap(std::max(300, GetClientSize().GetWidth() - 30));
    Layout();
}

void NewCustomerDialog::on_save(wxCommandEvent&) {
    app::NewCustomerRequest r;
    r.contact.name = to_utf8(fields_["name"]->GetValue().Strip(wxString::both));
    const std::string mobile = to_utf8(fields_["mobile"]->GetValue().Strip(wxString::both));
    const std::string email = to_utf8(fields_["email"]->GetValue().Strip(wxString::both));
    if (!mobile.empty()) r.contact.phones.push_back(mobile);
    if (!email.empty()) r.contact.emails.push_back(email);
    r.contact.note = to_utf8(fields_["notes"]->GetValue());
    r.contact.tags = split_tags(fields_["tags"]->GetValue());
    r.contact.source = SourceKind::manual;
    for (const auto& row : rows_) {
        if (!row.box->IsChecked()) continue;
        const auto* w = chosen(row);
        if (!w) continue;
        r.grants.push_back({row.channel, Purpose::marketing, LegalBasis::consent, w->wording.id});
    }
    r.method = methods_.at(static_cast<std::size_t>(std::max(0, method_->GetSelection())));
    r.evidence = to_utf8(fields_["evidence"]->GetValue().Strip(wxString::both));
    r.recorded_by = to_utf8(recorded_by_->GetValue().Strip(wxString::both));
    if (!r.grants.empty() && r.recorded_by.empty()) {
        show_error_text(_("Say who is recording this consent."));
        return;
    }
    // The notice was on screen: saving with the customer's signature is the readmit.
    r.readmit = readmit_needed_;
    try {
        saved_ = app::create_customer(session_, r);
    } catch (const WordingScopeError& e) {
        show_error_text(scope_problem_text(e.problem()));  // nothing was stored; every typed value stays
        return;
    } catch (const std::exception& e) {
        show_error_text(error_text(e));  // nothing was stored; every typed value stays
        return;
    }
    show_warnings(this, _("Customer saved, please check"), _("The customer was saved, but:"), saved_.warnings);
    EndModal(wxID_OK);
}

wxTextCtrl* NewCustomerDialog::field(const std::string& name) const {
    const auto it = fields_.find(name);
    return it == fields_.end() ? nullptr : it->second;
}

void NewCustomerDialog::type_field(const std::string& name, const wxString& text) {
    if (auto* f = field(name)) f->SetValue(text);  // SetValue sends wxEVT_TEXT, as typing does
}

wxString NewCustomerDialog::field_value(const std::string& name) const {
    const auto* f = field(name);
    return f ? f->GetValue() : wxString();
}

bool NewCustomerDialog::tick(Channel channel, bool on) {
    for (auto& row : rows_) {
        if (row.channel != channel || !row.box->IsEnabled()) continue;
        row.box->SetValue(on);
        wxCommandEvent event(wxEVT_CHECKBOX, row.box->GetId());
        event.SetEventObject(row.box);
        event.SetInt(on ? 1 : 0);
        row.box->GetEventHandler()->ProcessEvent(event);
        return true;
    }
    return false;
}

bool NewCustomerDialog::select_wording(Channel channel, const std::string& name) {
    for (auto& row : rows_) {
        if (row.channel != channel) continue;
        for (std::size_t i = 0; i < row.offered.size(); ++i) {
            if (row.offered[i].name != name) continue;
            row.choice->SetSelection(static_cast<int>(i));
            update_rows();
            return true;
        }
    }
    return false;
}

wxString NewCustomerDialog::wording_shown_for(Channel channel) const {
    for (const auto& row : rows_) {
        if (row.channel == channel) return row.text->GetValue();
    }
    return wxString();
}

std::string NewCustomerDialog::wording_name_for(Channel channel) const {
    for (const auto& row : rows_) {
        if (row.channel != channel) continue;
        const auto* w = chosen(row);
        return w ? w->name : std::string();
    }
    return std::string();
}

wxString NewCustomerDialog::error_shown() const {
    return error_->GetLabel();
}

wxString NewCustomerDialog::readmit_shown() const {
    return readmit_->GetLabel();
}

}  // namespace clientela::ui
