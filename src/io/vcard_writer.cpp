#include "io/vcard_writer.hpp"

#include <ostream>

namespace clientela::io {
namespace {

constexpr std::size_t max_line_octets = 75;

bool is_continuation_byte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// TYPE= for a known label; custom labels go into an X-ABLabel instead.
std::string_view phone_type(const RawPhone& phone) {
    if (phone.label == "mobile") return "CELL";
    if (phone.label == "home") return "HOME";
    if (phone.label == "work") return "WORK";
    if (phone.label == "main") return "MAIN";
    if (phone.label == "other") return "OTHER";
    if (phone.label == "fax") return "FAX";
    if (phone.label == "pager") return "PAGER";
    return {};
}

std::string_view email_type(const RawEmail& email) {
    if (email.label == "home") return "HOME";
    if (email.label == "work") return "WORK";
    if (email.label == "other") return "OTHER";
    return {};
}

bool is_custom(const std::string& label, std::string_view type) {
    return !label.empty() && type.empty();
}

}  // namespace

std::string escape_vcard_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        switch (c) {
            case '\\':
                out += "\\\\";
                break;
            case ',':
                out += "\\,";
                break;
            case ';':
                out += "\\;";
                break;
            case '\r':
                if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
                out += "\\n";
                break;
            case '\n':
                out += "\\n";
                break;
            default:
                out += c;
        }
    }
    return out;
}

void append_folded_line(std::string& out, std::string_view line) {
    std::size_t limit = max_line_octets;  // the first line has no leading space
    while (line.size() > limit) {
        std::size_t cut = limit;
        while (cut > 0 && is_continuation_byte(line[cut])) --cut;  // never split a character
        if (cut == 0) cut = limit;
        out.append(line.data(), cut);
        out += "\r\n ";
        line.remove_prefix(cut);
        limit = max_line_octets - 1;
    }
    out.append(line.data(), line.size());
    out += "\r\n";
}

std::string to_vcard(const RawRecord& r) {
    std::string out;
    auto line = [&](const std::string& text) { append_folded_line(out, text); };
    line("BEGIN:VCARD");
    line("VERSION:3.0");
    line("FN:" + escape_vcard_text(r.display_name));
    line("N:" + escape_vcard_text(r.family_name) + ";" + escape_vcard_text(r.given_name) + ";;;");
    if (!r.organization.empty()) line("ORG:" + escape_vcard_text(r.organization));
    int item = 0;
    for (const RawPhone& p : r.phones) {
        std::string_view type = phone_type(p);
        std::string types(type);
        if (p.mobile_hint && type != "CELL") types += types.empty() ? "CELL" : ",CELL";
        if (p.preferred) types += types.empty() ? "PREF" : ",PREF";
        std::string group;
        if (is_custom(p.label, type)) group = "item" + std::to_string(++item) + ".";
        line(group + "TEL" + (types.empty() ? "" : ";TYPE=" + types) + ":" + escape_vcard_text(p.value));
        if (!group.empty()) line(group + "X-ABLabel:" + escape_vcard_text(p.label));
    }
    for (const RawEmail& e : r.emails) {
        std::string_view type = email_type(e);
        std::string types = "INTERNET";
        if (!type.empty()) types += "," + std::string(type);
        if (e.preferred) types += ",PREF";
        std::string group;
        if (is_custom(e.label, type)) group = "item" + std::to_string(++item) + ".";
        line(group + "EMAIL;TYPE=" + types + ":" + escape_vcard_text(e.value));
        if (!group.empty()) line(group + "X-ABLabel:" + escape_vcard_text(e.label));
    }
    for (const std::string& a : r.addresses) line("ADR:;;" + escape_vcard_text(a) + ";;;;");
    if (!r.notes.empty()) line("NOTE:" + escape_vcard_text(r.notes));
    if (!r.categories.empty()) {
        std::string categories;
        for (const std::string& c : r.categories) {
            if (!categories.empty()) categories += ',';
            categories += escape_vcard_text(c);
        }
        line("CATEGORIES:" + categories);
    }
    if (!r.uid.empty()) line("UID:" + escape_vcard_text(r.uid));
    line("END:VCARD");
    return out;
}

void VCardWriter::write(const RawRecord& record) {
    out_ << to_vcard(record);
    ++written_;
}

}  // namespace clientela::io
