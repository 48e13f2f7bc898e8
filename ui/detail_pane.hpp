// The right-hand pane of the main window: one customer's contact points, consent per
// channel and purpose, full consent history and preferred channels, with the buttons that
// record and withdraw consent.
#pragma once

#include "app/consent_desk.hpp"
#include "app/contact_browser.hpp"
#include "app/session.hpp"

#include <wx/panel.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

class wxButton;
class wxCollapsiblePane;
class wxScrolledWindow;
class wxListCtrl;
class wxListEvent;
class wxStaticText;
class wxTextCtrl;

namespace clientela::ui {

class DetailPane : public wxPanel {
public:
    DetailPane(wxWindow* parent, app::Session& session);

    // Shows this customer (UUID); an empty string shows the "pick a customer" hint.
    void show_contact(const std::string& uuid);
    const std::string& contact_uuid() const { return uuid_; }
    // Reads the shown customer again (after consent changed elsewhere).
    void reload();
    // The same, keeping what the person was looking at: the card's scroll position and the
    // consent row selected (another till changed something; main_frame_refresh.cpp).
    void reload_in_place();

    // Called after this pane recorded events for the shown customer (refresh list, status).
    void on_changed(std::function<void(const std::string& uuid)> callback) { changed_ = std::move(callback); }

    // The user's actions, also driven by the scripted GUI tests.
    void open_consent_dialog();
    void withdraw_selected();
    void edit_preferences();
    void edit_contact_points();
    // Name, notes and tags (EditCustomerDialog); the list follows through on_changed.
    void edit_details();
    // The shown customer's name (empty when none is shown).
    std::string contact_name() const;
    // Selects the consent table row of (channel, purpose); false when it is not listed.
    bool select_consent(Channel channel, Purpose purpose);
    // Events recorded by the last consent dialog or withdrawal (empty when none).
    const std::vector<ConsentEvent>& last_recorded() const { return last_recorded_; }
    // Rows shown in the two tables (for tests and the status line).
    int consent_rows() const;
    int history_rows() const;
    int message_rows() const;
    wxString preferences_text() const;
    // Whether a row of the consent table is selected (what Withdraw acts on).
    bool has_selected_consent() const { return selected_cell().has_value(); }
    // The card's scrolling area and its "Technical details" section (event numbers and
    // hashes live there, not on the card itself); for the scripted tests.
    wxScrolledWindow* card() const { return body_; }
    wxCollapsiblePane* technical() const { return technical_; }
    wxString technical_text() const;
    // A cell of the consent table as shown, and the tooltip of its row ("legal basis: ...").
    wxString consent_cell(int row, int column) const;
    wxString consent_tooltip(int row) const;
    // Column titles of the three tables, joined by "|".
    wxString column_titles() const;

private:
    void build();
    void fill_consent_table();
    void fill_history_table();
    void fill_message_table();
    void on_consent_selected();
    void on_history_selected(wxListEvent& event);
    void show_event_text(std::size_t index);  // index into overview_->events
    void on_consent_motion(wxMouseEvent& event);
    void relayout();
    void update_buttons();
    void notify_changed();
    std::optional<app::ConsentCell> selected_cell() const;
    wxString local_time(Timestamp t) const;

    app::Session& session_;
    std::string uuid_;
    std::optional<app::ConsentOverview> overview_;
    std::vector<app::ConsentCell> cells_;  // rows of consent_list_, same order
    std::vector<ConsentEvent> last_recorded_;
    std::function<void(const std::string&)> changed_;

    wxStaticText* hint_ = nullptr;
    wxScrolledWindow* body_ = nullptr;
    wxCollapsiblePane* technical_ = nullptr;
    wxTextCtrl* technical_text_ = nullptr;
    wxStaticText* consent_heading_ = nullptr;
    long tooltip_row_ = -2;
    wxStaticText* name_ = nullptr;
    wxStaticText* points_ = nullptr;
    wxStaticText* notes_ = nullptr;
    wxStaticText* tags_ = nullptr;
    wxButton* details_button_ = nullptr;
    wxStaticText* source_ = nullptr;
    wxStaticText* preferred_ = nullptr;
    wxListCtrl* consent_list_ = nullptr;
    wxListCtrl* history_list_ = nullptr;
    wxListCtrl* message_list_ = nullptr;
    wxTextCtrl* wording_text_ = nullptr;
    wxButton* record_button_ = nullptr;
    wxButton* withdraw_button_ = nullptr;
    wxButton* print_form_button_ = nullptr;  // the printable consent form (consent_form_actions.hpp)
    wxButton* preferences_button_ = nullptr;
    wxButton* points_button_ = nullptr;
};

}  // namespace clientela::ui
