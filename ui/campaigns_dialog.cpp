#include "campaigns_dialog.hpp"

#include "labels.hpp"
#include "messages.hpp"

#include "app/local_time.hpp"
#include "app/outreach_config.hpp"
#include "app/secret_store.hpp"

#include <wx/button.h>
#include <wx/checkbox.h>
#include <wx/choice.h>
#include <wx/gauge.h>
#include <wx/intl.h>
#include <wx/listctrl.h>
#include <wx/sizer.h>
#include <wx/stattext.h>
#include <wx/textctrl.h>
#include <wx/tokenzr.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

namespace clientela::ui {

namespace {

wxString outcome_label(const std::string& status) {
    if (status == "sent") return _("Sent");
    if (status == "failed") return _("Failed");
    if (status == "unknown") return _("Unknown (handed over, no reply)");
    if (status == "skipped") return _("Not sent: no consent when its turn came");
    if (status == "skipped_sent") return _("Already sent");
    if (status == "skipped_unknown") return _("May have been sent before");
    if (status == "not_attempted") return _("Not attempted (stopped)");
    return from_utf8(status);
}

wxString channels_text(const std::vector<Channel>& channels) {
    wxString out;
    for (Channel c : channels) out += (out.empty() ? "" : ", ") + short_channel_label(c);
    return out;
}

std::vector<std::string> split_list(const wxString& text, const wxString& separators) {
    std::vector<std::string> out;
    wxStringTokenizer t(text, separators, wxTOKEN_STRTOK);
    while (t.HasMoreTokens()) {
        wxString part = t.GetNextToken();
        part.Trim(true).Trim(false);
        if (!part.empty()) out.push_back(to_utf8(part));
    }
    return out;
}

wxString exclusion_text(const app::CampaignExclusion& x) {
    if (!x.same_mailbox_as.empty()) return _("Same mailbox as a customer who gets it: one message per address");
    if (x.tried.empty()) return _("Prefers channels this campaign does not use");
    return reason_short(app::campaign_main_reason(x));
}

}  // namespace

// ---- NewCampaignDialog ----

NewCampaignDialog::NewCampaignDialog(wxWindow* parent, app::Session& session)
    : wxDialog(parent, wxID_ANY, _("New campaign"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, "new_campaign_dialog"),
      session_(session) {
    auto* top = new wxBoxSizer(wxVERTICAL);
    auto* head = new wxFlexGridSizer(2, wxSize(8, 6));
    head->AddGrowableCol(1, 1);
    auto label = [this, head](const wxString& text) {
        head->Add(new wxStaticText(this, wxID_ANY, text), 0, wxALIGN_CENTER_VERTICAL);
    };
    label(_("Name:"));
    name_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator,
                           "campaign_name");
    head->Add(name_, 1, wxEXPAND);
    label(_("Purpose:"));
    purpose_ = new wxChoice(this, wxID_ANY, wxDefaultPosition, wxDefaultSize, 0, nullptr, 0, wxDefaultValidator,
                            "campaign_purpose");
    for (Purpose p : all_purposes()) purpose_->Append(purpose_label(p));
    purpose_->SetSelection(0);
    head->Add(purpose_, 0);
    label(_("Channels:"));
    auto* channels = new wxBoxSizer(wxHORIZONTAL);
    email_ = new wxCheckBox(this, wxID_ANY, channel_label(Channel::email), wxDefaultPosition, wxDefaultSize, 0,
                            wxDefaultValidator, "campaign_email");
    email_->SetValue(true);
    whatsapp_ = new wxCheckBox(this, wxID_ANY, channel_label(Channel::whatsapp_business), wxDefaultPosition,
                               wxDefaultSize, 0, wxDefaultValidator, "campaign_whatsapp");
    channels->Add(email_, 0, wxRIGHT, 16);
    channels->Add(whatsapp_, 0);
    head->Add(channels, 0);
    label(_("Tags (who gets it):"));
    tags_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator,
                           "campaign_tags");
    tags_->SetHint(_("Empty: every customer; or tags separated by commas"));
    head->Add(tags_, 1, wxEXPAND);
    top->Add(head, 0, wxEXPAND | wxALL, 10);

