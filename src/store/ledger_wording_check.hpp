// The wordings part of `ledger verify`, shared by SQLite's (ledger_verify.cpp) and
// PostgreSQL's (ledger_verify_pg.cpp): each wording's text hashed again, and each event's
// wording hash compared with the wording row it names.
#pragma once

#include "core/sha256.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace clientela::store {

struct WordingFacts {
    std::string label;  // "wording 3 (default, version 2, es)"
    std::string actual_hash;
    bool reported = false;  // one sentence per wording, however many events used it
};
using Wordings = std::unordered_map<std::int64_t, WordingFacts>;

// One wording row read: its text hashed again and compared with its own text_hash (an
// UPDATE of the text alone).
inline void note_wording(Wordings& wordings, std::int64_t id, std::string_view name, std::int64_t version,
                         std::string_view language, std::string_view text, std::string_view text_hash,
                         std::vector<std::string>& problems) {
    WordingFacts w;
    w.label = "wording " + std::to_string(id) + " (" + std::string(name) + ", version " + std::to_string(version) +
              ", " + std::string(language) + ")";
    w.actual_hash = sha256_hex(text);
    if (w.actual_hash != text_hash) {
        problems.push_back(w.label + " was edited after it was recorded: its text no longer matches its fingerprint");
        w.reported = true;
    }
    wordings.emplace(id, std::move(w));
}

// The event's wording_hash is covered by its own hash, so once the chain verifies it is what
// the customer saw: the wording row must still hold exactly that text (an UPDATE of text and
// text_hash together, or a DELETE, shows here). Event: ConsentEvent or ConsentEventView.
template <class Event>
void check_event_wording(const Event& e, Wordings& wordings, std::vector<std::string>& problems) {
    if (e.wording_id == 0) return;
    auto it = wordings.find(e.wording_id);
    if (it == wordings.end()) {
        const std::string id = std::to_string(e.wording_id);
        problems.push_back("wording " + id + ", the text event " + std::to_string(e.seq) +
                           " recorded, is missing: it was deleted from the database");
        wordings.emplace(e.wording_id, WordingFacts{"wording " + id, std::string(), true});
        return;
    }
    WordingFacts& w = it->second;
    if (w.reported || e.wording_hash == w.actual_hash) return;
    problems.push_back(w.label + " is not the text event " + std::to_string(e.seq) +
                       " recorded: it was replaced, fingerprint and all, after the event");
    w.reported = true;
}

}  // namespace clientela::store
