#include "io/vcard_card_builder.hpp"

#include "core/errors.hpp"
#include "io/text_util.hpp"

#include <algorithm>

namespace clientela::io {
namespace {

enum class Property { other, version, fn, n, org, note, tel, email, adr, categories, uid, ab_label };

Property classify(std::string_view name) {
    switch (name.size()) {
        case 1:
            if (iequals(name, "N")) return Property::n;
            break;
        case 2:
            if (iequals(name, "FN")) return Property::fn;
            break;
        case 3:
            if (iequals(name, "TEL")) return Property::tel;
            if (iequals(name, "ORG")) return Property::org;
            if (iequals(name, "ADR")) return Property::adr;
            if (iequals(name, "UID")) return Property::uid;
            break;
        case 4:
            if (iequals(name, "NOTE")) return Property::note;
            break;
        case 5:
            if (iequals(name, "EMAIL")) return Property::email;
            break;
        case 7:
            if (iequals(name, "VERSION")) return Property::version;
            break;
        case 9:
            if (iequals(name, "X-ABLABEL")) return Property::ab_label;
            break;
        case 10:
            if (iequals(name, "CATEGORIES")) return Property::categories;
            break;
        default:
            break;
    }
    return Property::other;
}

std::string_view unquote(std::string_view v) {
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') return v.substr(1, v.size() - 2);
    return v;
}

void join_into(std::string& out, std::string_view piece, std::string_view separator) {
    if (piece.empty()) return;
    if (!out.empty()) out += separator;
    out += piece;
}

}  // namespace

void VCardCardBuilder::begin(RawRecord& record, std::size_t line) {
    clear_record(record);
    record.line = line;
    record_ = &record;
    version_ = 30;
    additional_names_.clear();
    grouped_.clear();
    group_labels_.clear();
}

VCardCardBuilder::Params VCardCardBuilder::read_params(const vcard::ContentLine& property, bool collect_types) {
    Params out;
    types_.clear();
    out.encoding = vcard::transfer_encoding(property);
    for (const vcard::Param& p : property.params) {
        if (p.name.empty()) {
            // vCard 2.1 bare parameters: "TEL;CELL;PREF:". Encodings were handled above.
            if (collect_types) types_.add(p.value);
        } else if (iequals(p.name, "TYPE")) {
            if (collect_types) vcard::for_each_param_token(p.value, [&](std::string_view t) { types_.add(t); });
        } else if (iequals(p.name, "CHARSET")) {
            out.charset = unquote(p.value);
        } else if (iequals(p.name, "PREF")) {
            out.preferred = unquote(p.value) == "1";  // RFC 6350: 1 is the most preferred
        } else if (iequals(p.name, "VALUE")) {
            out.uri = iequals(unquote(p.value), "uri");
        }
    }
    return out;
}

void VCardCardBuilder::warn_once(std::vector<std::string>& seen, const std::string& key, std::size_t line,
                                 const std::string& message) {
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) return;
    seen.push_back(key);
    const bool charset = key.rfind("charset:", 0) == 0;
    issues_.push_back({line, IssueKind::warning, message, charset ? "read.unknown_charset" : "read.windows_1252",
                       charset ? std::vector<std::string>{key.substr(8)} : std::vector<std::string>{}});
}