    auto* columns = new wxBoxSizer(wxHORIZONTAL);
    auto* mail = new wxBoxSizer(wxVERTICAL);
    auto* mail_title = new wxStaticText(this, wxID_ANY, _("Email"));
    mail_title->SetFont(mail_title->GetFont().Bold());
    mail->Add(mail_title, 0, wxBOTTOM, 4);
    mail->Add(new wxStaticText(this, wxID_ANY, _("Subject ({nombre} is the customer's first name):")), 0);
    subject_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator,
                              "campaign_subject");
    mail->Add(subject_, 0, wxEXPAND | wxBOTTOM, 4);
    mail->Add(new wxStaticText(this, wxID_ANY, _("Text:")), 0);
    text_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 90), wxTE_MULTILINE, wxDefaultValidator,
                           "campaign_text");
    mail->Add(text_, 1, wxEXPAND | wxBOTTOM, 4);
    mail->Add(new wxStaticText(this, wxID_ANY, _("Web page version (HTML, optional):")), 0);
    html_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 50), wxTE_MULTILINE, wxDefaultValidator,
                           "campaign_html");
    mail->Add(html_, 1, wxEXPAND);
    columns->Add(mail, 3, wxEXPAND | wxRIGHT, 12);

    auto* wa = new wxBoxSizer(wxVERTICAL);
    auto* wa_title = new wxStaticText(this, wxID_ANY, channel_label(Channel::whatsapp_business));
    wa_title->SetFont(wa_title->GetFont().Bold());
    wa->Add(wa_title, 0, wxBOTTOM, 4);
    wa->Add(new wxStaticText(this, wxID_ANY, _("Approved template:")), 0);
    template_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator,
                               "campaign_template");
    wa->Add(template_, 0, wxEXPAND | wxBOTTOM, 4);
    wa->Add(new wxStaticText(this, wxID_ANY, _("Template language:")), 0);
    language_ = new wxTextCtrl(this, wxID_ANY, "es", wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator,
                               "campaign_language");
    wa->Add(language_, 0, wxEXPAND | wxBOTTOM, 4);
    wa->Add(new wxStaticText(this, wxID_ANY, _("Parameters, one per line:")), 0);
    parameters_ = new wxTextCtrl(this, wxID_ANY, "", wxDefaultPosition, wxSize(-1, 60), wxTE_MULTILINE,
                                 wxDefaultValidator, "campaign_parameters");
    wa->Add(parameters_, 1, wxEXPAND);
    columns->Add(wa, 2, wxEXPAND);
    top->Add(columns, 1, wxEXPAND | wxLEFT | wxRIGHT, 10);

    problem_ = new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, "campaign_problem");
    problem_->SetForegroundColour(*wxRED);
    top->Add(problem_, 0, wxEXPAND | wxLEFT | wxRIGHT | wxTOP, 10);
    top->Add(CreateStdDialogButtonSizer(wxOK | wxCANCEL), 0, wxEXPAND | wxALL, 10);
    translate_standard_buttons(this);
    SetSizer(top);
    SetSize(FromDIP(wxSize(820, 500)));
    Bind(wxEVT_BUTTON, &NewCampaignDialog::on_ok, this, wxID_OK);
    CentreOnParent();
}

