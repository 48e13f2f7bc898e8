#include "contact_list_model.hpp"

#include "core/errors.hpp"
#include "labels.hpp"

#include <iostream>

namespace clientela::ui {

ContactListModel::ContactListModel(app::Session& session) : session_(session) {
    set_search("");
}

std::int64_t ContactListModel::set_search(const std::string& text) {
    return set_filter(text, tag_);
}

std::int64_t ContactListModel::set_filter(const std::string& text, const std::string& tag) {
    search_ = text;
    tag_ = tag;
    total_ = session_.count_contacts(search_, tag_);
    page_.clear();
    page_start_ = 0;
    if (on_reset_) on_reset_(total_);
    return total_;
}

std::int64_t ContactListModel::reload() {
    total_ = session_.count_contacts(search_, tag_);
    page_.clear();
    page_start_ = 0;
    if (on_reload_) on_reload_(total_);
    return total_;
}

const app::BrowsedContact* ContactListModel::row(unsigned int index) const {
    if (index >= total_) return nullptr;
    if (page_.empty() || index < page_start_ || index >= page_start_ + page_.size()) {
        // Centre the page on the requested row so scrolling up and down both hit the cache.
        page_start_ = index > kPageSize / 2 ? index - kPageSize / 2 : 0;
        try {
            page_ = app::browse_contacts(session_, search_, tag_, page_start_, kPageSize, now_utc());
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
    if (index < total_ && on_row_changed_) on_row_changed_(index);
}

wxString ContactListModel::offers_by(const std::vector<app::ChannelVerdict>& verdicts) {
    // Only what is allowed: a row of crosses on every customer is noise.
    wxString out;
    for (const auto& v : verdicts) {
        if (!v.allowed) continue;
        if (!out.empty()) out += ", ";
        out += short_channel_label(v.channel);
    }
    return out.empty() ? wxString::FromUTF8("—") : out;
}

wxString ContactListModel::text(unsigned int index, Column column) const {
    const app::BrowsedContact* r = row(index);
    if (!r) return wxString();
    switch (column) {
        case col_name:
            // Tags after the name: "Lucía Pérez · novias, vip".
            if (r->tags.empty()) return from_utf8(r->row.display_name);
            {
                wxString text = from_utf8(r->row.display_name) + wxString::FromUTF8(" · ");
                for (std::size_t i = 0; i < r->tags.size(); ++i) text += (i ? ", " : "") + from_utf8(r->tags[i]);
                return text;
            }
        case col_mobile:
            return from_utf8(app::display_phone(r->row.mobile, session_.settings().default_region));
        case col_marketing:
            return offers_by(r->marketing);
        case col_preferred:
            return r->preferences.empty() ? wxString() : short_channel_label(r->preferences.front());
        case col_email:
            return from_utf8(r->row.email);
        case col_count:
            break;
    }
    return wxString();
}

}  // namespace clientela::ui
