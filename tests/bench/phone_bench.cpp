// Phone normalisation benchmark: the phone numbers of import_bench's 110 000-card export (the
// same numbers written the same ways: "600 00 00 07", "+34600000007", "+34 600 00 00 07",
// "0034 600 00 00 07", "+34-600000007", "34600000007", landlines "915000000"), normalised on
// one thread with PhoneNormalizer::normalize (Spanish fast path, then libphonenumber) and with
// normalize_with_libphonenumber alone. Asserts both give identical results for every number.
// Options: --people N (default 100000, as import_bench).
#include "bench_report.hpp"
#include "core/phone.hpp"
#include "core/phone_ranges.hpp"

#include <cstdlib>
#include <ctime>
#include <iostream>
#include <string>
#include <vector>

namespace {

// What import_bench's write_card() puts in TEL lines (after the reader drops "tel:").
std::vector<std::string> import_bench_numbers(int people) {
    auto spaced = [](const std::string& d) {
        return d.substr(0, 3) + " " + d.substr(3, 2) + " " + d.substr(5, 2) + " " + d.substr(7, 2);
    };
    std::vector<std::string> out;
    auto card = [&](int person, int variant) {
        const std::string d = std::to_string(600000000 + person * 7);
        switch ((person + variant) % 3) {
            case 0:
                out.push_back(variant ? "+34" + d : spaced(d));
                if (person % 3 == 0) out.push_back("91" + std::to_string(5000000 + person % 1000000));
                break;
            case 1:
                out.push_back(variant ? "0034 " + spaced(d) : "+34 " + spaced(d));
                break;
            default:
                out.push_back(variant ? "34" + d : "+34-" + d);
                break;
        }
    };
    for (int p = 0; p < people; ++p) {
        card(p, 0);
        if (p % 10 == 0) card(p, 1);
    }
    return out;
}

bool same(const clientela::PhoneInfo& a, const clientela::PhoneInfo& b) {
    return a.raw == b.raw && a.e164 == b.e164 && a.national == b.national && a.region == b.region &&
           a.valid == b.valid && a.is_mobile == b.is_mobile && a.problem == b.problem;
}

}  // namespace

int main(int argc, char** argv) {
    using namespace clientela;
    int people = 100000;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--people" && i + 1 < argc) people = std::atoi(argv[++i]);
    }
    bench::Report report;
    bench::Stopwatch sw;
    const PhoneNormalizer es("ES");  // libphonenumber's own start-up
    report.add("phone_libphonenumber_start", sw.millis(), "ms", "libphonenumber's start-up (once per process)");
    sw.restart();
    const auto& table = phone_ranges::spanish();
    report.add("phone_table_build", sw.millis(), "ms", "read the Spanish ranges from the metadata (once per process)",
               std::to_string(table.ranges.size()) + " ranges");
    if (!table.problem.empty()) {
        std::cerr << "phone_bench: no fast path: " << table.problem << "\n";
        return 1;
    }

    const std::vector<std::string> numbers = import_bench_numbers(people);
    es.normalize_with_libphonenumber("612345678");  // first-use costs outside the timings

    std::vector<PhoneInfo> slow(numbers.size()), fast(numbers.size());
    // Wall time, and this process's CPU time (what a busy shared machine does not inflate).
    auto cpu_seconds = [] { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; };
    double cpu = cpu_seconds();
    sw.restart();
    for (std::size_t i = 0; i < numbers.size(); ++i) slow[i] = es.normalize_with_libphonenumber(numbers[i]);
    const double slow_s = sw.seconds();
    const double slow_cpu = cpu_seconds() - cpu;
    cpu = cpu_seconds();
    sw.restart();
    for (std::size_t i = 0; i < numbers.size(); ++i) fast[i] = es.normalize(numbers[i]);
    const double fast_s = sw.seconds();
    const double fast_cpu = cpu_seconds() - cpu;

    std::size_t taken = 0, different = 0;
    for (std::size_t i = 0; i < numbers.size(); ++i) {
        taken += es.normalize_fast(numbers[i]).has_value();
        if (!same(slow[i], fast[i])) {
            if (different++ < 5) std::cerr << "phone_bench: different result for '" << numbers[i] << "'\n";
        }
    }
    const double n = static_cast<double>(numbers.size());
    report.add("phone_count", n, "count", "numbers (import_bench's, one thread)");
    report.add("phone_libphonenumber", slow_s, "s", "normalise with libphonenumber only",
               bench::format_value(slow_s / n * 1e6) + " us per number");
    report.add("phone_fast_path", fast_s, "s", "normalise with the Spanish fast path",
               bench::format_value(fast_s / n * 1e6) + " us per number");
    report.add("phone_libphonenumber_cpu", slow_cpu, "s", "  CPU time");
    report.add("phone_fast_path_cpu", fast_cpu, "s", "  CPU time");
    report.add("phone_speedup", slow_s / fast_s, "x", "speed-up (wall)");
    report.add("phone_fast_share", static_cast<double>(taken) / n * 100.0, "%", "numbers the fast path answers");
    report.add("phone_different", static_cast<double>(different), "count", "results that differ (must be 0)");
    report.print("Phone normalisation of " + std::to_string(numbers.size()) + " numbers");
    return different == 0 ? 0 : 1;
}
