#include "io/vcard_reader.hpp"

#include "core/errors.hpp"
#include "io/text_source.hpp"
#include "io/text_util.hpp"
#include "io/vcard_card_builder.hpp"
#include "io/vcard_syntax.hpp"

#include <istream>

namespace clientela::io {
namespace {

constexpr std::size_t max_value_bytes = std::size_t{1} << 20;

bool is_fold_continuation(const std::string& line) {
    return !line.empty() && (line[0] == ' ' || line[0] == '\t');
}

// Property name of a physical line if the line shows where the name ends, else empty.
std::string_view leading_name(std::string_view line) {
    std::size_t end = 0;
    while (end < line.size() && line[end] != ';' && line[end] != ':') ++end;
    if (end == line.size()) return {};
    std::string_view name = trim(line.substr(0, end));
    std::size_t dot = name.rfind('.');
    return dot == std::string_view::npos ? name : name.substr(dot + 1);
}

// Properties whose folded continuation lines we keep; the rest (PHOTO, LOGO, KEY, SOUND,
// X-*) are skipped without copying their often huge values.
bool is_wanted(std::string_view name) {
    switch (name.size()) {  // by length first: this runs for every line of the file
        case 1:
            return iequals(name, "N");
        case 2:
            return iequals(name, "FN");
        case 3:
            return iequals(name, "TEL") || iequals(name, "END") || iequals(name, "ORG") || iequals(name, "ADR") ||
                   iequals(name, "UID");
        case 4:
            return iequals(name, "NOTE");
        case 5:
            return iequals(name, "EMAIL") || iequals(name, "BEGIN") || iequals(name, "AGENT");
        case 7:
            return iequals(name, "VERSION");
        case 9:
            return iequals(name, "X-ABLABEL");
        case 10:
            return iequals(name, "CATEGORIES");
        default:
            return false;
    }
}

bool is_card_delimiter(const std::string& line) {
    std::string_view t = trim(line);
    return iequals(t, "END:VCARD") || iequals(t, "BEGIN:VCARD");
}

std::string line_range(std::size_t first, std::size_t last) {
    if (first == last) return "line " + std::to_string(first) + " is";
    return "lines " + std::to_string(first) + " to " + std::to_string(last) + " are";
}

}  // namespace

struct VCardReader::Impl {
    Impl(std::istream& in, std::string name)
        : source(in, TextSourceOptions{max_value_bytes, std::size_t{1} << 18, false}),
          file_name(std::move(name)),
          builder(issues) {}

    bool next(RawRecord& out);
    bool pull(std::string& into, std::size_t& number);
    bool read_logical();
    bool is_quoted_printable(const std::string& line);
    void drain_source();
    void note_run(bool outside, std::size_t line);
    void flush_run();
    void start_card(RawRecord& out, std::size_t line);
    bool finish_card();

    TextSource source;
    std::string file_name;
    std::vector<ReadIssue> issues;
    VCardCardBuilder builder;
    std::size_t records = 0;

    // One physical line of lookahead decides whether the next line continues this one.
    std::string logical;
    std::size_t logical_line = 0;
    bool logical_truncated = false;
    std::string pending;
    std::size_t pending_line = 0;
    bool has_pending = false;
    vcard::ContentLine property;
    vcard::ContentLine scratch_property;

    bool in_card = false;
    std::size_t card_line = 0;
    std::size_t begin_waiting = 0;  // BEGIN:VCARD line that closed an unterminated card
    bool agent_open = false;        // previous property was a vCard 2.1 "AGENT:" with a card below
    std::size_t agent_depth = 0;
    bool in_base64_block = false;  // vCard 2.1 base64 lines run until a blank line

