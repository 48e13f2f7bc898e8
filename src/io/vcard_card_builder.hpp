// Builds one RawRecord from the unfolded properties of a vCard: decodes values
// (quoted-printable, base64, CHARSET=, escapes), picks labels and applies iOS item groups.
#pragma once

#include "io/charset.hpp"
#include "io/labels.hpp"
#include "io/raw_record.hpp"
#include "io/vcard_syntax.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace clientela::io {

class VCardCardBuilder {
public:
    // Issues (unknown charsets, non-UTF-8 values) are appended to `issues`.
    explicit VCardCardBuilder(std::vector<ReadIssue>& issues) : issues_(issues) {}

    // Starts a card at `line`; `record` is cleared and then filled by add() and finish().
    void begin(RawRecord& record, std::size_t line);

    // Adds one unfolded property whose first physical line is `line`. Unknown properties
    // are ignored.
    void add(const vcard::ContentLine& property, std::size_t line);

    // Applies X-ABLabel groups and fills the display name. Returns false when the card has
    // no name, phone or email at all.
    bool finish();

private:
    struct Params {
        vcard::TransferEncoding encoding = vcard::TransferEncoding::none;
        std::string_view charset;
        bool preferred = false;
        bool uri = false;
    };
    struct GroupRef {
        std::string group;
        bool phone;  // else email
        std::size_t index;
    };
    struct GroupLabel {
        std::string group;
        std::string text;
    };

    Params read_params(const vcard::ContentLine& property, bool collect_types);
    void decode_value(const vcard::ContentLine& property, const Params& params, std::size_t line);
    // Resolves escapes and newlines of `text` into `out`, trimmed; `out` keeps its capacity.
    void unescape_into(std::string_view text, std::string& out) const;
    void split_components(char separator);
    std::string_view component(std::size_t i) const;  // empty past the last component
    void add_phone(const vcard::ContentLine& property, const Params& params);
    void add_email(const vcard::ContentLine& property, const Params& params);
    void add_address();
    void add_name();
    void warn_once(std::vector<std::string>& seen, const std::string& key, std::size_t line,
                   const std::string& message);

    std::vector<ReadIssue>& issues_;
    RawRecord* record_ = nullptr;
    int version_ = 30;  // 21, 30 or 40
    std::string additional_names_;
    std::vector<GroupRef> grouped_;
    std::vector<GroupLabel> group_labels_;
    TypeLabel types_;  // TYPE= tokens of the current property

    // Scratch buffers reused across properties so a large file does few allocations.
    std::string bytes_;       // value after quoted-printable / base64 decoding
    std::string text_;        // value after charset conversion, when one was needed
    std::string_view value_;  // the decoded UTF-8 value: a view of the property or of text_
    std::string scratch_;
    std::vector<std::string_view> parts_;
    std::vector<std::string> components_;
    std::size_t component_count_ = 0;
    CharsetConverter converter_;
    std::vector<std::string> warned_;
};

}  // namespace clientela::io
