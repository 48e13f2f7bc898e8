// Building an audience: applies the policy to every contact for a purpose (and optionally
// one channel) and lists who is included, on which channel and why, and who is excluded.
#pragma once

#include "app/session.hpp"
#include "core/policy.hpp"

#include <functional>
#include <optional>
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
