#include "main_frame.hpp"

#include "app/demo_shop.hpp"
#include "contact_list_model.hpp"
#include "core/errors.hpp"

#include <wx/aboutdlg.h>
#include <wx/dataview.h>
#include <wx/intl.h>
#include <wx/menu.h>
#include <wx/msgdlg.h>
#include <wx/panel.h>
#include <wx/sizer.h>
#include <wx/srchctrl.h>
#include <wx/statusbr.h>

#include <iostream>

namespace clientela::ui {

namespace {
enum { ID_LOAD_DEMO = wxID_HIGHEST + 1 };
constexpr int kSearchDelayMs = 120;  // wait for a pause in typing before querying
}  // namespace

MainFrame::MainFrame(app::Session& session, bool report_ready)
    : wxFrame(nullptr, wxID_ANY, "Clientela", wxDefaultPosition, wxSize(960, 640)),
      session_(session),
      search_timer_(this),
      report_ready_(report_ready) {
    build_menu();
    CreateStatusBar(2);

    auto* panel = new wxPanel(this);
    search_ = new wxSearchCtrl(panel, wxID_ANY);
    search_->SetDescriptiveText(_("Search by name, phone or email"));
    search_->ShowCancelButton(true);

    list_ = new wxDataViewCtrl(panel, wxID_ANY, wxDefaultPosition, wxDefaultSize,
                               wxDV_SINGLE | wxDV_ROW_LINES | wxDV_VERT_RULES);
    model_ = new ContactListModel(session_);
    list_->AssociateModel(model_);
    model_->DecRef();  // the control holds the reference now
    list_->AppendTextColumn(_("Name"), ContactListModel::col_name, wxDATAVIEW_CELL_INERT, 320);
    list_->AppendTextColumn(_("Mobile"), ContactListModel::col_mobile, wxDATAVIEW_CELL_INERT, 180);
    list_->AppendTextColumn(_("Email"), ContactListModel::col_email, wxDATAVIEW_CELL_INERT, 300);

    auto* sizer = new wxBoxSizer(wxVERTICAL);
    sizer->Add(search_, 0, wxEXPAND | wxALL, 8);
    sizer->Add(list_, 1, wxEXPAND | wxLEFT | wxRIGHT | wxBOTTOM, 8);
    panel->SetSizer(sizer);

    search_->Bind(wxEVT_TEXT, &MainFrame::on_search_text, this);
    search_->Bind(wxEVT_SEARCHCTRL_CANCEL_BTN, [this](wxCommandEvent&) {
        search_->Clear();
        refresh_list();
    });
    Bind(wxEVT_TIMER, &MainFrame::on_search_timer, this);
    Bind(wxEVT_IDLE, &MainFrame::on_first_idle, this);
    update_status();
    search_->SetFocus();
}

MainFrame::~MainFrame() = default;

void MainFrame::build_menu() {
    auto* file = new wxMenu;
    file->Append(ID_LOAD_DEMO, _("Load &demo shop"), _("Fill an empty database with a small Spanish demo shop"));
    file->AppendSeparator();
    file->Append(wxID_EXIT, _("&Quit\tCtrl+Q"));
    auto* help = new wxMenu;
    help->Append(wxID_ABOUT, _("&About Clientela"));
    auto* bar = new wxMenuBar;
    bar->Append(file, _("&File"));
    bar->Append(help, _("&Help"));
    SetMenuBar(bar);
    Bind(wxEVT_MENU, &MainFrame::on_load_demo, this, ID_LOAD_DEMO);
    Bind(wxEVT_MENU, &MainFrame::on_about, this, wxID_ABOUT);
    Bind(wxEVT_MENU, &MainFrame::on_quit, this, wxID_EXIT);
}

void MainFrame::refresh_list() {
    model_->set_search(search_->GetValue().utf8_string());
    update_status();
}

void MainFrame::on_search_text(wxCommandEvent&) { search_timer_.StartOnce(kSearchDelayMs); }

void MainFrame::on_search_timer(wxTimerEvent&) { refresh_list(); }

void MainFrame::update_status() {
    const auto total = session_.stats().contacts;
    SetStatusText(wxString::Format(_("%lld customers"), static_cast<long long>(total)), 0);
    if (!search_->GetValue().empty()) {
        SetStatusText(wxString::Format(_("%lld found"), static_cast<long long>(model_->total())), 1);
    } else {
        SetStatusText(wxString::FromUTF8(session_.settings().shop_name), 1);
    }
}

void MainFrame::on_load_demo(wxCommandEvent&) {
    try {
        const int n = app::load_demo_shop(session_);
        refresh_list();
        wxMessageBox(wxString::Format(_("Demo shop loaded: %d customers."), n), "Clientela",
                     wxOK | wxICON_INFORMATION, this);
    } catch (const Error& e) {
        wxMessageBox(wxString::FromUTF8(e.what()), _("Cannot load the demo shop"), wxOK | wxICON_WARNING, this);
    }
}

void MainFrame::on_about(wxCommandEvent&) {
    wxAboutDialogInfo info;
    info.SetName("Clientela");
    info.SetVersion(CLIENTELA_VERSION);
    info.SetDescription(_("Customers, explicit consent and outreach by official channels for a small shop."));
    wxAboutBox(info, this);
}

void MainFrame::on_quit(wxCommandEvent&) { Close(true); }

void MainFrame::on_first_idle(wxIdleEvent& event) {
    Unbind(wxEVT_IDLE, &MainFrame::on_first_idle, this);
    event.Skip();
    if (report_ready_) {
        // Read by the GUI smoke test: proves the window shows rows from the store.
        std::cout << "clientela-ui ready title=" << GetTitle().utf8_string() << " rows=" << model_->total()
                  << " first=" << (model_->row(0) ? model_->row(0)->display_name : "") << std::endl;
    }
}

}  // namespace clientela::ui
