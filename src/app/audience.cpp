#include "app/audience.hpp"

#include "core/errors.hpp"
#include "store/audience_query.hpp"

#include <algorithm>
#include <map>

namespace clientela::app {

namespace {

// Applies the policy to every contact, in UUID order, and hands each decision to `visit`.
template <typename Visit>
void decide_each(Session& session, const AudienceRequest& request, const std::function<bool(std::int64_t)>& progress,
                 store::CandidateDetail detail, Visit&& visit) {
    const PolicySettings settings = session.policy_settings();
    std::int64_t done = 0;
    store::for_each_audience_candidate(
        session.database(), request.purpose, session.database().identifier_secret(),
        [&](const store::AudienceCandidate& c) {
            const std::vector<Channel> order = request.channel ? std::vector<Channel>{*request.channel} : c.preferences;
            visit(c, choose_channel(order, c.states, c.facts, request.purpose, request.at, settings));
            if (progress && ++done % 4096 == 0 && !progress(done)) throw Error("cancelled");
        },
        detail);
}

}  // namespace

Audience build_audience(Session& session, const AudienceRequest& request,
                        const std::function<bool(std::int64_t)>& progress) {
    Audience out;
    out.request = request;
    decide_each(session, request, progress, store::CandidateDetail::full,
                [&](const store::AudienceCandidate& c, const ChannelChoice& choice) {
        ContactRow row{c.id, c.uuid, c.display_name, c.mobile, c.email};
        if (choice.channel) {
            out.included.push_back(
                {std::move(row), *choice.channel, choice.decision.authorising_seq, choice.decision.basis});
        } else {
            out.excluded.push_back({std::move(row), choice.tried});
        }
    });
    return out;
}

BlockReason main_reason(const AudienceExclusion& x) {
    static constexpr BlockReason kOrder[] = {BlockReason::suppressed,    BlockReason::withdrawn,
                                             BlockReason::undeliverable, BlockReason::expired,
                                             BlockReason::not_confirmed, BlockReason::no_consent,
                                             BlockReason::not_mobile,    BlockReason::no_contact_point};
    for (BlockReason r : kOrder) {
        for (const auto& tried : x.tried) {
            if (tried.second.blocked_by(r)) return r;
        }
    }
    return BlockReason::no_consent;  // nothing tried: no channel could be considered
}

std::vector<std::pair<BlockReason, std::size_t>> exclusion_counts(const Audience& audience) {
    std::map<BlockReason, std::size_t> counts;
    for (const auto& x : audience.excluded) ++counts[main_reason(x)];
    std::vector<std::pair<BlockReason, std::size_t>> out(counts.begin(), counts.end());
    std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    return out;
}

AudienceCount count_audience(Session& session, const AudienceRequest& request,
                             const std::function<bool(std::int64_t)>& progress) {
    AudienceCount n;
    decide_each(session, request, progress, store::CandidateDetail::reachability,
                [&](const store::AudienceCandidate&, const ChannelChoice& choice) {
        ++(choice.channel ? n.included : n.excluded);
    });
    return n;
}

}  // namespace clientela::app
