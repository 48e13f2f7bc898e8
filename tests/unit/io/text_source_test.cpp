// Tests of TextSource (encodings, line breaks, long lines) and of charset conversion.
#include "io/text_source.hpp"

#include "core/errors.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

using clientela::io::IssueKind;
using clientela::io::TextEncoding;
using clientela::io::TextLine;
using clientela::io::TextSource;
using clientela::io::TextSourceOptions;

namespace {

struct Line {
    std::string text;
    std::size_t number;
    bool legacy;
    bool operator==(const Line& o) const { return text == o.text && number == o.number && legacy == o.legacy; }
};

std::vector<Line> lines_of(const std::string& bytes, TextSourceOptions options = {}) {
    std::istringstream in(bytes);
    TextSource source(in, options);
    std::vector<Line> out;
    TextLine line;
    while (source.next(line)) out.push_back({std::string(line.text), line.number, line.legacy});
    return out;
}

std::vector<std::string> texts_of(const std::string& bytes, TextSourceOptions options = {}) {
    std::vector<std::string> out;
    for (const Line& l : lines_of(bytes, options)) out.push_back(l.text);
    return out;
}

TextSourceOptions tiny_chunks(std::size_t chunk) {
    TextSourceOptions o;
    o.chunk_bytes = chunk;
    return o;
}

std::string utf16le(const std::u16string& s) {
    std::string out;
    for (char16_t c : s) {
        out += static_cast<char>(c & 0xFF);
        out += static_cast<char>(c >> 8);
    }
    return out;
}

// A stream buffer that fails after handing out some bytes, like a disk read error.
class FailingBuffer : public std::streambuf {
public:
    explicit FailingBuffer(std::string data) : data_(std::move(data)) {
        setg(&data_[0], &data_[0], &data_[0] + data_.size());
    }

protected:
    int_type underflow() override { throw std::ios_base::failure("disk read error"); }

private:
    std::string data_;
};

}  // namespace

TEST_CASE("LF, CRLF and CR line breaks all end a line and are counted as physical lines") {
    auto lines = lines_of("uno\ndos\r\ntres\rcuatro\r\rseis\r\n\r\nocho");
    std::vector<Line> expected = {{"uno", 1, false}, {"dos", 2, false},  {"tres", 3, false}, {"cuatro", 4, false},
                                  {"", 5, false},    {"seis", 6, false}, {"", 7, false},     {"ocho", 8, false}};
    CHECK(lines == expected);
}

TEST_CASE("a file without a final line break still gives its last line, and an empty file gives none") {
    CHECK(texts_of("a\nb") == std::vector<std::string>{"a", "b"});
    CHECK(texts_of("a\n") == std::vector<std::string>{"a"});
    CHECK(texts_of("").empty());
    CHECK(texts_of("\n") == std::vector<std::string>{""});
}

TEST_CASE("a CRLF split across two reads counts as one line break") {
    std::string text = "0123456789abcde\r\nsecond\r\nthird";  // CR is the 16th byte: end of the first chunk
    for (std::size_t chunk : {16u, 17u, 18u, 31u, 4096u}) {
        INFO("chunk " << chunk);
        auto lines = lines_of(text, tiny_chunks(chunk));
        REQUIRE(lines.size() == 3);
        CHECK(lines[0] == Line{"0123456789abcde", 1, false});
        CHECK(lines[1] == Line{"second", 2, false});
        CHECK(lines[2] == Line{"third", 3, false});
    }
}

TEST_CASE("lines are the same whatever the read size") {
    std::string text =
        "BEGIN:VCARD\r\nFN:Jos\xC3\xA9 N\xC3\xBA\xC3\xB1"
        "ez\rTEL:1\n\r\nNOTE:caf\xC3\xA9\r\n";
    auto reference = lines_of(text);
    REQUIRE(reference.size() == 5);
    for (std::size_t chunk = 16; chunk < 60; ++chunk) {
        INFO("chunk " << chunk);
        CHECK(lines_of(text, tiny_chunks(chunk)) == reference);
    }
}

TEST_CASE("a UTF-8 byte order mark is dropped and remembered") {
    std::istringstream in("\xEF\xBB\xBFNombre;M\xC3\xB3vil\r\n");
    TextSource source(in);
    TextLine line;
    REQUIRE(source.next(line));
    CHECK(line.text == "Nombre;M\xC3\xB3vil");
    CHECK(source.encoding() == TextEncoding::utf8_bom);
    CHECK_FALSE(source.next(line));
}

