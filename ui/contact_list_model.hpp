// Virtual list model over the contact store: the view asks for rows as it paints; rows are
// fetched a page at a time and the model never copies the table.
#pragma once

#include "app/session.hpp"

#include <wx/dataview.h>

#include <string>
#include <vector>

namespace clientela::ui {

class ContactListModel : public wxDataViewVirtualListModel {
public:
    enum Column { col_name, col_mobile, col_email, col_count };

    explicit ContactListModel(app::Session& session);

    // New search text: recounts and resets the view. Returns the number of matching rows.
    std::int64_t set_search(const std::string& text);
    std::int64_t total() const { return total_; }
    // Row data for a view row, fetching its page on demand (nullptr past the end).
    const app::ContactRow* row(unsigned int index) const;

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
    mutable std::vector<app::ContactRow> page_;
};

}  // namespace clientela::ui
