// The consent form's reference code: every single wrong character and every swap of two
// different neighbours is caught, checked exhaustively over every position and character.
#include "core/form_code.hpp"

#include "core/errors.hpp"

#include <catch2/catch.hpp>

#include <set>

using namespace clientela;

namespace {

// A few bodies spread over the alphabet, so each position sees every character in the loops.
std::vector<std::string> sample_codes() {
    std::vector<std::string> out;
    const std::string_view a = kFormCodeAlphabet;
    for (std::size_t start = 0; start < a.size(); ++start) {
        std::string body;
        for (std::size_t i = 0; i < kFormCodeBodyLength; ++i) body += a[(start + i * 7) % a.size()];
        out.push_back(body + form_code_check_character(body));
    }
    return out;
}

}  // namespace

TEST_CASE("a fresh form code is valid, nine characters from the alphabet, and codes differ") {
    std::set<std::string> seen;
    for (int i = 0; i < 200; ++i) {
        const std::string code = new_form_code();
        REQUIRE(code.size() == kFormCodeLength);
        for (char c : code) CHECK(kFormCodeAlphabet.find(c) != std::string_view::npos);
        CHECK(read_form_code(code).ok());
        seen.insert(code);
    }
    CHECK(seen.size() == 200);
}

TEST_CASE("the alphabet has no characters that read alike at the counter") {
    for (char c : std::string("0O1IZ")) CHECK(kFormCodeAlphabet.find(c) == std::string_view::npos);
    CHECK(kFormCodeAlphabet.size() == 31);
}

TEST_CASE("any single wrong character in a form code is caught, at every position") {
    std::size_t tried = 0;
    for (const auto& code : sample_codes()) {
        REQUIRE(read_form_code(code).ok());
        for (std::size_t pos = 0; pos < code.size(); ++pos) {
            for (char c : kFormCodeAlphabet) {
                if (c == code[pos]) continue;
                std::string typo = code;
                typo[pos] = c;
                INFO(code << " -> " << typo);
                CHECK(read_form_code(typo).problem == FormCodeProblem::wrong_check);
                ++tried;
            }
        }
    }
    CHECK(tried == 31 * 9 * 30);
}

TEST_CASE("any swap of two different neighbouring characters in a form code is caught") {
    // Every pair of characters at every pair of neighbouring positions, over bodies that hold
    // each pair (the rest of the code is fixed; the check is computed for the original).
    std::size_t tried = 0;
    for (std::size_t pos = 0; pos + 1 < kFormCodeLength; ++pos) {
        for (char x : kFormCodeAlphabet) {
            for (char y : kFormCodeAlphabet) {
                if (x == y) continue;
                std::string body = "ABCDEFGH";
                std::string code;
                if (pos + 1 < kFormCodeBodyLength) {
                    body[pos] = x;
                    body[pos + 1] = y;
                    code = body + form_code_check_character(body);
                } else {  // the last body character and the check character
                    // Find a body whose last character is x and whose check character is y.
                    for (char filler : kFormCodeAlphabet) {
                        body[0] = filler;
                        body[pos] = x;
                        if (form_code_check_character(body) == y) {
                            code = body + y;
                            break;
                        }
                    }
                    REQUIRE_FALSE(code.empty());
                }
                std::string swapped = code;
                std::swap(swapped[pos], swapped[pos + 1]);
                INFO(code << " -> " << swapped);
                CHECK(read_form_code(swapped).problem == FormCodeProblem::wrong_check);
                ++tried;
            }
        }
    }
    CHECK(tried == 8 * 31 * 30);
}

TEST_CASE("a form code is read as typed: any case, spaces and dashes, and shown in groups of three") {
    const std::string code = sample_codes().front();
    const std::string shown = display_form_code(code);
    CHECK(shown.size() == 11);
    CHECK(shown[3] == '-');
    CHECK(shown[7] == '-');
    std::string lower;
    for (char c : shown) lower += static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
    CHECK(read_form_code(lower).code == code);
    CHECK(read_form_code(" " + shown + " ").ok());
    CHECK(checked_form_code(lower) == code);
}

TEST_CASE("a code that is not a form code says why") {
    CHECK(read_form_code("").problem == FormCodeProblem::empty);
    CHECK(read_form_code(" - ").problem == FormCodeProblem::empty);
    CHECK(read_form_code("ABC-DEF").problem == FormCodeProblem::wrong_length);
    CHECK(read_form_code("ABC-DEF-G0H").problem == FormCodeProblem::bad_character);
    try {
        checked_form_code("ABC-DEF-G0H");
        FAIL("accepted a code with 0");
    } catch (const ValidationError& e) {
        CHECK(e.code() == "consent_form.code_character");
    }
    std::string code = sample_codes()[3];
    code[2] = code[2] == 'A' ? 'B' : 'A';
    CHECK_THROWS_AS(checked_form_code(code), ValidationError);
    CHECK_THROWS_AS(form_code_check_character("ABC"), ValidationError);
}
