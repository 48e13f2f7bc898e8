// Turns the many spellings of a phone or email label (vCard TYPE=, iOS X-ABLabel, Google
// and Outlook columns, Spanish words) into the few plain words the importer understands.
#pragma once

#include <string>
#include <string_view>

namespace clientela::io {

struct Label {
    std::string text;        // "mobile", "home", "work", "main", "other", "fax", "pager", custom or ""
    bool mobile = false;     // the label says it is a mobile number
    bool preferred = false;  // "pref" / Google's "* " primary mark
};

// Collects vCard TYPE tokens ("CELL", "HOME", "FAX", "pref", "iPhone") of one property and
// picks one label: fax > pager > mobile > main > work > home > other. Tokens that carry no
// label ("VOICE", "INTERNET", "X-foo") are ignored.
class TypeLabel {
public:
    void add(std::string_view token);
    Label result() const;
    void clear() { *this = TypeLabel{}; }

private:
    int rank_ = 0;
    bool mobile_ = false;
    bool preferred_ = false;
};

// A free-text label: iOS "_$!<HomeFAX>!$_", Google "* Mobile", "Móvil", "Tienda". Known
// words become the canonical word; anything else is kept as written (trimmed).
Label label_from_text(std::string_view text);

}  // namespace clientela::io
