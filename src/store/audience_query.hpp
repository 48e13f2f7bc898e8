// Streams every contact with what the policy needs (reachability, consent projection for
// one purpose, channel preferences) in one ordered pass, for building audiences.
#pragma once

#include "core/consent.hpp"
#include "core/policy.hpp"
#include "store/database.hpp"

#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

namespace clientela::store {

struct AudienceCandidate {
    std::int64_t id = 0;
    std::string uuid;
    std::string display_name;
    std::string mobile;  // first valid mobile (E.164) or empty (always empty for CandidateDetail::reachability)
    std::string email;   // first valid email or empty (same)
    ContactFacts facts;  // reachability and suppression, as the policy takes them
    std::vector<ConsentState> states;    // this purpose only
    std::vector<Channel> preferences;    // preferred first; empty = default order
};

// What each candidate carries: everything, or only what the policy needs (no name, mobile or
// email text: a count of a million contacts then holds a byte per contact, not their texts).
enum class CandidateDetail { full, reachability };

// Calls visit for every contact, sorted by UUID, all read from one snapshot (a savepoint,
// released before returning; on PostgreSQL a REPEATABLE READ READ ONLY transaction whose large
// reads are cursors fetched in batches, or the caller's write transaction). visit must not
// write outside a write transaction of its own caller. identifier_secret keys the hashes of
// point_key() checked against the suppression list.
void for_each_audience_candidate(Database& db, Purpose purpose, const std::string& identifier_secret,
                                 const std::function<void(const AudienceCandidate&)>& visit,
                                 CandidateDetail detail = CandidateDetail::full);

// One contact as for_each_audience_candidate gives it with CandidateDetail::reachability
// (facts, this purpose's states, preferences), read alone; nullopt when there is no such
// contact. suppressed: the suppression list (suppressed_identifier_hashes).
std::optional<AudienceCandidate> audience_candidate(Database& db, std::int64_t contact_id, Purpose purpose,
                                                    const std::string& identifier_secret,
                                                    const std::unordered_set<std::string>& suppressed);

// Every hash on the suppression list, on either engine (for audience_candidate).
std::unordered_set<std::string> suppressed_identifier_hashes(Database& db);

}  // namespace clientela::store
