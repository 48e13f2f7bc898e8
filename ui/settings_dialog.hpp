// "File > Settings": the shop's name and address, phone region, consent rules and staff,
// saved in the database through the app layer so the CLI and backups share them.
#pragma once

#include "app/session.hpp"
#include "background_job.hpp"
#include "core/campaign.hpp"
#include "core/mailbox_settings.hpp"
#include "send/imap_client.hpp"
#include "send/send_error.hpp"
#include "send/whatsapp_client.hpp"

#include <wx/dialog.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

class wxButton;
class wxCheckBox;
class wxNotebook;
class wxStaticText;
class wxChoice;
class wxSpinCtrl;
class wxTextCtrl;

namespace clientela::ui {

class DatabasePage;

class SettingsDialog : public wxDialog {
public:
    SettingsDialog(wxWindow* parent, app::Session& session);
    ~SettingsDialog() override;

    // Saves; false (and a message) when the app refuses a value. Pressing OK calls it.
    bool save();
    // For the scripted GUI tests: choose a phone region by its code ("PT"); false when the
    // list does not offer it (an unknown region cannot be chosen).
    bool set_region(const wxString& region);
    bool set_time_zone(const wxString& zone);
    // What the choices show and hold, for the tests.
    wxString region_label() const;
    wxString time_zone_label() const;
    std::size_t region_count() const { return region_codes_.size(); }
    std::size_t time_zone_count() const { return zone_names_.size(); }

    // Pages: "settings_general" (the shop), "settings_email" (Correo: the SMTP server),
    // "settings_mailbox" (Buzón: the IMAP mailbox replies are read from), "settings_whatsapp"
    // (WhatsApp Business: the Cloud API number and token).
    bool show_page(const wxString& name);
    // Correo: fills the form as a person types it; "Probar conexión" (check_smtp) runs on a
    // worker thread: smtp_checking() until its result is in smtp_result_text().
    void set_email_form(const OutreachSettings& o, const wxString& password);
    void check_smtp();
    bool smtp_checking() const;
    const std::optional<bool>& smtp_check_ok() const { return smtp_ok_; }
    wxString smtp_result_text() const;

    // Buzón (`clientela-cli mailbox set`): fills the form as a person types it (an empty
    // password keeps the stored one); "Probar" (check_mailbox) connects, logs in and opens
    // the folder on a worker thread: mailbox_checking() until its result is in
    // mailbox_result_text(). mailbox_form(): what the page holds now (never the password).
    void set_mailbox_form(const MailboxSettings& m, const wxString& password);
    MailboxSettings mailbox_form() const;
    void check_mailbox();
    bool mailbox_checking() const;
    const std::optional<bool>& mailbox_check_ok() const { return mailbox_ok_; }
    wxString mailbox_result_text() const;
    // What the page says of the stored password ("there is one", "none yet"); never the password.
    wxString mailbox_password_state() const;

    // WhatsApp Business (`clientela-cli whatsapp set`): API address, phone number id and
    // token (an empty token keeps the stored one); "Probar" (check_whatsapp) reads the
    // business number from the API on a worker thread.
    void set_whatsapp_form(const wxString& base_url, const wxString& phone_number_id, const wxString& token);
    void check_whatsapp();
    bool whatsapp_checking() const;
    const std::optional<bool>& whatsapp_check_ok() const { return whatsapp_ok_; }
    wxString whatsapp_result_text() const;
    wxString whatsapp_token_state() const;

    // Base de datos (database_page.hpp, "settings_database"): after OK, the location of the
    // database the person chose when it is another than the open one (empty otherwise); the
    // caller reopens the window there. A till may change it; the other pages are read-only
    // for a till (is_manager()), whose OK saves only this choice.
    DatabasePage* database_page() { return database_page_; }
    const std::string& chosen_database() const { return chosen_database_; }
    bool is_manager() const { return manager_; }

private:
    // A till's view: every control of the shop's pages greyed out or read-only.
    void make_read_only(wxWindow* page);
    void on_ok(wxCommandEvent& event);
    void build_email_page();
    OutreachSettings email_form() const;
    bool email_changed() const;
    void build_mailbox_page();
    bool mailbox_changed() const;
    void build_whatsapp_page();
    bool whatsapp_changed() const;
    void show_secret_states();
    // A "Probar" button's run: unless `job` is still running, disables `button`, clears `ok`,
    // shows "Connecting..." in `result` and runs `work` (the app's check) on a worker thread;
    // then shows success_text(what it returned) in green, or the error in red.
    template <typename Result, typename Work, typename SuccessText>
    void run_check(std::unique_ptr<BackgroundJob<Result>>& job, wxButton* button, wxStaticText* result,
                   std::optional<bool>& ok, Work work, SuccessText success_text);

    app::Session& session_;
    wxTextCtrl* shop_name_ = nullptr;
    wxTextCtrl* address_ = nullptr;
    wxChoice* region_ = nullptr;
    wxChoice* time_zone_ = nullptr;
    std::vector<std::string> region_codes_;  // per region_ item
    std::vector<std::string> zone_names_;    // per time_zone_ item
    wxCheckBox* double_opt_in_ = nullptr;
    wxSpinCtrl* expiry_ = nullptr;
    wxTextCtrl* unsubscribe_ = nullptr;
    wxTextCtrl* staff_ = nullptr;

    wxNotebook* book_ = nullptr;
    OutreachSettings loaded_outreach_;
    wxTextCtrl* smtp_host_ = nullptr;
    wxSpinCtrl* smtp_port_ = nullptr;
    wxChoice* smtp_security_ = nullptr;
    wxTextCtrl* from_address_ = nullptr;
    wxTextCtrl* from_name_ = nullptr;
    wxTextCtrl* smtp_user_ = nullptr;
    wxTextCtrl* smtp_password_ = nullptr;
    wxButton* smtp_check_ = nullptr;
    wxStaticText* smtp_result_ = nullptr;
    std::optional<bool> smtp_ok_;
    std::unique_ptr<BackgroundJob<send::ProviderReply>> smtp_job_;

    MailboxSettings loaded_mailbox_;
    wxTextCtrl* mailbox_host_ = nullptr;
    wxSpinCtrl* mailbox_port_ = nullptr;
    wxChoice* mailbox_security_ = nullptr;
    int mailbox_security_shown_ = 0;  // the choice before the last change (moves the port along)
    wxTextCtrl* mailbox_user_ = nullptr;
    wxTextCtrl* mailbox_password_ = nullptr;
    wxStaticText* mailbox_password_state_ = nullptr;
    wxTextCtrl* mailbox_folder_ = nullptr;
    wxTextCtrl* mailbox_ca_file_ = nullptr;
    wxButton* mailbox_check_ = nullptr;
    wxStaticText* mailbox_result_ = nullptr;
    std::optional<bool> mailbox_ok_;
    std::unique_ptr<BackgroundJob<send::MailboxStatus>> mailbox_job_;

    wxTextCtrl* whatsapp_base_url_ = nullptr;
    wxTextCtrl* whatsapp_id_ = nullptr;
    wxTextCtrl* whatsapp_token_ = nullptr;
    wxStaticText* whatsapp_token_state_ = nullptr;
    wxButton* whatsapp_check_ = nullptr;
    wxStaticText* whatsapp_result_ = nullptr;
    std::optional<bool> whatsapp_ok_;
    std::unique_ptr<BackgroundJob<send::WhatsAppNumber>> whatsapp_job_;

    bool manager_ = true;
    DatabasePage* database_page_ = nullptr;
    std::string chosen_database_;
};

}  // namespace clientela::ui
