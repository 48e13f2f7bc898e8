// The export and erasure actions of the menus: each asks where to save (or for a
// confirmation), runs the app use case and tells the result in plain words. The *_to
// functions take the file name directly (scripted GUI tests, no file dialog).
#pragma once

#include "app/session.hpp"
#include "io/exporters_audience.hpp"

#include <wx/dialog.h>
#include <wx/string.h>

#include <optional>
#include <string>

class wxRadioBox;
class wxWindow;

namespace clientela::ui {

// Each returns true when the file was written (false after an error was shown).
bool export_ledger_to(wxWindow* parent, app::Session& session, const wxString& path);
bool export_access_report_to(wxWindow* parent, app::Session& session, const std::string& contact_uuid,
                             const wxString& path);
bool export_audience_to(wxWindow* parent, app::Session& session, Purpose purpose, Channel channel,
                        io::AudienceLayout layout, const wxString& path);

// The same, asking for the file first (nullopt when the person cancelled).
void export_ledger(wxWindow* parent, app::Session& session);
void export_access_report(wxWindow* parent, app::Session& session, const std::string& contact_uuid,
                          const std::string& display_name);
void export_audience(wxWindow* parent, app::Session& session, Purpose purpose, Channel channel);

// The tool chooser of an audience export: one radio button a tool, listed in full, those that
// cannot carry the channel greyed out and the usual one for the channel chosen. Enter is OK,
// once. Named "export_tool_dialog" for the scripted GUI tests.
class ExportToolDialog : public wxDialog {
public:
    ExportToolDialog(wxWindow* parent, Channel channel);
    io::AudienceLayout chosen() const;
    bool offered(io::AudienceLayout layout) const;

private:
    wxRadioBox* tools_ = nullptr;
};

// Which extension the save dialog's filter stands for wins over the one in the typed name:
// "informe.pdf" saved with the web page filter becomes "informe.html". Other names get the
// extension added ("informe" -> "informe.html"); extensions of no listed filter stay
// ("informe.v2" -> "informe.v2.html").
wxString path_for_filter(const wxString& path, const wxString& extension, const wxArrayString& filter_extensions);

// Asks, then erases the customer (GDPR art. 17). True when erased.
bool erase_customer(wxWindow* parent, app::Session& session, const std::string& contact_uuid,
                    const std::string& display_name);

}  // namespace clientela::ui
