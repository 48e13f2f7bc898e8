// Times as people type and read them: in the shop's time zone, converted to UTC at the edge.
#pragma once

#include "core/contact.hpp"

#include <date/tz.h>

#include <string>
#include <string_view>

namespace clientela::app {

// "2026-11-25T10:30:00Z" and "...+01:00" are exact; without an offset ("2026-11-25 10:30",
// "2026-11-25") the time is read in `zone` (a skipped DST hour resolves to the instant the
// clocks jump). Throws ValidationError with an example on anything else.
Timestamp parse_user_time(std::string_view text, const date::time_zone* zone);

// "2026-11-25 05:25 CET" in the zone.
std::string format_local(Timestamp t, const date::time_zone* zone);

}  // namespace clientela::app
