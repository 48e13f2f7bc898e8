// "File > Settings": the shop's name and address, phone region, consent rules and staff,
// saved in the database through the app layer so the CLI and backups share them.
#pragma once

#include "app/session.hpp"
#include "background_job.hpp"
#include "core/campaign.hpp"
#include "send/send_error.hpp"

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

    // Pages: "settings_general" (the shop), "settings_email" (Correo: the SMTP server).
    bool show_page(const wxString& name);
    // Correo: fills the form as a person types it; "Probar conexión" (check_smtp) runs on a
    // worker thread: smtp_checking() until its result is in smtp_result_text().
    void set_email_form(const OutreachSettings& o, const wxString& password);
    void check_smtp();
    bool smtp_checking() const;
    const std::optional<bool>& smtp_check_ok() const { return smtp_ok_; }
    wxString smtp_result_text() const;

private:
    void on_ok(wxCommandEvent& event);
    void build_email_page();
    OutreachSettings email_form() const;
    bool email_changed() const;

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
};

}  // namespace clientela::ui
