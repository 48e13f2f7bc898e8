// The wall-clock time of a part of a long check (ledger verify's parts), for its report.
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace clientela::store {

using Parts = std::vector<std::pair<std::string, double>>;

// Adds the wall-clock seconds from its construction to its destruction to parts under name.
class PartTimer {
public:
    PartTimer(Parts& parts, std::string name)
        : parts_(parts), name_(std::move(name)), start_(std::chrono::steady_clock::now()) {}
    PartTimer(const PartTimer&) = delete;
    PartTimer& operator=(const PartTimer&) = delete;
    ~PartTimer() {
        parts_.emplace_back(std::move(name_),
                            std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
    }

private:
    Parts& parts_;
    std::string name_;
    std::chrono::steady_clock::time_point start_;
};

}  // namespace clientela::store
