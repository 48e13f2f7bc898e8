// The contact list's rows over the contact store: the list asks for rows as it paints;
// rows are fetched a page at a time (with their marketing summary) and the model never
// copies the table. The view (ContactList) listens for new rows and changed rows.
#pragma once

#include "app/contact_browser.hpp"
#include "app/session.hpp"

#include <wx/string.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clientela::ui {

class ContactListModel {
public:
    // In the order the list shows them. Email last: the longest and least read column may
    // run off the right edge; the marketing summary and preferred channel are what the shop
    // owner looks for.
    enum Column { col_name, col_mobile, col_marketing, col_preferred, col_email, col_count };

    explicit ContactListModel(app::Session& session);

    // Called with the new row count after set_search, and with a row after refresh_row.
    void on_reset(std::function<void(std::int64_t rows)> handler) { on_reset_ = std::move(handler); }
    void on_row_changed(std::function<void(unsigned int row)> handler) { on_row_changed_ = std::move(handler); }

    // New search text: recounts and resets the view. Returns the number of matching rows.
    std::int64_t set_search(const std::string& text);
    // New search text and tag (empty: every tag); they combine. Returns the matching rows.
    std::int64_t set_filter(const std::string& text, const std::string& tag);
    const std::string& tag() const { return tag_; }
    const std::string& search() const { return search_; }
    // The same search and tag read again (another till changed the data): recounts, forgets
    // the cached page and calls on_reload, which keeps the view where it is.
    std::int64_t reload();
    void on_reload(std::function<void(std::int64_t rows)> handler) { on_reload_ = std::move(handler); }
    std::int64_t total() const { return total_; }
    // Row data for a view row, fetching its page on demand (nullptr past the end).
    const app::BrowsedContact* row(unsigned int index) const;
    // View row of a contact in the cached page, if it is there (after a refresh, to keep
    // the selection on the same person).
    std::optional<unsigned int> cached_index_of(const std::string& uuid) const;
    // Forgets the cached page and repaints one row (its consent changed).
    void refresh_row(unsigned int index);
    // The marketing column: the channels offers may go out on ("Email, WhatsApp"), or "—".
    static wxString offers_by(const std::vector<app::ChannelVerdict>& verdicts);
    // A cell as the list shows it; empty past the end.
    wxString text(unsigned int index, Column column) const;

private:
    static constexpr unsigned int kPageSize = 200;

    app::Session& session_;
    std::string search_;
    std::string tag_;
    std::int64_t total_ = 0;
    mutable unsigned int page_start_ = 0;
    mutable std::vector<app::BrowsedContact> page_;
    std::function<void(std::int64_t)> on_reset_;
    std::function<void(unsigned int)> on_row_changed_;
    std::function<void(std::int64_t)> on_reload_;
};

}  // namespace clientela::ui
