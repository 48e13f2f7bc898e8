#include "core/form_code.hpp"

#include "core/errors.hpp"

#include <random>

namespace clientela {

namespace {

constexpr int kModulus = 31;
static_assert(kFormCodeAlphabet.size() == kModulus, "one character per value mod 31");

int value_of(char c) {
    const auto pos = kFormCodeAlphabet.find(c);
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

// Weighted sum of the characters given, position i weighing i + 1.
int weighted_sum(std::string_view chars) {
    int sum = 0;
    for (std::size_t i = 0; i < chars.size(); ++i) sum = (sum + static_cast<int>(i + 1) * value_of(chars[i])) % kModulus;
    return sum;
}

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

char form_code_check_character(std::string_view body) {
    if (body.size() != kFormCodeBodyLength) {
        throw ValidationError("a form code body has " + std::to_string(kFormCodeBodyLength) + " characters");
    }
    for (char c : body) {
        if (value_of(c) < 0) throw ValidationError(std::string("'") + c + "' is not a form code character");
    }
    // The check character's weight is 9; 9 * 7 = 63 = 1 (mod 31), so 7 is its inverse.
    const int need = (kModulus - weighted_sum(body)) % kModulus;
    const int value = (need * 7) % kModulus;
    return kFormCodeAlphabet[static_cast<std::size_t>(value)];
}

std::string new_form_code() {
    std::random_device rd;
    std::uniform_int_distribution<int> pick(0, kModulus - 1);
    std::string body;
    for (std::size_t i = 0; i < kFormCodeBodyLength; ++i) body += kFormCodeAlphabet[static_cast<std::size_t>(pick(rd))];
    return body + form_code_check_character(body);
}

TypedFormCode read_form_code(std::string_view typed) {
    TypedFormCode out;
    for (char c : typed) {
        if (c == ' ' || c == '-' || c == '\t') continue;
        out.code += upper(c);
    }
    if (out.code.empty()) {
        out.problem = FormCodeProblem::empty;
    } else if (out.code.size() != kFormCodeLength) {
        out.problem = FormCodeProblem::wrong_length;
    } else {
        for (char c : out.code) {
            if (value_of(c) < 0) {
                out.problem = FormCodeProblem::bad_character;
                return out;
            }
        }
        if (weighted_sum(out.code) != 0) out.problem = FormCodeProblem::wrong_check;
    }
    return out;
}

std::string checked_form_code(std::string_view typed) {
    const TypedFormCode t = read_form_code(typed);
    const std::string shown(typed);
    switch (t.problem) {
        case FormCodeProblem::none: return t.code;
        case FormCodeProblem::empty:
            throw ValidationError("give the code printed on the consent form", "consent_form.code_empty", {shown});
        case FormCodeProblem::wrong_length:
            throw ValidationError("'" + shown + "' is not a form code: a code has " + std::to_string(kFormCodeLength) +
                                      " characters (like ABC-DEF-GH7)",
                                  "consent_form.code_length", {shown});
        case FormCodeProblem::bad_character:
            throw ValidationError("'" + shown + "' is not a form code: codes use only " + std::string(kFormCodeAlphabet) +
                                      " (no 0, O, 1, I or Z)",
                                  "consent_form.code_character", {shown});
        case FormCodeProblem::wrong_check:
            throw ValidationError("'" + shown + "' is mistyped: its last character does not match the others",
                                  "consent_form.code_check", {shown});
    }
    return t.code;
}

std::string display_form_code(std::string_view code) {
    if (code.size() != kFormCodeLength) return std::string(code);
    return std::string(code.substr(0, 3)) + "-" + std::string(code.substr(3, 3)) + "-" + std::string(code.substr(6, 3));
}

}  // namespace clientela
