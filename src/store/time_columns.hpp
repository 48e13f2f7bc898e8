// How times are stored: INTEGER seconds since 1970-01-01 UTC, one conversion each way.
#pragma once

#include "core/contact.hpp"

#include <chrono>
#include <cstdint>

namespace clientela::store {

inline std::int64_t to_seconds(Timestamp t) { return static_cast<std::int64_t>(t.time_since_epoch().count()); }
inline Timestamp from_seconds(std::int64_t seconds) { return Timestamp{std::chrono::seconds{seconds}}; }

}  // namespace clientela::store
