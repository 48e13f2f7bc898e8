#include "io/text_source.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <istream>

namespace clientela::io {
namespace {

constexpr std::size_t npos = std::string::npos;
constexpr std::string_view replacement_char = "\xEF\xBF\xBD";

std::string describe_size(std::size_t bytes) {
    if (bytes >= (std::size_t{1} << 20)) return std::to_string(bytes >> 20) + " MiB";
    if (bytes >= 1024) return std::to_string(bytes >> 10) + " KiB";
    return std::to_string(bytes) + " bytes";
}

}  // namespace

TextSource::TextSource(std::istream& in, TextSourceOptions options) : in_(in), options_(options) {
    if (options_.chunk_bytes < 16) options_.chunk_bytes = 16;
}

std::vector<ReadIssue> TextSource::take_issues() {
    std::vector<ReadIssue> out;
    out.swap(issues_);
    return out;
}

void TextSource::read_chunk(std::string& into) {
    std::size_t old_size = into.size();
    into.resize(old_size + options_.chunk_bytes);
    in_.read(&into[old_size], static_cast<std::streamsize>(options_.chunk_bytes));
    auto got = static_cast<std::size_t>(in_.gcount());
    into.resize(old_size + got);
    bytes_read_ += got;
    if (in_.bad()) {
        throw Error("could not read the file after line " + std::to_string(line_number_));
    }
    if (got < options_.chunk_bytes) eof_ = true;
}

void TextSource::detect_encoding() {
    auto byte = [&](std::size_t i) { return i < raw_.size() ? static_cast<unsigned char>(raw_[i]) : 0x100u; };
    if (byte(0) == 0xEF && byte(1) == 0xBB && byte(2) == 0xBF) {
        encoding_ = TextEncoding::utf8_bom;
        raw_.erase(0, 3);
    } else if (byte(0) == 0xFF && byte(1) == 0xFE) {
        encoding_ = TextEncoding::utf16le;
        raw_.erase(0, 2);
    } else if (byte(0) == 0xFE && byte(1) == 0xFF) {
        encoding_ = TextEncoding::utf16be;
        raw_.erase(0, 2);
    } else if (raw_.size() >= 4 && byte(0) != 0 && byte(1) == 0 && byte(2) != 0 && byte(3) == 0) {
        encoding_ = TextEncoding::utf16le;  // no BOM, but "B\0E\0" can only be UTF-16LE text
    } else if (raw_.size() >= 4 && byte(0) == 0 && byte(1) != 0 && byte(2) == 0 && byte(3) != 0) {
        encoding_ = TextEncoding::utf16be;
    }
}

void TextSource::decode_utf16() {
    std::string_view charset = encoding_ == TextEncoding::utf16le ? "UTF-16LE" : "UTF-16BE";
    std::size_t replaced = 0;
    std::size_t used = converter_.append_utf8_partial(raw_, charset, buffer_, replaced);
    raw_.erase(0, used);
    if (eof_ && !raw_.empty()) {  // an odd trailing byte or a cut surrogate pair
        buffer_ += replacement_char;
        ++replaced;
        raw_.clear();
    }
    if (replaced > 0 && !warned_bad_utf16_) {
        warned_bad_utf16_ = true;
        issues_.push_back({line_number_ + 1, IssueKind::warning,
                           "the UTF-16 text has invalid characters near line " + std::to_string(line_number_ + 1) +
                               "; they were replaced with \xEF\xBF\xBD",
                           "read.bad_utf16",
                           {}});
    }
}

void TextSource::compact() {
    if (begin_ == 0) return;
    buffer_.erase(0, begin_);
    auto shift = [&](std::size_t& pos) { pos = pos > begin_ ? pos - begin_ : 0; };
    shift(no_break_until_);
    begin_ = 0;
}

void TextSource::fill() {
    compact();
    if (!started_) {
        started_ = true;
        read_chunk(raw_);
        detect_encoding();
        if (encoding_ == TextEncoding::utf8 || encoding_ == TextEncoding::utf8_bom) {
            buffer_.swap(raw_);
            raw_.clear();
        } else {
            decode_utf16();
        }
        return;
    }
    if (eof_) return;
    if (encoding_ == TextEncoding::utf8 || encoding_ == TextEncoding::utf8_bom) {
        read_chunk(buffer_);
    } else {
        read_chunk(raw_);
        decode_utf16();
    }
}

// Position of the first CR or LF in buffer_[from, end), or npos. Looks at eight bytes at a
// time: lines are short, so a memchr call per line would cost more than the scan itself.
std::size_t TextSource::find_break(std::size_t from, std::size_t end) {
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    constexpr std::uint64_t highs = 0x8080808080808080ULL;
    const char* data = buffer_.data();
    std::size_t i = from;
    for (; i + 8 <= end; i += 8) {
        std::uint64_t word;
        std::memcpy(&word, data + i, 8);
        std::uint64_t lf = word ^ (ones * '\n');
        std::uint64_t cr = word ^ (ones * '\r');
        // A zero byte in lf or cr means a line break somewhere in these eight bytes.
        if ((((lf - ones) & ~lf) | ((cr - ones) & ~cr)) & highs) break;
    }
    for (; i < end; ++i) {
        if (data[i] == '\n' || data[i] == '\r') return i;
    }
    return npos;
}

void TextSource::report_long_line(std::size_t bytes) {
    issues_.push_back({line_number_, IssueKind::skipped,
                       "line " + std::to_string(line_number_) + " is " + describe_size(bytes) +
                           " long, more than the " + describe_size(options_.max_line_bytes) +
                           " a line may have; skipped",
                       "read.line_too_long",
                       {describe_size(bytes), describe_size(options_.max_line_bytes)}});
}

bool TextSource::emit(std::string_view text, TextLine& line) {
    line.number = line_number_;
    line.legacy = false;
    line.text = text;
    bool eight_bit = encoding_ == TextEncoding::utf8 || encoding_ == TextEncoding::utf8_bom;
    if (!options_.convert_legacy || !eight_bit || is_valid_utf8(text)) return true;
    converted_.clear();
    converter_.append_utf8(text, "WINDOWS-1252", converted_);
    line.text = converted_;
    line.legacy = true;
    if (legacy_lines_++ == 0) {
        issues_.push_back({line_number_, IssueKind::warning,
                           "line " + std::to_string(line_number_) +
                               " is not valid UTF-8; it and any other such lines were read as Windows-1252",
                           "read.windows_1252",
                           {}});
    }
    return true;
}

bool TextSource::next(TextLine& line) {
    if (!started_) fill();
    for (;;) {
        std::size_t end = buffer_.size();
        std::size_t from = std::max(begin_, no_break_until_);
        std::size_t brk = find_break(from, end);
        if (brk != npos) {
            bool is_cr = buffer_[brk] == '\r';
            if (is_cr && brk + 1 == end && !eof_) {
                // CR at the end of the buffer: wait for the next chunk to see if LF follows.
                no_break_until_ = brk;
                fill();
                continue;
            }
            std::size_t start = begin_;
            begin_ = brk + ((is_cr && brk + 1 < end && buffer_[brk + 1] == '\n') ? 2 : 1);
            no_break_until_ = begin_;
            ++line_number_;
            if (skipping_) {
                skipping_ = false;
                report_long_line(skipped_bytes_ + (brk - start));
                skipped_bytes_ = 0;
                continue;
            }
            if (brk - start > options_.max_line_bytes) {
                report_long_line(brk - start);
                continue;
            }
            return emit(std::string_view(buffer_.data() + start, brk - start), line);
        }
        no_break_until_ = end;
        if (eof_) {
            if (begin_ == end && !skipping_) return false;
            std::size_t start = begin_;
            begin_ = end;
            ++line_number_;
            if (skipping_ || end - start > options_.max_line_bytes) {
                report_long_line(skipped_bytes_ + (end - start));
                skipping_ = false;
                skipped_bytes_ = 0;
                return false;
            }
            return emit(std::string_view(buffer_.data() + start, end - start), line);
        }
        if (end - begin_ > options_.max_line_bytes) {
            // Drop what we have of this line; keep scanning for its end in later chunks.
            skipping_ = true;
            skipped_bytes_ += end - begin_;
            begin_ = end;
        }
        fill();
    }
}

}  // namespace clientela::io
