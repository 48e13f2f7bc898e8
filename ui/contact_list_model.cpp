#include "contact_list_model.hpp"

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

const app::ContactRow* ContactListModel::row(unsigned int index) const {
    if (index >= total_) return nullptr;
    if (page_.empty() || index < page_start_ || index >= page_start_ + page_.size()) {
        // Centre the page on the requested row so scrolling up and down both hit the cache.
        page_start_ = index > kPageSize / 2 ? index - kPageSize / 2 : 0;
        page_ = session_.list_contacts(search_, page_start_, kPageSize);
        if (index >= page_start_ + page_.size()) return nullptr;
    }
    return &page_[index - page_start_];
}

void ContactListModel::GetValueByRow(wxVariant& variant, unsigned int index, unsigned int col) const {
    const app::ContactRow* r = row(index);
    if (!r) {
        variant = wxString();
        return;
    }
    switch (col) {
        case col_name: variant = wxString::FromUTF8(r->display_name); break;
        case col_mobile: variant = wxString::FromUTF8(r->mobile); break;
        case col_email: variant = wxString::FromUTF8(r->email); break;
        default: variant = wxString(); break;
    }
}

}  // namespace clientela::ui
