#include "io/format.hpp"

#include "core/errors.hpp"
#include "io/csv_tokenizer.hpp"
#include "io/text_source.hpp"
#include "io/text_util.hpp"

#include <sstream>

namespace clientela::io {
namespace {

std::string lower_extension(std::string_view file_name) {
    std::size_t slash = file_name.find_last_of("/\\");
    if (slash != std::string_view::npos) file_name.remove_prefix(slash + 1);
    std::size_t dot = file_name.rfind('.');
    if (dot == std::string_view::npos) return {};
    std::string ext(file_name.substr(dot + 1));
    for (char& c : ext) c = static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    return ext;
}

bool looks_like_text(std::string_view line) {
    for (char c : line) {
        auto u = static_cast<unsigned char>(c);
        if (u < 0x20 && c != '\t') return false;
    }
    return true;
}

bool has_any(const std::vector<std::string>& keys, std::initializer_list<std::string_view> wanted) {
    for (const std::string& k : keys) {
        for (std::string_view w : wanted) {
            if (k == w) return true;
        }
    }
    return false;
}

}  // namespace

std::string_view to_string(Format format) {
    switch (format) {
        case Format::auto_detect:
            return "auto";
        case Format::vcard:
            return "vcard";
        case Format::google_csv:
            return "google-csv";
        case Format::outlook_csv:
            return "outlook-csv";
        case Format::generic_csv:
            return "csv";
    }
    return "auto";
}

Format classify_csv_headers(const std::vector<std::string>& headers) {
    std::vector<std::string> keys;
    keys.reserve(headers.size());
    for (const std::string& h : headers) keys.push_back(fold_key(h));
    for (const std::string& k : keys) {
        // Google's numbered groups: "Phone 1 - Value", "E-mail 1 - Label".
        for (std::string_view prefix : {"phone", "email"}) {
            if (k.size() > prefix.size() + 5 && k.compare(0, prefix.size(), prefix) == 0 &&
                (k.compare(k.size() - 5, 5, "value") == 0)) {
                return Format::google_csv;
            }
        }
    }
    if (has_any(keys, {"groupmembership"})) return Format::google_csv;
    if (has_any(keys, {"mobilephone", "businessphone", "homephone", "emailaddress", "companymainphone", "businessfax",
                       "emaildisplayname", "telefonodeltrabajo", "telefonoparticular", "direcciondecorreoelectronico",
                       "faxdeltrabajo", "otrotelefono", "segundonombre", "nombremostradodelcorreoelectronico",
                       "tratamiento"})) {
        return Format::outlook_csv;
    }
    return Format::generic_csv;
}

Format detect_format(std::string_view first_bytes, std::string_view file_name) {
    // Decode the sample with the same rules as the readers (BOM, UTF-16, Windows-1252) and
    // keep its first non-blank lines.
    std::istringstream sample{std::string(first_bytes)};
    TextSource source(sample);
    TextLine line;
    std::vector<std::string> lines;
    while (lines.size() < 16 && source.next(line)) {
        if (!lines.empty() || !trim(line.text).empty()) lines.emplace_back(line.text);
    }
    std::string_view first = lines.empty() ? std::string_view() : trim(lines[0]);
    if (istarts_with(first, "BEGIN:VCARD")) return Format::vcard;
    std::string ext = lower_extension(file_name);
    if (ext == "vcf" || ext == "vcard") return Format::vcard;

    std::string not_contacts = std::string(file_name) + " is neither a vCard file nor a CSV file with a header line";
    // Text exports never hold NUL bytes once decoded; images, spreadsheets and archives do.
    for (const std::string& l : lines) {
        if (l.find('\0') != std::string::npos) throw ValidationError(not_contacts);
    }
    char separator = '\0';
    std::string_view header = first;
    if (header.size() == 5 && istarts_with(header, "sep=")) {  // Excel's separator line
        separator = header[4];
        header = lines.size() > 1 ? trim(lines[1]) : std::string_view();
    }
    if (header.empty() || !looks_like_text(header)) throw ValidationError(not_contacts);

    std::istringstream header_stream{std::string(header)};
    std::vector<ReadIssue> ignored;
    CsvTokenizer tokenizer(header_stream, ignored, separator);
    std::vector<std::string> headers;
    tokenizer.next(headers);
    for (std::string& h : headers) h = std::string(trim(h));
    return classify_csv_headers(headers);
}

}  // namespace clientela::io
