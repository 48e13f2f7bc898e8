// The main window: search box, virtual contact list and status bar with counts.
#pragma once

#include "app/session.hpp"

#include <wx/frame.h>
#include <wx/timer.h>

class wxDataViewCtrl;
class wxSearchCtrl;

namespace clientela::ui {

class ContactListModel;

class MainFrame : public wxFrame {
public:
    MainFrame(app::Session& session, bool report_ready);
    ~MainFrame() override;

    // Re-reads the list (after an import, the demo shop ...).
    void refresh_list();

private:
    void build_menu();
    void on_search_text(wxCommandEvent& event);
    void on_search_timer(wxTimerEvent& event);
    void on_load_demo(wxCommandEvent& event);
    void on_about(wxCommandEvent& event);
    void on_quit(wxCommandEvent& event);
    void on_first_idle(wxIdleEvent& event);
    void update_status();

    app::Session& session_;
    wxSearchCtrl* search_ = nullptr;
    wxDataViewCtrl* list_ = nullptr;
    ContactListModel* model_ = nullptr;  // owned by the control through wxObjectDataPtr
    wxTimer search_timer_;
    bool report_ready_ = false;
};

}  // namespace clientela::ui
