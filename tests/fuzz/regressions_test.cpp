// Replays every input the fuzzers ever found a bug with (tests/data/regressions/<target>/)
// and the sample files through the fuzz targets' code, in the normal build.
#include "core/email.hpp"
#include "fuzz_bodies.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

namespace fs = std::filesystem;

namespace {

std::vector<std::uint8_t> bytes_of(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Runs `body` over every file of `dir`; returns how many.
int replay(const fs::path& dir, void (*body)(const std::uint8_t*, std::size_t)) {
    int n = 0;
    if (!fs::is_directory(dir)) return 0;
    for (const auto& f : fs::directory_iterator(dir)) {
        if (!f.is_regular_file()) continue;
        INFO(f.path().string());
        const auto data = bytes_of(f.path());
        body(data.data(), data.size());
        ++n;
    }
    return n;
}

}  // namespace

TEST_CASE("inputs that once broke a reader are read without a crash") {
    const fs::path dir = CLIENTELA_REGRESSIONS_DIR;
    int total = 0;
    total += replay(dir / "vcard_reader", clientela::fuzz::vcard_reader);
    total += replay(dir / "csv_reader", clientela::fuzz::csv_reader);
    total += replay(dir / "phone_normalisation", clientela::fuzz::phone_normalisation);
    total += replay(dir / "format_detection", clientela::fuzz::format_detection);
    total += replay(dir / "mail_message", clientela::fuzz::mail_message);
    CHECK(total >= 1);
}

TEST_CASE("the seed corpus (sample files) goes through every fuzz target") {
    int n = 0;
    for (const auto& f : fs::directory_iterator(CLIENTELA_TEST_DATA_DIR)) {
        if (!f.is_regular_file()) continue;
        INFO(f.path().string());
        const auto data = bytes_of(f.path());
        clientela::fuzz::vcard_reader(data.data(), data.size());
        clientela::fuzz::csv_reader(data.data(), data.size());
        clientela::fuzz::phone_normalisation(data.data(), std::min<std::size_t>(data.size(), 64));
        clientela::fuzz::format_detection(data.data(), data.size());
        clientela::fuzz::mail_message(data.data(), data.size());
        ++n;
    }
    CHECK(n >= 10);
}

TEST_CASE("regression: an email with bytes that are not UTF-8 is refused, not stored") {
    // tests/data/regressions/phone_normalisation/email-invalid-utf8-accepted, found by fuzz_phone_normalisation
    const auto info = clientela::normalize_email("\xb6na@example.es");
    CHECK_FALSE(info.valid);
    CHECK(info.problem == "email address is not valid UTF-8 text");
    CHECK(clientela::normalize_email("núñez@example.es").valid);
}