app::NewCampaign NewCampaignDialog::form() const {
    app::NewCampaign n;
    n.name = to_utf8(name_->GetValue().Strip(wxString::both));
    n.purpose = all_purposes().at(static_cast<std::size_t>(std::max(0, purpose_->GetSelection())));
    if (email_->GetValue()) n.channels.push_back(Channel::email);
    if (whatsapp_->GetValue()) n.channels.push_back(Channel::whatsapp_business);
    n.tags = split_list(tags_->GetValue(), ",");
    n.subject = to_utf8(subject_->GetValue());
    n.text = to_utf8(text_->GetValue());
    n.html = to_utf8(html_->GetValue());
    n.wa_template = to_utf8(template_->GetValue().Strip(wxString::both));
    n.wa_language = to_utf8(language_->GetValue().Strip(wxString::both));
    n.wa_parameters = split_list(parameters_->GetValue(), "\n");
    return n;
}

void NewCampaignDialog::on_ok(wxCommandEvent&) {
    try {
        created_ = app::create_campaign(session_, form());
    } catch (const std::exception& e) {
        problem_->SetLabel(error_text(e));
        problem_->Wrap(GetClientSize().GetWidth() - 20);
        Layout();
        return;
    }
    EndModal(wxID_OK);
}

// ---- CampaignsDialog ----

CampaignsDialog::CampaignsDialog(wxWindow* parent, app::Session& session)
    : wxDialog(parent, wxID_ANY, _("Campaigns"), wxDefaultPosition, wxDefaultSize,
               wxDEFAULT_DIALOG_STYLE | wxRESIZE_BORDER, "campaigns_dialog"),
      session_(session),
      send_job_(this, session),
      test_job_(this, session) {
    build_controls();
    reload();
    CentreOnParent();
}

CampaignsDialog::~CampaignsDialog() {
    send_job_.cancel();  // the jobs' destructors join: the message in flight finishes first
    test_job_.cancel();
}

