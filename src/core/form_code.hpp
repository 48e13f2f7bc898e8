// The reference code printed on a paper consent form: short, readable at the counter, and
// checked, so a mistyped code is caught before it is looked up.
//
// A code is 8 random characters and 1 check character, all from a 31-character alphabet
// without 0/O, 1/I and Z (2): "23456789ABCDEFGHJKLMNPQRSTUVWXY". With v_i the value of
// character i (its index in the alphabet, 0-based position i), a valid code has
//     sum((i + 1) * v_i for i in 0..8) = 0 (mod 31).
// 31 is prime and every weight (1..9) and every difference of neighbouring weights (1) is
// non-zero mod 31, so any single wrong character and any swap of two different neighbouring
// characters changes the sum and is caught (tests/unit/core/form_code_test.cpp checks both
// exhaustively). Shown as "ABC-DEF-GH7"; typed in any case, with or without spaces or dashes.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace clientela {

constexpr std::string_view kFormCodeAlphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXY";
constexpr std::size_t kFormCodeBodyLength = 8;
constexpr std::size_t kFormCodeLength = kFormCodeBodyLength + 1;

// The check character for a body of kFormCodeBodyLength characters from the alphabet.
// Throws ValidationError for a body of another length or with another character.
char form_code_check_character(std::string_view body);

// A fresh code: a random body (std::random_device) and its check character.
std::string new_form_code();

enum class FormCodeProblem { none, empty, wrong_length, bad_character, wrong_check };

struct TypedFormCode {
    std::string code;  // canonical: upper case, no separators (also when there is a problem)
    FormCodeProblem problem = FormCodeProblem::none;
    bool ok() const { return problem == FormCodeProblem::none; }
};

// Reads a code as a person types it: upper-cases, drops spaces and dashes, then checks the
// length, the characters and the check character.
TypedFormCode read_form_code(std::string_view typed);

// The same, throwing ValidationError (codes consent_form.code_empty, .code_length,
// .code_character, .code_check, the typed text as argument) unless the code is valid;
// returns the canonical code.
std::string checked_form_code(std::string_view typed);

// "ABC-DEF-GH7" for a canonical code (anything else is returned as it is).
std::string display_form_code(std::string_view code);

}  // namespace clientela
