// Error messages kept readable when they quote a huge input. (The sentences for database
// engine failures, full disk, I/O error, busy, are the store's: store/storage_failure.hpp.)
#include "cli/context.hpp"

namespace clientela::cli {

std::string brief(const std::string& message) {
    constexpr std::size_t kMax = 600;
    if (message.size() <= kMax) return message;
    std::size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(message[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
    return message.substr(0, cut) + "... (" + std::to_string(message.size() - cut) + " more bytes)";
}

}  // namespace clientela::cli