void CampaignsDialog::build_controls() {
    auto* top = new wxBoxSizer(wxVERTICAL);
    campaigns_list_ = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(-1, 110)),
                                     wxLC_REPORT | wxLC_SINGLE_SEL, wxDefaultValidator, "campaigns_list");
    campaigns_list_->AppendColumn(_("Campaign"), wxLIST_FORMAT_LEFT, FromDIP(220));
    campaigns_list_->AppendColumn(_("Channels"), wxLIST_FORMAT_LEFT, FromDIP(150));
    campaigns_list_->AppendColumn(_("State"), wxLIST_FORMAT_LEFT, FromDIP(420));
    top->Add(campaigns_list_, 0, wxEXPAND | wxALL, 10);

    auto* buttons = new wxBoxSizer(wxHORIZONTAL);
    new_button_ = new wxButton(this, wxID_ANY, _("&New campaign..."), wxDefaultPosition, wxDefaultSize, 0,
                               wxDefaultValidator, "campaign_new");
    preview_button_ = new wxButton(this, wxID_ANY, _("&Preview"), wxDefaultPosition, wxDefaultSize, 0,
                                   wxDefaultValidator, "campaign_preview");
    test_button_ = new wxButton(this, wxID_ANY, _("Send me a &test"), wxDefaultPosition, wxDefaultSize, 0,
                                wxDefaultValidator, "campaign_test");
    test_button_->SetToolTip(_("One copy to the shop's own sender address, marked [PRUEBA]; not logged"));
    send_button_ = new wxButton(this, wxID_ANY, _("&Send"), wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator,
                                "campaign_send");
    send_button_->SetToolTip(_("Sends to everyone allowed now who has not had it yet; after a stop, sends the rest"));
    stop_button_ = new wxButton(this, wxID_ANY, _("S&top"), wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator,
                                "campaign_stop");
    for (auto* b : {new_button_, preview_button_, test_button_, send_button_, stop_button_}) {
        buttons->Add(b, 0, wxRIGHT, 6);
    }
    top->Add(buttons, 0, wxLEFT | wxRIGHT, 10);

    auto* progress = new wxBoxSizer(wxHORIZONTAL);
    gauge_ = new wxGauge(this, wxID_ANY, 1, wxDefaultPosition, FromDIP(wxSize(220, -1)), wxGA_HORIZONTAL,
                         wxDefaultValidator, "campaign_gauge");
    state_ = new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END | wxST_NO_AUTORESIZE,
                              "campaign_state");
    progress->Add(gauge_, 0, wxALIGN_CENTER_VERTICAL | wxRIGHT, 8);
    progress->Add(state_, 1, wxALIGN_CENTER_VERTICAL);
    top->Add(progress, 0, wxEXPAND | wxALL, 10);
    reasons_ = new wxStaticText(this, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, wxST_ELLIPSIZE_END | wxST_NO_AUTORESIZE,
                                "campaign_reasons");
    top->Add(reasons_, 0, wxEXPAND | wxLEFT | wxRIGHT, 10);

    recipients_ = new wxListCtrl(this, wxID_ANY, wxDefaultPosition, FromDIP(wxSize(-1, 150)), wxLC_REPORT,
                                 wxDefaultValidator, "campaign_recipients");
    recipients_->AppendColumn(_("Customer"), wxLIST_FORMAT_LEFT, FromDIP(200));
    recipients_->AppendColumn(_("Channel"), wxLIST_FORMAT_LEFT, FromDIP(110));
    recipients_->AppendColumn(_("Address"), wxLIST_FORMAT_LEFT, FromDIP(200));
    recipients_->AppendColumn(_("State"), wxLIST_FORMAT_LEFT, FromDIP(180));
    recipients_->AppendColumn(_("Detail"), wxLIST_FORMAT_LEFT, FromDIP(260));
    top->Add(recipients_, 1, wxEXPAND | wxALL, 10);
    top->Add(CreateStdDialogButtonSizer(wxCLOSE), 0, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 10);
    translate_standard_buttons(this);
    // Long sentences are cut with "…" (the whole one in the tooltip) rather than widen the window.
    state_->SetMinSize(FromDIP(wxSize(100, -1)));
    reasons_->SetMinSize(FromDIP(wxSize(100, -1)));
    SetSizer(top);
    SetEscapeId(wxID_CLOSE);
    SetSize(FromDIP(wxSize(900, 520)));

    campaigns_list_->Bind(wxEVT_LIST_ITEM_SELECTED, &CampaignsDialog::on_campaign_selected, this);
    new_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { new_campaign(); });
    preview_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { preview(); });
    test_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { send_test(); });
    send_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { send(); });
    stop_button_->Bind(wxEVT_BUTTON, [this](wxCommandEvent&) { stop(); });
    Bind(
        wxEVT_BUTTON,
        [this](wxCommandEvent&) {
            if (busy()) {
                set_state(_("Stop the sending first, then close."));
                return;
            }
            EndModal(wxID_CLOSE);
        },
        wxID_CLOSE);
    Bind(wxEVT_CLOSE_WINDOW, [this](wxCloseEvent& e) {
        if (busy() && e.CanVeto()) {
            e.Veto();
            set_state(_("Stop the sending first, then close."));
            return;
        }
        e.Skip();
    });
}

void CampaignsDialog::set_state(const wxString& text) {
    state_->SetLabel(text);
    state_->SetToolTip(text);
}

