#include "io/csv_reader.hpp"

#include "core/errors.hpp"
#include "io/csv_columns.hpp"
#include "io/csv_tokenizer.hpp"
#include "io/labels.hpp"
#include "io/text_util.hpp"

#include <algorithm>
#include <istream>

namespace clientela::io {
namespace {

// Google puts several values in one cell: "+34 612 345 678 ::: 91 555 12 34".
template <typename F>
void for_each_value(std::string_view cell, F&& f) {
    constexpr std::string_view separator = " ::: ";
    std::size_t start = 0;
    while (start <= cell.size()) {
        std::size_t end = cell.find(separator, start);
        if (end == std::string_view::npos) end = cell.size();
        std::string_view value = trim(cell.substr(start, end - start));
        if (!value.empty()) f(value);
        start = end + separator.size();
    }
}

// Excel keeps leading zeros and '+' with ="0034612345678"; the formula is not data.
std::string_view strip_excel_formula(std::string_view cell) {
    if (cell.size() >= 3 && cell[0] == '=' && cell[1] == '"' && cell.back() == '"') {
        return cell.substr(2, cell.size() - 3);
    }
    return cell;
}

void join_into(std::string& out, std::string_view piece, std::string_view separator) {
    if (piece.empty()) return;
    if (!out.empty()) out += separator;
    out += piece;
}

bool row_is_empty(const std::vector<std::string>& fields) {
    return std::all_of(fields.begin(), fields.end(), [](const std::string& f) { return trim(f).empty(); });
}

// The first non-empty record, trimmed: the header row.
std::vector<std::string> header_row(CsvTokenizer& tokenizer, const std::string& file_name) {
    std::vector<std::string> headers;
    do {
        if (!tokenizer.next(headers)) throw ValidationError(file_name + " is empty: it has no header row");
    } while (row_is_empty(headers));
    for (std::string& h : headers) h = std::string(trim(h));
    return headers;
}

}  // namespace

struct CsvReader::Impl {
    Impl(std::istream& in, std::string name, const CsvOptions& options)
        : file_name(std::move(name)), tokenizer(in, issues, options.separator) {
        if (options.format == Format::vcard) {
            throw ValidationError(file_name + " was given to the CSV reader as a vCard file");
        }
        headers = header_row(tokenizer, file_name);
        format = options.format == Format::auto_detect ? classify_csv_headers(headers) : options.format;
        try {
            columns = plan_columns(headers, options.mapping);
        } catch (const ValidationError& e) {
            throw ValidationError(file_name + ": " + e.what());
        }
        int max_group = -1;
        for (const CsvColumn& c : columns) max_group = std::max(max_group, c.group);
        group_labels.resize(static_cast<std::size_t>(max_group + 1) * 2);
    }

    bool next(RawRecord& out);
    void map_row(RawRecord& out);
    void add_categories(RawRecord& out, std::string_view cell);