    // Runs of ignored lines are reported once ("lines 5 to 40 are outside any vCard").
    bool run_active = false;
    bool run_outside = false;
    std::size_t run_first = 0, run_last = 0, run_card = 0;
};

bool VCardReader::Impl::pull(std::string& into, std::size_t& number) {
    TextLine line;
    bool ok = false;
    try {
        ok = source.next(line);
    } catch (const ParseError&) {
        throw;
    } catch (const Error& e) {
        throw ParseError(file_name, pending_line > logical_line ? pending_line : logical_line, e.what());
    }
    if (!ok) return false;
    into.assign(line.text.data(), line.text.size());
    number = line.number;
    return true;
}

void VCardReader::Impl::drain_source() {
    if (source.issues().empty()) return;
    for (ReadIssue& issue : source.take_issues()) issues.push_back(std::move(issue));
}

bool VCardReader::Impl::is_quoted_printable(const std::string& line) {
    return vcard::parse_content_line(line, scratch_property) &&
           vcard::transfer_encoding(scratch_property) == vcard::TransferEncoding::quoted_printable;
}

// Joins one property: RFC 2425 folding (continuation starts with a space or tab) and the
// vCard 2.1 quoted-printable soft break ('=' at the end, continuation not indented).
bool VCardReader::Impl::read_logical() {
    if (!has_pending && !pull(pending, pending_line)) return false;
    logical.swap(pending);
    logical_line = pending_line;
    has_pending = false;
    logical_truncated = false;

    std::string_view name = leading_name(logical);
    bool keep = name.empty() || is_wanted(name);
    bool last_ends_with_equals = !logical.empty() && logical.back() == '=';
    int quoted_printable = -1;  // unknown until a line ends with '='
    while (pull(pending, pending_line)) {
        has_pending = true;
        // A quoted-printable soft break wins over folding: the next line is taken verbatim,
        // even when it starts with a space that belongs to the value.
        bool soft_break = false;
        if (last_ends_with_equals && !is_card_delimiter(pending)) {
            if (quoted_printable < 0) quoted_printable = is_quoted_printable(logical) ? 1 : 0;
            soft_break = quoted_printable == 1;
        }
        if (!soft_break && !is_fold_continuation(pending)) break;
        has_pending = false;
        last_ends_with_equals = !pending.empty() && pending.back() == '=';
        if (!keep) continue;
        if (logical.size() + pending.size() > max_value_bytes) {
            logical_truncated = true;
            keep = false;
            continue;
        }
        if (soft_break) {
            logical.pop_back();  // the '=' of the soft break
            logical += pending;
        } else {
            logical.append(pending, 1, std::string::npos);
        }
    }
    return true;
}

void VCardReader::Impl::flush_run() {
    if (!run_active) return;
    run_active = false;
    if (run_outside) {
        issues.push_back(
            {run_first, IssueKind::skipped, line_range(run_first, run_last) + " outside any vCard; ignored",
             "read.outside_card", {std::to_string(run_first), std::to_string(run_last)}});
    } else {
        issues.push_back({run_first, IssueKind::skipped,
                          line_range(run_first, run_last) + " in the card starting at line " +
                              std::to_string(run_card) + " but not a vCard property; ignored",
                          "read.not_a_property",
                          {std::to_string(run_first), std::to_string(run_last)}});
    }
}

void VCardReader::Impl::note_run(bool outside, std::size_t line) {
    if (run_active && run_outside == outside && (outside || run_card == card_line)) {
        run_last = line;
        return;
    }
    flush_run();
    run_active = true;
    run_outside = outside;
    run_first = run_last = line;
    run_card = card_line;
}

void VCardReader::Impl::start_card(RawRecord& out, std::size_t line) {
    flush_run();
    builder.begin(out, line);
    in_card = true;
    card_line = line;
    agent_open = false;
    agent_depth = 0;
    in_base64_block = false;
}

bool VCardReader::Impl::finish_card() {
    flush_run();
    in_card = false;
    agent_open = false;
    agent_depth = 0;
    if (builder.finish()) {
        ++records;
        return true;
    }
    issues.push_back(
        {card_line, IssueKind::skipped,
         "the card starting at line " + std::to_string(card_line) + " has no name, phone or email; skipped",
         "read.card_empty",
         {}});
    return false;
}

bool VCardReader::Impl::next(RawRecord& out) {
    for (;;) {
        if (begin_waiting != 0) {
            start_card(out, begin_waiting);
            begin_waiting = 0;
        }
        bool have_line = read_logical();
        drain_source();
        if (!have_line) {
            flush_run();
            if (!in_card) return false;
            issues.push_back({card_line, IssueKind::warning,
                              "the card starting at line " + std::to_string(card_line) +
                                  " has no END:VCARD before the end of the file; read it anyway",
                              "read.card_not_ended",
                              {}});
            if (finish_card()) return true;
            return false;
        }
        if (trim(logical).empty()) {
            in_base64_block = false;
            continue;
        }
        if (!vcard::parse_content_line(logical, property)) {
            if (in_base64_block || agent_depth > 0) continue;
            note_run(!in_card, logical_line);
            continue;
        }
        in_base64_block = false;
        bool is_begin =
            property.name.size() == 5 && iequals(property.name, "BEGIN") && iequals(trim(property.value), "VCARD");
        bool is_end =
            property.name.size() == 3 && iequals(property.name, "END") && iequals(trim(property.value), "VCARD");
        if (!in_card) {
            if (is_begin) {
                start_card(out, logical_line);
            } else {
                note_run(true, logical_line);
            }
            continue;
        }
        if (is_begin) {
            if (agent_open || agent_depth > 0) {  // a vCard 2.1 AGENT's card, nested in this one
                agent_open = false;
                ++agent_depth;
                continue;
            }
            flush_run();
            issues.push_back({card_line, IssueKind::warning,
                              "the card starting at line " + std::to_string(card_line) +
                                  " has no END:VCARD before the BEGIN:VCARD at line " + std::to_string(logical_line) +
                                  "; read it up to there",
                              "read.card_not_ended",
                              {}});
            begin_waiting = logical_line;
            if (finish_card()) return true;
            continue;
        }
        agent_open = false;
        if (agent_depth > 0) {
            if (is_end) --agent_depth;
            continue;
        }
        if (is_end) {
            if (finish_card()) return true;
            continue;
        }
        flush_run();
        if (logical_truncated) {
            issues.push_back({logical_line, IssueKind::skipped,
                              "the " + std::string(property.name) + " value at line " + std::to_string(logical_line) +
                                  " is longer than 1 MiB; skipped",
                              "read.value_too_long",
                              {std::string(property.name)}});
            continue;
        }
        if (iequals(property.name, "AGENT")) {
            agent_open = trim(property.value).empty();
            continue;
        }
        if (vcard::transfer_encoding(property) == vcard::TransferEncoding::base64) in_base64_block = true;
        builder.add(property, logical_line);
    }
}

VCardReader::VCardReader(std::istream& in, std::string file_name)
    : impl_(std::make_unique<Impl>(in, std::move(file_name))) {}

VCardReader::~VCardReader() = default;

bool VCardReader::next(RawRecord& out) {
    return impl_->next(out);
}

const std::vector<ReadIssue>& VCardReader::issues() const {
    return impl_->issues;
}

std::vector<ReadIssue> VCardReader::take_issues() {
    std::vector<ReadIssue> out;
    out.swap(impl_->issues);  // handed over, not kept: a hostile file can have millions
    return out;
}

std::size_t VCardReader::records_read() const {
    return impl_->records;
}

const std::string& VCardReader::file_name() const {
    return impl_->file_name;
}

}  // namespace clientela::io
