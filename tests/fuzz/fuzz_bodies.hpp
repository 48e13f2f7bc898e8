// What each fuzz target does with one input, shared by the libFuzzer targets (tests/fuzz)
// and the unit test that replays tests/data/regressions/ with the normal build.
#pragma once

#include <cstddef>
#include <cstdint>

namespace clientela::fuzz {

// Reads every card of a vCard file and its issues.
void vcard_reader(const std::uint8_t* data, std::size_t size);
// The first byte picks the CSV flavour (auto, Google, Outlook, generic with a mapping of the
// first header) and the separator; the rest is the file.
void csv_reader(const std::uint8_t* data, std::size_t size);
// The first byte picks the default region; the rest is a typed phone number (and an email).
void phone_normalisation(const std::uint8_t* data, std::size_t size);
// Format detection and charset conversion of a file's first bytes.
void format_detection(const std::uint8_t* data, std::size_t size);
// A received email: parsed (GMime, libxml2 for HTML), its reply text and classification.
void mail_message(const std::uint8_t* data, std::size_t size);

}  // namespace clientela::fuzz
