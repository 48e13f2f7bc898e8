// Times as the desktop app shows them: a pattern chosen by the language, never by the C
// library's locale, so `--lang es` on a system without es_ES still reads 01/12/2026 14:30.
#include "app/local_time.hpp"

#include <catch2/catch.hpp>

#include <clocale>
#include <cstdlib>
#include <locale>

using namespace clientela;
using namespace clientela::app;

namespace {

// The process as a system without any locale runs it (LANG=C, the classic C++ locale).
struct CLocale {
    CLocale() {
        ::setenv("LANG", "C", 1);
        ::setenv("LC_ALL", "C", 1);
        std::setlocale(LC_ALL, "C");
        std::locale::global(std::locale::classic());
    }
};

}  // namespace

TEST_CASE("a time on screen follows the language under LANG=C") {
    const CLocale c;
    const auto* madrid = date::locate_zone("Europe/Madrid");
    const Timestamp winter = parse_timestamp("2026-12-01T13:30:00Z");  // 14:30 CET
    const Timestamp summer = parse_timestamp("2026-07-05T07:05:59Z");  // 09:05 CEST
    CHECK(format_display(winter, madrid, "es") == "01/12/2026 14:30");
    CHECK(format_display(summer, madrid, "es") == "05/07/2026 09:05");
    CHECK(format_display(winter, madrid, "es_ES") == "01/12/2026 14:30");
    CHECK(format_display(winter, madrid, "en") == "2026-12-01 14:30");
    CHECK(format_display(winter, madrid, "") == "2026-12-01 14:30");
    CHECK(format_display(winter, nullptr, "es") == "01/12/2026 13:30");  // no zone: UTC
}

TEST_CASE("the display patterns are the documented ones") {
    CHECK(std::string(display_pattern("es")) == "%d/%m/%Y %H:%M");
    CHECK(std::string(display_pattern("en")) == "%Y-%m-%d %H:%M");
}
