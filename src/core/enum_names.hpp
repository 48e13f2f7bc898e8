// Stable lower-case names for the core's enums: one table per enum, looked up both ways.
#pragma once

#include "core/errors.hpp"

#include <array>
#include <string>
#include <string_view>
#include <utility>

namespace clientela {

template <typename Enum, std::size_t N>
using EnumNames = std::array<std::pair<Enum, std::string_view>, N>;

// Throws ValidationError naming the valid values when `s` is not one of them.
template <typename Enum, std::size_t N>
Enum parse_enum(std::string_view s, const EnumNames<Enum, N>& names, std::string_view what) {
    for (const auto& [value, name] : names) {
        // The length and the first byte tell most names apart without a call to memcmp (the
        // ledger's verify parses five names for each of millions of rows).
        if (s.size() == name.size() && !s.empty() && s[0] == name[0] && s == name) return value;
    }
    std::string valid;
    for (const auto& entry : names) {
        if (!valid.empty()) valid += ", ";
        valid += entry.second;
    }
    throw ValidationError("unknown " + std::string(what) + " '" + std::string(s) + "' (valid: " + valid + ")");
}

template <typename Enum, std::size_t N>
std::string_view name_of(Enum e, const EnumNames<Enum, N>& names) {
    for (const auto& [value, name] : names) {
        if (value == e) return name;
    }
    return "?";
}

}  // namespace clientela
