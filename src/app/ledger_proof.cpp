#include "app/ledger_proof.hpp"

#include "core/errors.hpp"
#include "store/audience_reach.hpp"

#include <cctype>

namespace clientela::app {

namespace {

bool is_in_memory(const std::string& path) { return path.empty() || path == ":memory:"; }

std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

}  // namespace

std::string LedgerProof::first_problem() const {
    if (!ledger.ok()) return ledger.first_problem();
    if (!anchors.ok) return anchors.problem;
    if (expected_head.asked) return expected_head.problem;
    return "";
}

LedgerProof prove_ledger(Session& session, const LedgerProofRequest& r) {
    LedgerProof proof;
    auto& ledger = session.ledger();
    store::VerifyOptions options;
    options.whole_file = r.whole_file;
    proof.ledger = ledger.verify(options);
    if (r.whole_file) {
        proof.ledger.reach_checked = true;
        proof.ledger.reach_problems = store::check_reach(session.database(), session.database().identifier_secret(),
                                                         session.policy_settings());
    }

    if (!r.expect_head.empty()) {
        auto& e = proof.expected_head;
        e.asked = true;
        const auto seq = ledger.seq_of_hash(lower(r.expect_head));
        if (!seq) {
            e.problem = "the expected head " + r.expect_head +
                        " is not the hash of any event in the ledger: events were removed or rewritten since it "
                        "was taken, or it belongs to another database";
        } else {
            e.found = true;
            e.seq = *seq;
            if (!proof.ledger.chain.ok) {
                e.problem = "the expected head is event " + std::to_string(*seq) +
                            ", but the chain does not verify from the first event to the head";
            }
        }
    }

    const std::string& db_path = session.database().path();
    const std::string database_id = session.database().database_id();
    if (!is_in_memory(db_path)) {
        const std::string log = r.anchor_log.empty() ? anchor_log_path(db_path) : r.anchor_log;
        try {
            proof.anchors = check_anchors(log, database_id, [&](std::int64_t seq) { return ledger.hash_at(seq); });
        } catch (const StorageError& e) {
            // A log that is there but cannot be read vouches for nothing: not "no anchors".
            proof.anchors.log_path = log;
            proof.anchors.log_found = true;
            proof.anchors.ok = false;
            proof.anchors.problem = e.what();
        }
    }

    // The head this proof verified (not a later one another process may have appended since).
    const auto& chain = proof.ledger.chain;
    if (proof.ok() && !is_in_memory(db_path) && chain.events_checked > 0 && !database_id.empty()) {
        AnchorRecord a;
        a.database_id = database_id;
        a.seq = static_cast<std::int64_t>(chain.events_checked);
        a.hash = chain.head_hash;
        a.at = r.now == Timestamp{} ? now_utc() : r.now;
        a.source = r.source;
        try {
            append_anchor_record(proof.anchors.log_path, a);
            proof.anchored = true;
        } catch (const Error& e) {
            proof.anchor_warning = e.what();
        }
    }
    return proof;
}

}  // namespace clientela::app
