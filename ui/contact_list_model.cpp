#include "contact_list_model.hpp"

#include "core/errors.hpp"
#include "labels.hpp"

#include <iostream>

namespace clientela::ui {

ContactListModel::ContactListModel(app::Session& session) : wxDataViewVirtualListModel(0), session_(session) {
    set_search("");
}

std::int64_t ContactListModel::set_search(const std::string& text) {
    search_ = text;
    total_ = session_.count_contacts(search_);
    page_.clear();
    page_start_ = 0;
    Reset(static_cast<unsigned int>(total_));
    return total_;
}

const app::BrowsedContact* ContactListModel::row(unsigned int index) const {
    if (index >= total_) return nullptr;
    if (page_.empty() || index < page_start_ || index >= page_start_ + page_.size()) {
        // Centre the page on the requested row so scrolling up and down both hit the cache.
        page_start_ = index > kPageSize / 2 ? index - kPageSize / 2 : 0;
        try {
            page_ = app::browse_contacts(session_, search_, page_start_, kPageSize, now_utc());
        } catch (const std::exception& e) {
            // Called while GTK paints: a message box here would re-enter painting. Leave
            // the rows blank; the next action that talks to the database reports it.
            std::cerr << "clientela: cannot read the contact list: " << e.what() << "\n";
            page_.clear();
        }
        if (index < page_start_ || index >= page_start_ + page_.size()) return nullptr;
    }
    return &page_[index - page_start_];
}

std::optional<unsigned int> ContactListModel::cached_index_of(const std::string& uuid) const {
    for (std::size_t i = 0; i < page_.size(); ++i) {
        if (page_[i].row.uuid == uuid) return static_cast<unsigned int>(page_start_ + i);
    }
    return std::nullopt;
}

void ContactListModel::refresh_row(unsigned int index) {
    page_.clear();
    if (index < total_) RowChanged(index);
}

void ContactListModel::GetValueByRow(wxVariant& variant, unsigned int index, unsigned int col) const {
    const app::BrowsedContact* r = row(index);
    if (!r) {
        variant = wxString();
        return;
    }
    switch (col) {
        case col_name:
            variant = from_utf8(r->row.display_name);
            break;
        case col_mobile:
            variant = from_utf8(app::display_phone(r->row.mobile, session_.settings().default_region));
            break;
        case col_email:
            variant = from_utf8(r->row.email);
            break;
        case col_marketing:
            variant = marketing_summary(r->marketing);
            break;
        case col_preferred:
            variant = r->preferences.empty() ? wxString() : short_channel_label(r->preferences.front());
            break;
        default:
            variant = wxString();
            break;
    }
}

}  // namespace clientela::ui