// Transfer decoding first, then the charset on the whole value: Android splits
// quoted-printable lines inside multi-byte UTF-8 sequences, so bytes must be joined first.
void VCardCardBuilder::decode_value(const vcard::ContentLine& property, const Params& params, std::size_t line) {
    std::string_view bytes = property.value;
    if (params.encoding != vcard::TransferEncoding::none) {
        bytes_.clear();
        if (params.encoding == vcard::TransferEncoding::quoted_printable) {
            vcard::decode_quoted_printable(bytes, bytes_);
        } else {
            vcard::decode_base64(bytes, bytes_);
        }
        bytes = bytes_;
    }
    text_.clear();
    if (!params.charset.empty() && !is_utf8_charset(params.charset)) {
        try {
            converter_.append_utf8(bytes, params.charset, text_);
            value_ = text_;
            return;
        } catch (const ValidationError&) {
            text_.clear();
            warn_once(warned_, "charset:" + std::string(params.charset), line,
                      "line " + std::to_string(line) + " names an unknown character set \"" +
                          std::string(params.charset) + "\"; its values were read as UTF-8 or Windows-1252");
        }
    }
    if (is_valid_utf8(bytes)) {
        value_ = bytes;  // the common case: no copy
        return;
    }
    converter_.append_utf8(bytes, "WINDOWS-1252", text_);
    value_ = text_;
    warn_once(
        warned_, "legacy", line,
        "line " + std::to_string(line) + " is not valid UTF-8; it and any other such values were read as Windows-1252");
}

void VCardCardBuilder::unescape_into(std::string_view text, std::string& out) const {
    out.clear();
    vcard::append_unescaped(text, version_ >= 30, out);
    normalise_newlines(out);
    std::string_view trimmed = trim(out);
    if (trimmed.size() == out.size()) return;
    std::size_t offset = static_cast<std::size_t>(trimmed.data() - out.data());
    out.erase(offset + trimmed.size());
    out.erase(0, offset);
}

void VCardCardBuilder::split_components(char separator) {
    vcard::split_unescaped(value_, separator, parts_);
    if (components_.size() < parts_.size()) components_.resize(parts_.size());
    for (std::size_t i = 0; i < parts_.size(); ++i) unescape_into(parts_[i], components_[i]);
    component_count_ = parts_.size();
}

std::string_view VCardCardBuilder::component(std::size_t i) const {
    return i < component_count_ ? std::string_view(components_[i]) : std::string_view();
}

void VCardCardBuilder::add_name() {
    split_components(';');
    if (record_->family_name.empty()) record_->family_name = component(0);
    if (record_->given_name.empty()) record_->given_name = component(1);
    if (additional_names_.empty()) additional_names_ = component(2);
}

void VCardCardBuilder::add_address() {
    // ADR: post office box; extended address; street; locality; region; postal code; country.
    split_components(';');
    for (std::size_t i = 0; i < component_count_; ++i) {
        std::string& c = components_[i];
        std::size_t nl;
        while ((nl = c.find('\n')) != std::string::npos) c.replace(nl, 1, ", ");
    }
    std::string address;
    join_into(address, component(2), ", ");
    join_into(address, component(1), ", ");
    join_into(address, component(0), ", ");
    std::string town(component(5));
    join_into(town, component(3), " ");
    join_into(address, town, ", ");
    join_into(address, component(4), ", ");
    join_into(address, component(6), ", ");
    if (!address.empty() && accept_point(*record_)) record_->addresses.push_back(std::move(address));
}

void VCardCardBuilder::add_phone(const vcard::ContentLine& property, const Params& params) {
    unescape_into(value_, scratch_);
    std::string_view v = scratch_;
    if (params.uri || istarts_with(v, "tel:")) {
        if (istarts_with(v, "tel:")) v.remove_prefix(4);
        v = v.substr(0, v.find(';'));  // ";ext=..." and other URI parameters
        v = trim(v);
    }
    if (v.empty() || !accept_point(*record_)) return;
    Label label = types_.result();
    RawPhone phone;
    phone.value = std::string(v);
    phone.label = std::move(label.text);
    phone.mobile_hint = label.mobile;
    phone.preferred = label.preferred || params.preferred;
    record_->phones.push_back(std::move(phone));
    if (!property.group.empty()) grouped_.push_back({std::string(property.group), true, record_->phones.size() - 1});
}

