// Building an audience: applies the policy to every contact for a purpose (and optionally
// one channel) and lists who is included, on which channel and why, and who is excluded.
#pragma once

#include "app/session.hpp"
#include "core/policy.hpp"

#include <functional>
#include <optional>
#include <utility>
#include <vector>

namespace clientela::app {

struct AudienceRequest {
    Purpose purpose = Purpose::marketing;
    std::optional<Channel> channel;  // only this channel; empty = each contact's preferred order
    Timestamp at{};                  // decide as of this instant
};

struct AudienceMember {
    ContactRow contact;
    Channel channel = Channel::email;
    std::int64_t authorising_seq = 0;  // 0 on the contract basis
    Basis basis = Basis::none;
};

struct AudienceExclusion {
    ContactRow contact;
    std::vector<std::pair<Channel, Decision>> tried;  // every channel considered, in order
};

struct Audience {
    AudienceRequest request;
    std::vector<AudienceMember> included;
    std::vector<AudienceExclusion> excluded;
};

// The one reason that tells best why a customer is out, over every channel tried: the
// suppression list, then a withdrawal, a refused address, an expired or unconfirmed grant, no
// consent at all, a landline where a mobile is needed, and last a missing number or address.
BlockReason main_reason(const AudienceExclusion& x);
// How many excluded customers each main reason keeps out, the largest first.
std::vector<std::pair<BlockReason, std::size_t>> exclusion_counts(const Audience& audience);

// progress(done) is called every few thousand contacts; return false to cancel (throws
// Error "cancelled").
Audience build_audience(Session& session, const AudienceRequest& request,
                        const std::function<bool(std::int64_t)>& progress = {});

struct AudienceCount {
    std::int64_t included = 0;
    std::int64_t excluded = 0;
};

// The sizes of build_audience's two lists, without holding a row per customer (the main
// window's status bar on a database of a million customers).
AudienceCount count_audience(Session& session, const AudienceRequest& request,
                             const std::function<bool(std::int64_t)>& progress = {});

}  // namespace clientela::app
