#include "bench_report.hpp"

#include "core/errors.hpp"

#include <sys/resource.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace clientela::bench {

namespace {

double rss_mib(int who) {
    rusage usage{};
    if (getrusage(who, &usage) != 0) return 0;
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

}  // namespace

double peak_rss_mib() {
    return rss_mib(RUSAGE_SELF);
}
double children_peak_rss_mib() {
    return rss_mib(RUSAGE_CHILDREN);
}

std::string format_value(double value) {
    char buf[64];
    const double a = std::fabs(value);
    if (a == std::floor(a) && a < 1e15) {
        std::snprintf(buf, sizeof buf, "%.0f", value);
    } else if (a >= 100) {
        std::snprintf(buf, sizeof buf, "%.1f", value);
    } else if (a >= 1) {
        std::snprintf(buf, sizeof buf, "%.3f", value);
    } else {
        std::snprintf(buf, sizeof buf, "%.4g", value);
    }
    return buf;
}

void Report::add(const std::string& name, double value, const std::string& unit, const std::string& label,
                 const std::string& note) {
    figures_.push_back({name, unit, label, note, value});
}

void Report::progress(const std::string& line) {
    std::cerr << "[bench] " << line << std::endl;
}

void Report::print(const std::string& title) const {
    std::size_t width = 0;
    for (const auto& f : figures_) width = std::max(width, f.label.size());
    std::cout << "\n== " << title << " ==\n";
    for (const auto& f : figures_) {
        std::string line =
            "  " + f.label + std::string(width - f.label.size(), ' ') + "  " + format_value(f.value) + " " + f.unit;
        if (!f.note.empty()) line += "   (" + f.note + ")";
        std::cout << line << '\n';
    }
    std::cout << '\n';
    for (const auto& f : figures_) {
        std::cout << "BENCH " << f.name << '=' << format_value(f.value) << ' ' << f.unit << '\n';
    }
    std::cout.flush();
}

Meta read_meta(const std::string& path) {
    Meta m;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        const auto eq = line.find('=');
        if (eq != std::string::npos) m[line.substr(0, eq)] = line.substr(eq + 1);
    }
    return m;
}

void write_meta(const std::string& path, const Meta& m) {
    std::ofstream out(path, std::ios::trunc);
    for (const auto& [k, v] : m) out << k << '=' << v << '\n';
    if (!out) throw Error("bench: cannot write " + path);
}

std::string num(double v) {
    std::ostringstream s;
    s.precision(17);
    s << v;
    return s.str();
}

double meta_num(const Meta& m, const std::string& key) {
    const auto it = m.find(key);
    return it == m.end() ? 0.0 : std::strtod(it->second.c_str(), nullptr);
}

}  // namespace clientela::bench
