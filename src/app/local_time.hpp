// Times as people type and read them: in the shop's time zone, converted to UTC at the edge.
#pragma once

#include "core/contact.hpp"

#include <date/tz.h>

#include <string>
#include <string_view>
#include <vector>

namespace clientela::app {

// "2026-11-25T10:30:00Z" and "...+01:00" are exact; without an offset ("2026-11-25 10:30",
// "2026-11-25") the time is read in `zone` (a skipped DST hour resolves to the instant the
// clocks jump). Throws ValidationError with an example on anything else.
Timestamp parse_user_time(std::string_view text, const date::time_zone* zone);

// "2026-11-25 05:25 CET" in the zone.
std::string format_local(Timestamp t, const date::time_zone* zone);

// The time zone names of the tz database ("Africa/Abidjan" ... "Pacific/Wallis", no links
// or aliases), sorted: the values the shop's time zone setting accepts.
std::vector<std::string> time_zone_names();

// A time as the desktop app shows it, in the zone (UTC when null), with a pattern chosen by
// the language and never by the C library's locale, so `--lang es` reads the same on a
// system without es_ES: "01/12/2026 14:30" for "es" (day/month/year, 24 h), "2026-12-01 14:30"
// for any other language.
std::string format_display(Timestamp t, const date::time_zone* zone, std::string_view language);
// The pattern format_display uses for a language (date::format syntax).
const char* display_pattern(std::string_view language);

}  // namespace clientela::app
