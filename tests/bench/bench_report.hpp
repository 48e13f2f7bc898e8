// Small helpers every benchmark shares: a stopwatch, peak memory, and the figures block
// (human-readable lines first, then one "BENCH name=value unit" line per figure for scripts).
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

namespace clientela::bench {

// Wall-clock seconds since construction (or the last restart).
class Stopwatch {
public:
    Stopwatch() : start_(std::chrono::steady_clock::now()) {}
    void restart() { start_ = std::chrono::steady_clock::now(); }
    double seconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count(); }
    double millis() const { return seconds() * 1000.0; }

private:
    std::chrono::steady_clock::time_point start_;
};

// Peak resident set size of this process so far (getrusage), in MiB.
double peak_rss_mib();
// Peak resident set size of the largest waited-for child process, in MiB.
double children_peak_rss_mib();

// Collects figures as they are measured and prints them at the end.
class Report {
public:
    // name: [a-z0-9_]+ for scripts; label: what a person reads; unit: s, ms, events/s, MiB, x, count, bool.
    void add(const std::string& name, double value, const std::string& unit, const std::string& label,
             const std::string& note = "");
    // Prints a line now (progress and diagnostics go to stderr so stdout stays the report).
    static void progress(const std::string& line);
    // Readable block, then one "BENCH name=value unit" line per figure.
    void print(const std::string& title) const;

private:
    struct Figure {
        std::string name, unit, label, note;
        double value = 0;
    };
    std::vector<Figure> figures_;
};

// A data set's description kept beside it (key=value lines), so a later run can reuse it.
using Meta = std::map<std::string, std::string>;
Meta read_meta(const std::string& path);  // empty when the file is missing
void write_meta(const std::string& path, const Meta& m);  // throws clientela::Error when it cannot
std::string num(double v);  // every digit, for write_meta
double meta_num(const Meta& m, const std::string& key);  // 0 when missing

// Formats a figure without trailing zeros beyond what matters ("1234", "12.3", "0.0042").
std::string format_value(double value);

}  // namespace clientela::bench
