// The export and erasure actions of the menus: each asks where to save (or for a
// confirmation), runs the app use case and tells the result in plain words. The *_to
// functions take the file name directly (scripted GUI tests, no file dialog).
#pragma once

#include "app/session.hpp"
#include "io/exporters_audience.hpp"

#include <wx/string.h>

#include <optional>
#include <string>

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

// Asks, then erases the customer (GDPR art. 17). True when erased.
bool erase_customer(wxWindow* parent, app::Session& session, const std::string& contact_uuid,
                    const std::string& display_name);

}  // namespace clientela::ui
