// Virtual list model over the contact store: the view asks for rows as it paints; rows are
// fetched a page at a time (with their marketing summary) and the model never copies the table.
#pragma once

#include "app/contact_browser.hpp"
#include "app/session.hpp"

#include <wx/dataview.h>

#include <optional>
#include <string>
#include <vector>

namespace clientela::ui {

class ContactListModel : public wxDataViewVirtualListModel {
public:
    enum Column { col_name, col_mobile, col_email, col_marketing, col_preferred, col_count };

    explicit ContactListModel(app::Session& session);

    // New search text: recounts and resets the view. Returns the number of matching rows.
    std::int64_t set_search(const std::string& text);
    std::int64_t total() const { return total_; }
    // Row data for a view row, fetching its page on demand (nullptr past the end).
    const app::BrowsedContact* row(unsigned int index) const;
    // View row of a contact in the cached page, if it is there (after a refresh, to keep
    // the selection on the same person).
    std::optional<unsigned int> cached_index_of(const std::string& uuid) const;
    // Forgets the cached page and repaints one row (its consent changed).
    void refresh_row(unsigned int index);

    unsigned int GetColumnCount() const override { return col_count; }
    wxString GetColumnType(unsigned int) const override { return "string"; }
    void GetValueByRow(wxVariant& variant, unsigned int row, unsigned int col) const override;
    bool SetValueByRow(const wxVariant&, unsigned int, unsigned int) override { return false; }

private:
    static constexpr unsigned int kPageSize = 200;

    app::Session& session_;
    std::string search_;
    std::int64_t total_ = 0;
    mutable unsigned int page_start_ = 0;
    mutable std::vector<app::BrowsedContact> page_;
};

}  // namespace clientela::ui