TEST_CASE("UTF-16 little and big endian with a byte order mark become UTF-8") {
    std::u16string text = u"FN:Bego\u00F1a\r\nFN:J\u00FCrgen \U0001F600\r\n";
    std::string le = "\xFF\xFE" + utf16le(text);
    std::string be = "\xFE\xFF";
    for (char16_t c : text) {
        be += static_cast<char>(c >> 8);
        be += static_cast<char>(c & 0xFF);
    }
    std::vector<std::string> expected = {
        "FN:Bego\xC3\xB1"
        "a",
        "FN:J\xC3\xBCrgen \xF0\x9F\x98\x80"};
    for (std::size_t chunk : {16u, 17u, 19u, 4096u}) {  // odd sizes cut code units and surrogate pairs
        INFO("chunk " << chunk);
        CHECK(texts_of(le, tiny_chunks(chunk)) == expected);
        CHECK(texts_of(be, tiny_chunks(chunk)) == expected);
    }
    std::istringstream in(le);
    TextSource source(in);
    TextLine line;
    REQUIRE(source.next(line));
    CHECK(source.encoding() == TextEncoding::utf16le);
}

TEST_CASE("UTF-16 little endian without a byte order mark is recognised by its zero bytes") {
    CHECK(texts_of(utf16le(u"Nombre\tApellidos\r\nNuria\tCasta\u00F1o\r\n")) ==
          std::vector<std::string>{"Nombre\tApellidos", "Nuria\tCasta\xC3\xB1o"});
}

TEST_CASE("a UTF-16 file cut in the middle of a character ends with a replacement character and a warning") {
    std::istringstream in("\xFF\xFE" + utf16le(u"ab") + "c");
    TextSource source(in);
    TextLine line;
    REQUIRE(source.next(line));
    CHECK(line.text == "ab\xEF\xBF\xBD");
    REQUIRE(source.issues().size() == 1);
    CHECK(source.issues()[0].kind == IssueKind::warning);
}

TEST_CASE("a line that is not UTF-8 is read as Windows-1252 with one warning for the file") {
    auto lines = lines_of(
        "Nombre;M\xF3vil\r\nSof\xC3\xAD"
        "a;600\r\nPag\xF3 50\x80\r\n");
    REQUIRE(lines.size() == 3);
    CHECK(lines[0] == Line{"Nombre;M\xC3\xB3vil", 1, true});
    CHECK(lines[1] == Line{"Sof\xC3\xAD"
                           "a;600",
                           2, false});                               // valid UTF-8 stays as it is
    CHECK(lines[2] == Line{"Pag\xC3\xB3 50\xE2\x82\xAC", 3, true});  // 0x80 is the euro sign

    std::istringstream in("M\xF3vil\nPag\xF3\n");
    TextSource source(in);
    TextLine line;
    while (source.next(line)) {
    }
    CHECK(source.legacy_lines() == 2);
    REQUIRE(source.issues().size() == 1);
    CHECK(source.issues()[0].line == 1);
    CHECK(source.issues()[0].kind == IssueKind::warning);
    CHECK(source.issues()[0].message.find("Windows-1252") != std::string::npos);
}

TEST_CASE("bytes Windows-1252 leaves undefined become replacement characters") {
    CHECK(texts_of("a\x81z\n") == std::vector<std::string>{"a\xEF\xBF\xBDz"});
}

TEST_CASE("without legacy conversion the raw bytes of a line are handed out unchanged") {
    TextSourceOptions raw;
    raw.convert_legacy = false;
    CHECK(texts_of("FN:Ib\xC3\r\n \xA1\xC3\xB1"
                   "ez\r\n",
                   raw) == std::vector<std::string>{"FN:Ib\xC3",
                                                    " \xA1\xC3\xB1"
                                                    "ez"});
}

TEST_CASE("a 10 MB line is skipped and reported with its line number, the lines around it are kept") {
    std::string text = "antes\n" + std::string(10 * 1024 * 1024, 'x') + "\ndespues\n";
    std::istringstream in(text);
    TextSource source(in);
    std::vector<Line> lines;
    TextLine line;
    while (source.next(line)) lines.push_back({std::string(line.text), line.number, line.legacy});
    CHECK(lines == std::vector<Line>{{"antes", 1, false}, {"despues", 3, false}});
    REQUIRE(source.issues().size() == 1);
    CHECK(source.issues()[0].line == 2);
    CHECK(source.issues()[0].kind == IssueKind::skipped);
    CHECK(source.issues()[0].message == "line 2 is 10 MiB long, more than the 1 MiB a line may have; skipped");
}

