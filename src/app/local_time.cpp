#include "app/local_time.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <sstream>

namespace clientela::app {

Timestamp parse_user_time(std::string_view text, const date::time_zone* zone) {
    const std::string s(text);
    const bool has_offset = !s.empty() && (s.back() == 'Z' || s.back() == 'z' ||
                                           (s.size() > 10 && (s.find('+', 10) != std::string::npos ||
                                                              s.find('-', 10) != std::string::npos)));
    if (has_offset || !zone) return parse_timestamp(s);
    static const char* const formats[] = {"%FT%T", "%FT%R", "%F %T", "%F %R", "%F"};
    for (const char* fmt : formats) {
        std::istringstream in(s);
        date::local_seconds local{};
        in >> date::parse(fmt, local);
        if (!in.fail() && in.peek() == std::char_traits<char>::eof()) {
            return zone->to_sys(local, date::choose::earliest);
        }
    }
    return parse_timestamp(s);  // throws the standard message
}

std::vector<std::string> time_zone_names() {
    std::vector<std::string> out;
    for (const auto& zone : date::get_tzdb().zones) out.push_back(std::string(zone.name()));
    std::sort(out.begin(), out.end());
    return out;
}

const char* display_pattern(std::string_view language) {
    return language.substr(0, 2) == "es" ? "%d/%m/%Y %H:%M" : "%Y-%m-%d %H:%M";
}

std::string format_display(Timestamp t, const date::time_zone* zone, std::string_view language) {
    const auto minutes = date::floor<std::chrono::minutes>(t);
    if (!zone) return date::format(display_pattern(language), minutes);
    return date::format(display_pattern(language), date::make_zoned(zone, minutes));
}

std::string format_local(Timestamp t, const date::time_zone* zone) {
    if (!zone) return format_utc(t);
    return date::format("%F %R %Z", date::make_zoned(zone, t));
}

}  // namespace clientela::app