    std::string file_name;
    std::vector<ReadIssue> issues;
    CsvTokenizer tokenizer;
    std::vector<std::string> headers;
    std::vector<CsvColumn> columns;
    Format format = Format::generic_csv;
    std::vector<std::string> row;
    std::vector<std::string> group_labels;  // [2*group] phone label, [2*group+1] email label
    std::string middle_name;
    std::size_t records = 0;
};

void CsvReader::Impl::add_categories(RawRecord& out, std::string_view cell) {
    // Google: "* myContacts ::: Clientes"; Outlook: "Clientes;VIP".
    for_each_value(cell, [&](std::string_view value) {
        std::size_t start = 0;
        while (start <= value.size()) {
            std::size_t end = value.find(';', start);
            if (end == std::string_view::npos) end = value.size();
            std::string_view category = trim(value.substr(start, end - start));
            if (category.size() >= 2 && category[0] == '*' && category[1] == ' ') category = trim(category.substr(2));
            // Google puts every contact in "myContacts"; it says nothing about the customer.
            if (!category.empty() && category != "myContacts") add_category(out, category);
            start = end + 1;
        }
    });
}

void CsvReader::Impl::map_row(RawRecord& out) {
    std::size_t n = std::min(row.size(), columns.size());  // short rows: missing cells are empty
    for (std::string& label : group_labels) label.clear();
    for (std::size_t i = 0; i < n; ++i) {
        const CsvColumn& c = columns[i];
        if (c.group < 0) continue;
        auto g = static_cast<std::size_t>(c.group);
        if (c.field == CsvField::phone_label) group_labels[2 * g] = std::string(trim(row[i]));
        if (c.field == CsvField::email_label) group_labels[2 * g + 1] = std::string(trim(row[i]));
    }
    middle_name.clear();
    for (std::size_t i = 0; i < n; ++i) {
        const CsvColumn& c = columns[i];
        std::string_view cell = strip_excel_formula(trim(row[i]));
        if (cell.empty()) continue;
        switch (c.field) {
            case CsvField::ignore:
            case CsvField::phone_label:
            case CsvField::email_label:
                break;
            case CsvField::name:
                join_into(out.display_name, cell, " ");
                break;
            case CsvField::given_name:
                join_into(out.given_name, cell, " ");
                break;
            case CsvField::middle_name:
                join_into(middle_name, cell, " ");
                break;
            case CsvField::family_name:
                join_into(out.family_name, cell, " ");
                break;
            case CsvField::organization:
                join_into(out.organization, cell, ", ");
                break;
            case CsvField::notes: {
                std::string note(cell);
                normalise_newlines(note);
                join_into(out.notes, note, "\n");
                break;
            }
            case CsvField::categories:
                add_categories(out, cell);
                break;
            case CsvField::address:
                for_each_value(cell, [&](std::string_view v) {
                    // Google's "Formatted" address has one line per part; keep them apart.
                    std::string lines(v);
                    normalise_newlines(lines);
                    std::string address;
                    std::size_t start = 0;
                    while (start <= lines.size()) {
                        std::size_t end = std::min(lines.find('\n', start), lines.size());
                        join_into(address, trim(std::string_view(lines).substr(start, end - start)), ", ");
                        start = end + 1;
                    }
                    if (!address.empty() && accept_point(out)) out.addresses.push_back(std::move(address));
                });
                break;
            case CsvField::phone: {
                Label label{c.label, c.mobile, false};
                if (c.group >= 0) label = label_from_text(group_labels[2 * static_cast<std::size_t>(c.group)]);
                bool first = true;
                for_each_value(cell, [&](std::string_view v) {
                    v = strip_excel_formula(v);
                    // Google's "* " primary mark belongs to the first value of the cell.
                    if (accept_point(out)) {
                        out.phones.push_back(RawPhone{std::string(v), label.text, label.mobile, label.preferred && first});
                    }
                    first = false;
                });
                break;
            }
            case CsvField::email: {
                Label label{c.label, false, false};
                if (c.group >= 0) label = label_from_text(group_labels[2 * static_cast<std::size_t>(c.group) + 1]);
                if (label.text == "mobile") label.text.clear();
                bool first = true;
                for_each_value(cell, [&](std::string_view v) {
                    if (accept_point(out)) out.emails.push_back(RawEmail{std::string(v), label.text, label.preferred && first});
                    first = false;
                });
                break;
            }
        }
    }
    if (out.display_name.empty()) {
        join_into(out.display_name, out.given_name, " ");
        join_into(out.display_name, middle_name, " ");
        join_into(out.display_name, out.family_name, " ");
    }
    complete_display_name(out);
}

bool CsvReader::Impl::next(RawRecord& out) {
    while (tokenizer.next(row)) {
        if (row_is_empty(row)) continue;
        clear_record(out);
        out.line = tokenizer.line();
        map_row(out);
        if (has_name_phone_or_email(out)) {
            ++records;
            return true;
        }
        issues.push_back({out.line, IssueKind::skipped,
                          "the row at line " + std::to_string(out.line) + " has no name, phone or email; skipped",
                          "read.row_empty",
                          {}});
    }
    return false;
}

CsvReader::CsvReader(std::istream& in, std::string file_name, CsvOptions options)
    : impl_(std::make_unique<Impl>(in, std::move(file_name), options)) {}

CsvReader::~CsvReader() = default;

bool CsvReader::next(RawRecord& out) {
    return impl_->next(out);
}
Format CsvReader::format() const {
    return impl_->format;
}
char CsvReader::separator() const {
    return impl_->tokenizer.separator();
}
const std::vector<std::string>& CsvReader::headers() const {
    return impl_->headers;
}
const std::vector<ReadIssue>& CsvReader::issues() const {
    return impl_->issues;
}

std::vector<ReadIssue> CsvReader::take_issues() {
    std::vector<ReadIssue> out;
    out.swap(impl_->issues);  // handed over, not kept: a hostile file can have millions
    return out;
}

std::size_t CsvReader::records_read() const {
    return impl_->records;
}
const std::string& CsvReader::file_name() const {
    return impl_->file_name;
}

std::vector<std::string> read_csv_headers(std::istream& in, const std::string& file_name, char separator) {
    std::vector<ReadIssue> issues;
    CsvTokenizer tokenizer(in, issues, separator);
    return header_row(tokenizer, file_name);
}

}  // namespace clientela::io