TEST_CASE("a 10 MB file with no line break at all gives no line and one issue") {
    std::istringstream in(std::string(10 * 1024 * 1024 + 7, '\x01'));
    TextSource source(in);
    TextLine line;
    CHECK_FALSE(source.next(line));
    REQUIRE(source.issues().size() == 1);
    CHECK(source.issues()[0].line == 1);
}

TEST_CASE("the line length limit is exact") {
    TextSourceOptions options;
    options.max_line_bytes = 10;
    options.chunk_bytes = 16;
    auto lines = lines_of("0123456789\n01234567890\nok\n", options);
    CHECK(lines == std::vector<Line>{{"0123456789", 1, false}, {"ok", 3, false}});
}

TEST_CASE("take_issues hands the issues over once") {
    std::istringstream in("M\xF3vil\n");
    TextSource source(in);
    TextLine line;
    REQUIRE(source.next(line));
    CHECK(source.take_issues().size() == 1);
    CHECK(source.take_issues().empty());
    CHECK(source.issues().empty());
}

TEST_CASE("a failing stream raises an error instead of looking like the end of the file") {
    FailingBuffer buffer("uno\ndos");
    std::istream in(&buffer);
    TextSource source(in);
    TextLine line;
    CHECK_THROWS_AS(source.next(line), clientela::Error);
}

TEST_CASE("to_utf8 converts from named character sets") {
    using clientela::io::to_utf8;
    CHECK(to_utf8("Pe\xF1"
                  "a",
                  "ISO-8859-1") ==
          "Pe\xC3\xB1"
          "a");
    CHECK(to_utf8("50\x80", "windows-1252") == "50\xE2\x82\xAC");
    CHECK(to_utf8("50\x80", "CP1252") == "50\xE2\x82\xAC");
    CHECK(to_utf8(std::string("\xF1\x00", 2), "UTF-16LE") == "\xC3\xB1");
    CHECK(to_utf8("caf\xC3\xA9", "utf8") == "caf\xC3\xA9");
    CHECK(to_utf8("caf\xE9", "UTF-8") == "caf\xEF\xBF\xBD");  // malformed UTF-8 is replaced, not kept
    CHECK(to_utf8("", "ISO-8859-15").empty());
}

TEST_CASE("to_utf8 from UCS-4 or UTF-32 never hands out code points beyond Unicode") {
    // glibc's UCS-4 decoder passes any 31-bit value through and its UTF-8 encoder then writes
    // 5- and 6-byte sequences (U+4A000000 from the bytes "J\0\0\0"), and surrogates: none of
    // that is UTF-8. Found by the vCard fuzzer (tests/data/regressions/vcard_reader/ucs4-*).
    using clientela::io::is_valid_utf8;
    using clientela::io::to_utf8;
    const std::string beyond("J\0\0\0\0\0\0a", 8);  // U+4A000000, then 'a'
    const std::string out = to_utf8(beyond, "UCS-4");
    CHECK(is_valid_utf8(out));
    CHECK(out == "\xEF\xBF\xBD"
                 "a");
    const std::string surrogate("\0\0\xD8\x00\0\0\0b", 8);  // U+D800, then 'b'
    CHECK(is_valid_utf8(to_utf8(surrogate, "UCS-4")));
    CHECK(is_valid_utf8(to_utf8(surrogate, "UTF-32BE")));
    CHECK(to_utf8(std::string("\0\0\0\xF1", 4), "UCS-4") == "\xC3\xB1");  // a real one still converts
}

TEST_CASE("to_utf8 refuses a character set it does not know") {
    using clientela::io::to_utf8;
    CHECK_THROWS_AS(to_utf8("abc", "X-KLINGON"), clientela::ValidationError);
    CHECK_THROWS_AS(to_utf8("abc", ""), clientela::ValidationError);
    CHECK_THROWS_AS(to_utf8("abc", "UTF-16//TRANSLIT"), clientela::ValidationError);
    CHECK_THROWS_WITH(to_utf8("abc", "X-KLINGON"), "unknown character set \"X-KLINGON\"");
}

TEST_CASE("UTF-8 validation rejects overlong forms, surrogates and truncated sequences") {
    using clientela::io::is_valid_utf8;
    CHECK(is_valid_utf8("plain ascii text that is longer than eight bytes"));
    CHECK(
        is_valid_utf8("N\xC3\xBA\xC3\xB1"
                      "ez \xE2\x82\xAC \xF0\x9F\x98\x80"));
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));      // UTF-16 surrogate
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
    CHECK_FALSE(is_valid_utf8("abcdefgh\xC3"));      // cut at the end
    CHECK_FALSE(
        is_valid_utf8("Pe\xF1"
                      "a"));  // Latin-1
}
