#include "io/labels.hpp"

#include "io/text_util.hpp"

#include <array>

namespace clientela::io {
namespace {

// Ranks double as priority when one property has several types ("HOME,FAX" is a fax).
enum Rank : int { none = 0, other, home, work, main_number, mobile, pager, fax };

constexpr std::array<std::string_view, 8> rank_words = {"", "other", "home", "work", "main", "mobile", "pager", "fax"};

struct Word {
    std::string_view key;  // fold_key() form
    int rank;
};

// Keys are folded (lower-case, no accents, no spaces), so "Teléfono móvil" is "telefonomovil".
// Most frequent first: every TEL and EMAIL type token of a file is looked up here.
constexpr Word known_words[] = {
    {"cell", mobile},
    {"voice", none},
    {"home", home},
    {"work", work},
    {"internet", none},
    {"mobile", mobile},
    {"fax", fax},
    {"main", main_number},
    {"other", other},
    {"iphone", mobile},
    {"pager", pager},
    {"msg", none},
    {"text", none},
    {"video", none},
    {"x400", none},
    {"movil", mobile},
    {"celular", mobile},
    {"cellular", mobile},
    {"mobil", mobile},
    {"telefonomovil", mobile},
    {"mobilephone", mobile},
    {"homefax", fax},
    {"workfax", fax},
    {"otherfax", fax},
    {"businessfax", fax},
    {"faxparticular", fax},
    {"faxdeltrabajo", fax},
    {"otrofax", fax},
    {"faxtrabajo", fax},
    {"busca", pager},
    {"buscapersonas", pager},
    {"localizador", pager},
    {"beeper", pager},
    {"principal", main_number},
    {"companymain", main_number},
    {"primary", main_number},
    {"trabajo", work},
    {"oficina", work},
    {"business", work},
    {"empresa", work},
    {"casa", home},
    {"particular", home},
    {"domicilio", home},
    {"otro", other},
    {"otra", other},
    {"otros", other},
};

bool is_pref_word(std::string_view key) {
    return key == "pref" || key == "preferred" || key == "preferido";
}

// Rank of a folded word, or -1 if the word is not known at all.
int rank_of(std::string_view key) {
    for (const Word& w : known_words) {
        if (w.key == key) return w.rank;
    }
    return -1;
}

// vCard TYPE tokens are nearly always short plain ASCII words ("CELL", "pref"): lower-case
// them on the stack instead of building a folded std::string for every property.
bool lower_plain_word(std::string_view token, char (&buffer)[24], std::string_view& key) {
    if (token.size() > sizeof buffer) return false;
    for (std::size_t i = 0; i < token.size(); ++i) {
        char c = token[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
        buffer[i] = c;
    }
    key = std::string_view(buffer, token.size());
    return true;
}

}  // namespace

void TypeLabel::add(std::string_view token) {
    char buffer[24];
    std::string_view key;
    std::string folded;
    if (!lower_plain_word(token, buffer, key)) {
        folded = fold_key(token);
        key = folded;
    }
    if (is_pref_word(key)) {
        preferred_ = true;
        return;
    }
    int rank = rank_of(key);
    if (rank == mobile) mobile_ = true;
    if (rank > rank_) rank_ = rank;
}

Label TypeLabel::result() const {
    Label label;
    label.text = std::string(rank_words[static_cast<std::size_t>(rank_)]);
    label.mobile = mobile_;
    label.preferred = preferred_;
    return label;
}

Label label_from_text(std::string_view text) {
    Label label;
    text = trim(text);
    if (text.size() >= 2 && text[0] == '*' && text[1] == ' ') {  // Google marks the primary value
        label.preferred = true;
        text = trim(text.substr(2));
    }
    if (text.size() > 8 && text.substr(0, 4) == "_$!<" && text.substr(text.size() - 4) == ">!$_") {
        text = text.substr(4, text.size() - 8);  // Apple's built-in label wrapper
    }
    std::string key = fold_key(text);
    if (is_pref_word(key)) {
        label.preferred = true;
        return label;
    }
    int rank = rank_of(key);
    if (rank > none) {
        label.text = std::string(rank_words[static_cast<std::size_t>(rank)]);
        label.mobile = rank == mobile;
    } else if (rank < 0) {
        label.text = std::string(text);
    }
    return label;
}

}  // namespace clientela::io
