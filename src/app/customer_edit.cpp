#include "app/customer_edit.hpp"

#include "core/errors.hpp"
#include "core/name_text.hpp"
#include "core/text.hpp"

#include <algorithm>

namespace clientela::app {

namespace {

std::string clean_tag(const std::string& tag) {
    return trim_spaces(tag);
}

}  // namespace

Contact edit_customer(Session& session, const std::string& contact_ref, const CustomerEdit& edit) {
    auto tx = session.database().begin_write();
    Contact c = session.contact(contact_ref);
    std::string name = c.display_name;
    if (edit.name) {
        const CleanName clean = clean_name(*edit.name);
        if (clean.text.empty() && clean.invisible_only) {
            throw ValidationError(
                "the name has only invisible characters (such as zero-width spaces or text-direction marks); "
                "type a name with letters or digits",
                "contact.name_invisible");
        }
        if (clean.text.empty()) throw ValidationError("a contact needs a name", "contact.name_missing");
        if (clean.text.size() > 300) {
            throw ValidationError("the name is longer than 300 characters", "contact.name_too_long", {"300"});
        }
        name = clean.text;
    }
    std::string notes = edit.notes ? *edit.notes : c.notes;
    if (notes.size() > 100000) {
        throw ValidationError("the note is longer than 100 000 characters", "contact.note_too_long", {"100000"});
    }
    if (!is_valid_utf8(notes)) throw ValidationError("the name or note is not valid UTF-8 text");
    std::vector<std::string> tags;
    auto add = [&](const std::string& raw) {
        const std::string tag = clean_tag(raw);
        if (tag.empty() || std::find(tags.begin(), tags.end(), tag) != tags.end()) return;
        if (tag.size() > 100) throw ValidationError("a tag is longer than 100 characters");
        if (!is_valid_utf8(tag)) throw ValidationError("a tag is not valid UTF-8 text");
        tags.push_back(tag);
    };
    for (const auto& t : edit.tags ? *edit.tags : c.tags) add(t);
    for (const auto& t : edit.add_tags) add(t);
    for (const auto& raw : edit.remove_tags) {
        const std::string tag = clean_tag(raw);
        tags.erase(std::remove(tags.begin(), tags.end(), tag), tags.end());
    }
    if (tags.size() > 50) throw ValidationError("a contact takes at most 50 tags");
    session.contacts_repo().update_details(c.id, name, notes, tags);
    tx.commit();
    return session.contact(c.uuid);
}

std::vector<std::pair<std::string, std::int64_t>> shop_tags(Session& session) {
    return session.contacts_repo().tag_counts();
}

}  // namespace clientela::app
