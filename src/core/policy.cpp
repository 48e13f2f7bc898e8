#include "core/policy.hpp"

#include "core/errors.hpp"

#include <algorithm>
#include <array>
#include <exception>

namespace clientela {

namespace {

constexpr std::array<std::pair<BlockReason, std::string_view>, 8> kReasons{{
    {BlockReason::no_consent, "no_consent"},
    {BlockReason::withdrawn, "withdrawn"},
    {BlockReason::not_confirmed, "not_confirmed"},
    {BlockReason::expired, "expired"},
    {BlockReason::no_contact_point, "no_contact_point"},
    {BlockReason::not_mobile, "not_mobile"},
    {BlockReason::suppressed, "suppressed"},
    {BlockReason::undeliverable, "undeliverable"},
}};

constexpr std::array<std::pair<Basis, std::string_view>, 4> kBases{{
    {Basis::none, "none"},
    {Basis::consent, "consent"},
    {Basis::existing_customer, "existing_customer"},
    {Basis::contract, "contract"},
}};

// Purposes and channels for which the contract is not enough and a grant is needed.
bool needs_grant(Purpose purpose, Channel channel) {
    return purpose == Purpose::marketing || channel == Channel::whatsapp_business;
}

// LSSI art. 21.2 is an exception for commercial electronic communications only.
bool existing_customer_covers(Purpose purpose, Channel channel) {
    return purpose == Purpose::marketing && (channel == Channel::email || channel == Channel::sms);
}

void check_reachable(const ContactFacts& facts, Channel channel, std::vector<BlockReason>& reasons) {
    const bool any_phone = facts.has_phone || facts.has_mobile;
    switch (channel) {
        case Channel::email:
            if (!facts.has_email) {
                reasons.push_back(BlockReason::no_contact_point);
            } else if (facts.email_undeliverable) {
                reasons.push_back(BlockReason::undeliverable);
            }
            break;
        case Channel::sms:
        case Channel::whatsapp_business:
            if (!facts.has_mobile)
                reasons.push_back(any_phone ? BlockReason::not_mobile : BlockReason::no_contact_point);
            break;
        case Channel::phone_call:
            if (!any_phone) reasons.push_back(BlockReason::no_contact_point);
            break;
        case Channel::postal:
            if (!facts.has_postal) reasons.push_back(BlockReason::no_contact_point);
            break;
    }
}

}  // namespace

std::string_view to_string(BlockReason r) {
    for (const auto& [value, name] : kReasons) {
        if (value == r) return name;
    }
    return "?";
}

BlockReason block_reason_from_string(std::string_view s) {
    std::string valid;
    for (const auto& [value, name] : kReasons) {
        if (s == name) return value;
        if (!valid.empty()) valid += ", ";
        valid += name;
    }
    throw ValidationError("unknown block reason '" + std::string(s) + "' (valid: " + valid + ")");
}

std::string describe(BlockReason r) {
    switch (r) {
        case BlockReason::no_consent:
            return "The customer has not given consent for this channel and purpose.";
        case BlockReason::withdrawn:
            return "The customer withdrew consent for this channel and purpose.";
        case BlockReason::not_confirmed:
            return "The consent was collected remotely and has not been confirmed (double opt-in).";
        case BlockReason::expired:
            return "The consent has expired.";
        case BlockReason::no_contact_point:
            return "The customer has no address or number for this channel.";
        case BlockReason::not_mobile:
            return "The customer's phone is not a mobile, so it cannot receive messages.";
        case BlockReason::suppressed:
            return "The customer is on the suppression list.";
        case BlockReason::undeliverable:
            return "The customer's email address was refused for good by their mail server (undeliverable).";
    }
    return "Unknown reason.";
}

std::string_view to_string(Basis b) {
    for (const auto& [value, name] : kBases) {
        if (value == b) return name;
    }
    return "?";
}

bool Decision::blocked_by(BlockReason r) const {
    return std::find(reasons.begin(), reasons.end(), r) != reasons.end();
}

const date::time_zone* policy_zone(const PolicySettings& settings) {
    if (settings.zone != nullptr) return settings.zone;
    static const date::time_zone* const madrid = [] {
        try {
            return date::locate_zone("Europe/Madrid");
        } catch (const std::exception& e) {
            throw Error(std::string("the time zone data for Europe/Madrid is missing (install tzdata): ") + e.what());
        }
    }();
    return madrid;
}

Timestamp add_local_months(Timestamp t, int months, const date::time_zone* zone) {
    if (zone == nullptr) zone = policy_zone(PolicySettings{});
    const auto local = zone->to_local(t);
    const auto local_day = date::floor<date::days>(local);
    const auto time_of_day = local - local_day;
    auto ymd = date::year_month_day{local_day} + date::months{months};
    if (!ymd.ok()) ymd = ymd.year() / ymd.month() / date::last;  // 31 Jan + 1 month -> end of Feb
    const auto target = date::local_days{ymd} + time_of_day;
    return date::floor<std::chrono::seconds>(zone->to_sys(target, date::choose::earliest));
}

std::optional<Timestamp> expiry_time(const ConsentState& state, const ContactFacts& facts,
                                     const PolicySettings& settings) {
    if (settings.expiry_months <= 0 || state.status != ConsentState::Status::granted) return std::nullopt;
    Timestamp base = state.granted_at;
    if (state.confirmed) base = std::max(base, state.confirmed_at);
    if (facts.last_interaction) base = std::max(base, *facts.last_interaction);
    return add_local_months(base, settings.expiry_months, policy_zone(settings));
}

Decision decide(const ConsentState* state, const ContactFacts& facts, Purpose purpose, Channel channel, Timestamp at,
                const PolicySettings& settings) {
    if (state != nullptr && state->last_seq != 0 && (state->channel != channel || state->purpose != purpose)) {
        throw Error("consent for " + std::string(to_string(state->channel)) + "/" +
                    std::string(to_string(state->purpose)) + " was given to a decision about " +
                    std::string(to_string(channel)) + "/" + std::string(to_string(purpose)));
    }
    using Status = ConsentState::Status;
    const Status status = state != nullptr ? state->status : Status::none;

    Decision d;
    if (facts.suppressed) d.reasons.push_back(BlockReason::suppressed);
    check_reachable(facts, channel, d.reasons);

    if (needs_grant(purpose, channel)) {
        switch (status) {
            case Status::none:
                d.reasons.push_back(BlockReason::no_consent);
                break;
            case Status::withdrawn:
                d.reasons.push_back(BlockReason::withdrawn);
                break;
            case Status::expired:
                d.reasons.push_back(BlockReason::expired);
                break;
            case Status::granted: {
                const bool basis_counts =
                    state->basis == LegalBasis::consent || existing_customer_covers(purpose, channel);
                if (!basis_counts) {
                    d.reasons.push_back(BlockReason::no_consent);
                    break;
                }
                // Double opt-in confirms a consent; the existing-customer basis has none to confirm.
                if (settings.double_opt_in_required && state->basis == LegalBasis::consent &&
                    is_remote_method(state->method) && !state->confirmed) {
                    d.reasons.push_back(BlockReason::not_confirmed);
                }
                const auto expiry = expiry_time(*state, facts, settings);
                if (expiry && at >= *expiry) d.reasons.push_back(BlockReason::expired);
                if (d.reasons.empty()) {
                    d.authorising_seq = state->grant_seq;
                    d.basis = state->basis == LegalBasis::existing_customer ? Basis::existing_customer : Basis::consent;
                }
                break;
            }
        }
    } else {
        // Service on the contract: only the customer's "no" for this channel stops it.
        if (status == Status::withdrawn) d.reasons.push_back(BlockReason::withdrawn);
        if (d.reasons.empty()) d.basis = Basis::contract;
    }

    std::sort(d.reasons.begin(), d.reasons.end());
    d.reasons.erase(std::unique(d.reasons.begin(), d.reasons.end()), d.reasons.end());
    d.allowed = d.reasons.empty();
    if (!d.allowed) {
        d.authorising_seq = 0;
        d.basis = Basis::none;
    }
    return d;
}

const std::vector<Channel>& default_channel_order() {
    static const std::vector<Channel> order{Channel::email, Channel::sms, Channel::whatsapp_business, Channel::postal,
                                            Channel::phone_call};
    return order;
}

ChannelChoice choose_channel(const std::vector<Channel>& order, const ConsentLookup& states, const ContactFacts& facts,
                             Purpose purpose, Timestamp at, const PolicySettings& settings) {
    const std::vector<Channel>& channels = order.empty() ? default_channel_order() : order;
    ChannelChoice choice;
    for (Channel channel : channels) {
        const bool seen = std::any_of(choice.tried.begin(), choice.tried.end(),
                                      [channel](const auto& tried) { return tried.first == channel; });
        if (seen) continue;
        const ConsentState* state = states ? states(channel, purpose) : nullptr;
        Decision d = decide(state, facts, purpose, channel, at, settings);
        const bool allowed = d.allowed;
        choice.tried.emplace_back(channel, std::move(d));
        if (allowed) {
            choice.channel = channel;
            choice.decision = choice.tried.back().second;
            return choice;
        }
    }
    if (!choice.tried.empty()) choice.decision = choice.tried.front().second;
    return choice;
}

ChannelChoice choose_channel(const std::vector<Channel>& order, const std::vector<ConsentState>& states,
                             const ContactFacts& facts, Purpose purpose, Timestamp at, const PolicySettings& settings) {
    const ConsentLookup lookup = [&states](Channel channel, Purpose p) -> const ConsentState* {
        for (const auto& s : states) {
            if (s.channel == channel && s.purpose == p) return &s;
        }
        return nullptr;
    };
    return choose_channel(order, lookup, facts, purpose, at, settings);
}

}  // namespace clientela