void VCardCardBuilder::add_email(const vcard::ContentLine& property, const Params& params) {
    unescape_into(value_, scratch_);
    std::string_view v = scratch_;
    if (istarts_with(v, "mailto:")) v = trim(v.substr(7));
    if (v.empty() || !accept_point(*record_)) return;
    Label label = types_.result();
    RawEmail email;
    email.value = std::string(v);
    email.label = label.text == "mobile" ? std::string() : std::move(label.text);
    email.preferred = label.preferred || params.preferred;
    record_->emails.push_back(std::move(email));
    if (!property.group.empty()) grouped_.push_back({std::string(property.group), false, record_->emails.size() - 1});
}

void VCardCardBuilder::add(const vcard::ContentLine& property, std::size_t line) {
    if (record_ == nullptr) return;
    Property kind = classify(property.name);
    if (kind == Property::other) return;
    bool typed = kind == Property::tel || kind == Property::email;
    Params params = read_params(property, typed);
    decode_value(property, params, line);
    RawRecord& r = *record_;
    switch (kind) {
        case Property::version: {
            std::string_view v = trim(value_);
            version_ = v == "2.1" ? 21 : (v.substr(0, 1) == "4" ? 40 : 30);
            break;
        }
        case Property::fn:
            if (r.display_name.empty()) unescape_into(value_, r.display_name);
            break;
        case Property::n:
            add_name();
            break;
        case Property::org:
            if (r.organization.empty()) {
                split_components(';');
                for (std::size_t i = 0; i < component_count_; ++i) join_into(r.organization, components_[i], ", ");
            }
            break;
        case Property::note: {
            unescape_into(value_, scratch_);
            join_into(r.notes, scratch_, "\n");
            break;
        }
        case Property::tel:
            add_phone(property, params);
            break;
        case Property::email:
            add_email(property, params);
            break;
        case Property::adr:
            if (point_count(r) >= kMaxPointsPerContact) {
                ++r.points_dropped;  // not even split into components
            } else {
                add_address();
            }
            break;
        case Property::categories:
            split_components(',');
            for (std::size_t i = 0; i < component_count_; ++i) {
                const std::string& c = components_[i];
                // Google puts every contact in "myContacts"; it says nothing about the customer.
                if (!c.empty() && c != "myContacts") add_category(r, c);
            }
            break;
        case Property::uid:
            if (r.uid.empty()) unescape_into(value_, r.uid);
            break;
        case Property::ab_label:
            // Labels beyond what the kept points can use are not stored: finish() matches
            // each grouped point against them, and a hostile card may carry millions.
            if (!property.group.empty() && group_labels_.size() < 4 * kMaxPointsPerContact) {
                unescape_into(value_, scratch_);
                group_labels_.push_back({std::string(property.group), scratch_});
            }
            break;
        case Property::other:
            break;
    }
}

bool VCardCardBuilder::finish() {
    if (record_ == nullptr) return false;
    RawRecord& r = *record_;
    // iOS writes "item1.TEL:..." and, before or after it, "item1.X-ABLabel:_$!<Mobile>!$_".
    for (const GroupRef& ref : grouped_) {
        auto it = std::find_if(group_labels_.begin(), group_labels_.end(),
                               [&](const GroupLabel& g) { return iequals(g.group, ref.group); });
        if (it == group_labels_.end()) continue;
        Label label = label_from_text(it->text);
        if (ref.phone) {
            RawPhone& p = r.phones[ref.index];
            if (!label.text.empty()) p.label = label.text;
            p.mobile_hint = p.mobile_hint || label.mobile;
            p.preferred = p.preferred || label.preferred;
        } else {
            RawEmail& e = r.emails[ref.index];
            if (!label.text.empty()) e.label = label.text;
            e.preferred = e.preferred || label.preferred;
        }
    }
    if (r.display_name.empty()) {
        join_into(r.display_name, r.given_name, " ");
        join_into(r.display_name, additional_names_, " ");
        join_into(r.display_name, r.family_name, " ");
    }
    complete_display_name(r);
    record_ = nullptr;
    return has_name_phone_or_email(r);
}

}  // namespace clientela::io