void CampaignsDialog::reload() {
    const std::string keep = chosen_ ? chosen_->uuid : std::string();
    campaigns_ = app::list_campaigns(session_);
    campaigns_list_->DeleteAllItems();
    const auto zone = session_.policy_settings().zone;
    long select = -1;
    for (std::size_t i = 0; i < campaigns_.size(); ++i) {
        const Campaign& c = campaigns_[i];
        const long row = campaigns_list_->InsertItem(static_cast<long>(i), from_utf8(c.name));
        campaigns_list_->SetItem(row, 1, channels_text(c.channels));
        wxString state;
        if (!c.was_sent()) {
            state = _("Not sent yet");
        } else {
            const auto counts = app::campaign_counts(app::campaign_messages(session_, c));
            auto n = [&counts](const char* status) {
                const auto it = counts.customers.find(status);
                return it == counts.customers.end() ? 0 : it->second;
            };
            state = wxString::Format(_("Sent since %s: %d sent, %d failed, %d not sent"),
                                     from_utf8(app::format_local(c.sent_at, zone)), n("sent"), n("failed"),
                                     n("skipped"));
        }
        campaigns_list_->SetItem(row, 2, state);
        if (c.uuid == keep) {
            select = row;
            chosen_ = c;  // its state as read again
        }
    }
    if (select >= 0) {
        campaigns_list_->SetItemState(select, wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                                      wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
    } else {
        chosen_.reset();
    }
    update_buttons();
}

bool CampaignsDialog::choose(const std::string& name) {
    for (std::size_t i = 0; i < campaigns_.size(); ++i) {
        if (campaigns_[i].name != name) continue;
        // As a click does: the list selects the row and says so (on_campaign_selected).
        campaigns_list_->SetItemState(static_cast<long>(i), wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED,
                                      wxLIST_STATE_SELECTED | wxLIST_STATE_FOCUSED);
        if (!chosen_ || chosen_->uuid != campaigns_[i].uuid) {
            chosen_ = campaigns_[i];
            show_campaign_messages();
        }
        return true;
    }
    return false;
}

void CampaignsDialog::on_campaign_selected(wxListEvent& event) {
    const long row = event.GetIndex();
    if (row < 0 || static_cast<std::size_t>(row) >= campaigns_.size()) return;
    if (chosen_ && chosen_->uuid == campaigns_[static_cast<std::size_t>(row)].uuid) {
        chosen_ = campaigns_[static_cast<std::size_t>(row)];  // its state as read again
        return;
    }
    chosen_ = campaigns_[static_cast<std::size_t>(row)];
    show_campaign_messages();
}

void CampaignsDialog::update_buttons() {
    const bool sending = send_job_.running();
    const bool any = chosen_.has_value();
    new_button_->Enable(!sending);
    preview_button_->Enable(any && !sending);
    test_button_->Enable(any && !sending && !test_job_.running() &&
                         std::find(chosen_->channels.begin(), chosen_->channels.end(), Channel::email) !=
                             chosen_->channels.end());
    send_button_->Enable(any && !sending);
    stop_button_->Enable(sending);
    campaigns_list_->Enable(!sending);
}

// Reopening a campaign: what happened to each customer (campaign show).
void CampaignsDialog::show_campaign_messages() {
    preview_.reset();
    recipients_->DeleteAllItems();
    reasons_->SetLabel("");
    gauge_->SetValue(0);
    update_buttons();
    if (!chosen_) return;
    try {
        const auto messages = app::campaign_messages(session_, *chosen_);
        for (const auto& m : messages) {
            const long row = recipients_->InsertItem(recipients_->GetItemCount(),
                                                     m.contact_name.empty() ? _("(erased)") : from_utf8(m.contact_name));
            recipients_->SetItem(row, 1, short_channel_label(m.message.channel));
            recipients_->SetItem(row, 2, from_utf8(m.message.recipient));
            recipients_->SetItem(row, 3, message_status_label(m.message.status));
            recipients_->SetItem(row, 4, translate_app_text(m.message.error));
        }
        const auto counts = app::campaign_counts(messages);
        if (!chosen_->was_sent()) {
            set_state(_("Not sent yet: preview it, send yourself a test, then send."));
        } else {
            wxString parts;
            for (const auto& [status, n] : counts.customers) {
                parts += (parts.empty() ? "" : ", ") +
                         wxString::Format("%d %s", n, message_status_label(message_status_from_string(status)));
            }
            set_state(wxString::Format(_("%d customers: %s"), counts.total_customers, parts));
        }
    } catch (const std::exception& e) {
        set_state(error_text(e));
    }
}

void CampaignsDialog::new_campaign() {
    NewCampaignDialog dlg(this, session_);
    if (dlg.ShowModal() != wxID_OK || !dlg.created()) return;
    chosen_ = *dlg.created();
    reload();
    show_campaign_messages();
}

void CampaignsDialog::preview() {
    if (!chosen_) return;
    error_.clear();
    try {
        preview_ = app::preview_campaign(session_, *chosen_, now_utc());
    } catch (const std::exception& e) {
        preview_.reset();
        error_ = to_utf8(error_text(e));
        set_state(error_text(e));
        return;
    }
    show_preview();
}

void CampaignsDialog::show_preview() {
    recipients_->DeleteAllItems();
    const auto& a = preview_->audience;
    auto add = [this](const app::ContactRow& c, Channel ch, const std::string& address, const wxString& state,
                      const wxString& detail) {
        const long row = recipients_->InsertItem(recipients_->GetItemCount(), from_utf8(c.display_name));
        recipients_->SetItem(row, 1, short_channel_label(ch));
        recipients_->SetItem(row, 2, from_utf8(address));
        recipients_->SetItem(row, 3, state);
        recipients_->SetItem(row, 4, detail);
    };
    for (const auto& r : a.included) add(r.contact, r.channel, r.address, _("Will get it"), basis_label(r.basis));
    for (const auto& h : preview_->already) {
        add(h.recipient.contact, h.recipient.channel, h.recipient.address, _("Already handled"),
            message_status_label(h.status));
    }
    for (const auto& x : a.excluded) {
        add(x.contact, x.tried.empty() ? Channel::email : x.tried.front().first, "", _("Will not get it"),
            exclusion_text(x));
    }
    set_state(wxString::Format(_("Would send now: %zu get it, %zu already handled, %zu do not"), a.included.size(),
                               preview_->already.size(), a.excluded.size()));
    reasons_->SetLabel(reason_counts_text());
    reasons_->SetToolTip(reason_counts_text());
    gauge_->SetValue(0);
}

wxString CampaignsDialog::reason_counts_text() const {
    if (!preview_) return wxString();
    const auto counts = app::campaign_exclusion_counts(preview_->audience);
    wxString out;
    auto add = [&out](const wxString& what, std::size_t n) {
        if (n == 0) return;
        if (!out.empty()) out += wxString::FromUTF8(" · ");
        out += wxString::Format("%s: %zu", what, n);
    };
    for (const auto& [reason, n] : counts.by_reason) add(reason_short(reason), n);
    add(_("same mailbox"), counts.same_mailbox);
    add(_("prefers other channels"), counts.other_note);
    if (!preview_->audience.excluded.empty()) out = _("Why not: ") + out;
    return out;
}

void CampaignsDialog::send_test() {
    if (!chosen_ || test_job_.running()) return;
    std::string to;
    try {
        to = app::outreach_settings(session_).from_address;
    } catch (const std::exception& e) {
        set_state(error_text(e));
        return;
    }
    if (to.empty()) {
        set_state(_("Set the shop's email sender in Settings first: the test goes to that address."));
        return;
    }
    error_.clear();
    test_.reset();
    set_state(wxString::Format(_("Sending a test copy to %s..."), from_utf8(to)));
    const Campaign c = *chosen_;
    test_job_.start(
        [c, to](app::Session& s, const std::atomic<bool>&) {
            return app::send_campaign_test(s, c, to, app::SecretStore{});
        },
        [this](std::optional<app::TestSendResult> r, std::string error) {
            if (r) {
                test_ = *r;
                set_state(wxString::Format(_("Test copy sent to %s with %s's name: look in that mailbox."),
                                           from_utf8(r->to), from_utf8(r->sample_name)));
            } else {
                error_ = error;
                set_state(wxString::Format(_("The test copy was not sent: %s"), from_utf8(error)));
            }
            update_buttons();
        });
    update_buttons();
}

void CampaignsDialog::send() {
    if (!chosen_ || send_job_.running()) return;
    error_.clear();
    report_.reset();
    outcomes_seen_ = 0;
    preview_.reset();
    recipients_->DeleteAllItems();
    reasons_->SetLabel("");
    gauge_->SetRange(1);
    gauge_->SetValue(0);
    set_state(_("Sending..."));
    const Campaign c = *chosen_;
    send_job_.start(
        [this, c](app::Session& s, const std::atomic<bool>& cancelled) {
            // A BAJA waiting in the shop's mailbox is honoured before anyone is written to.
            app::check_mailbox_before_send(s, app::SecretStore{});
            const std::size_t total = app::campaign_audience(s, c, now_utc()).included.size();
            CallAfter([this, total] { gauge_->SetRange(static_cast<int>(std::max<std::size_t>(total, 1))); });
            app::SendOptions options;
            options.stop_requested = [&cancelled] { return cancelled.load(); };
            return app::send_campaign(s, c, options, [this](const app::RecipientOutcome& o) {
                CallAfter([this, o] { add_outcome(o); });
            });
        },
        [this](std::optional<app::SendReport> r, std::string error) { on_send_done(std::move(r), error); });
    update_buttons();
}

void CampaignsDialog::stop() {
    if (!send_job_.running()) return;
    send_job_.cancel();
    stop_button_->Enable(false);
    set_state(_("Stopping after the message in flight..."));
}

void CampaignsDialog::add_outcome(const app::RecipientOutcome& o) {
    ++outcomes_seen_;
    const long row = recipients_->InsertItem(recipients_->GetItemCount(), from_utf8(o.contact.display_name));
    recipients_->SetItem(row, 1, short_channel_label(o.channel));
    recipients_->SetItem(row, 2, from_utf8(o.address));
    recipients_->SetItem(row, 3, outcome_label(o.status));
    recipients_->SetItem(row, 4, translate_app_text(o.error));
    recipients_->EnsureVisible(row);
    gauge_->SetValue(std::min(outcomes_seen_, gauge_->GetRange()));
    if (send_job_.running()) {
        set_state(wxString::Format(_("Sending: %d of %d"), outcomes_seen_, gauge_->GetRange()));
    }
}

void CampaignsDialog::on_send_done(std::optional<app::SendReport> r, const std::string& error) {
    try {
        reload();  // the list's state column; the outcomes stay listed below
    } catch (const std::exception& e) {
        set_state(error_text(e));
    }
    if (!r) {
        error_ = error;
        set_state(wxString::Format(_("Nothing more was sent: %s"), from_utf8(error)));
    } else {
        report_ = std::move(*r);
        const auto& p = *report_;
        wxString text = wxString::Format(_("%d sent, %d failed, %d already sent, %d not sent (no consent), %d not "
                                           "attempted"),
                                         p.sent, p.failed, p.skipped_sent, p.skipped, p.not_attempted);
        if (p.interrupted) text += _(". Stopped: press Send to send the rest.");
        if (p.stopped) text += ". " + translate_app_text(p.stop_reason);
        set_state(text);
    }
    update_buttons();
}

wxString CampaignsDialog::state_text() const {
    return state_->GetLabel();
}

long CampaignsDialog::recipient_rows() const {
    return recipients_->GetItemCount();
}

wxString CampaignsDialog::recipient_row(long row) const {
    wxString out;
    for (int col = 0; col < recipients_->GetColumnCount(); ++col) {
        out += (col ? " | " : "") + recipients_->GetItemText(row, col);
    }
    return out;
}

long CampaignsDialog::campaign_rows() const {
    return campaigns_list_->GetItemCount();
}

wxString CampaignsDialog::campaign_row(long row) const {
    wxString out;
    for (int col = 0; col < campaigns_list_->GetColumnCount(); ++col) {
        out += (col ? " | " : "") + campaigns_list_->GetItemText(row, col);
    }
    return out;
}

}  // namespace clientela::ui
