#include "core/point_key.hpp"

#include "core/email.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"

namespace clientela {

namespace {

std::string_view checked_secret(std::string_view secret_key) {
    if (secret_key.empty()) throw ValidationError("the shop's secret key for hashing contact points is not set");
    return secret_key;
}

}  // namespace

std::string point_key(PointKind kind, std::string_view raw, std::string_view normalized) {
    return kind == PointKind::postal ? trim_spaces(raw) : std::string(normalized);
}

std::string point_key(const ContactPoint& p) { return point_key(p.kind, p.raw, p.normalized); }

std::vector<std::string> suppression_keys(PointKind kind, std::string_view raw, std::string_view normalized,
                                          bool valid) {
    if (!valid && kind != PointKind::postal) return {};
    std::vector<std::string> keys{point_key(kind, raw, normalized)};
    if (kind == PointKind::email) {
        std::string lower = ascii_lower(keys.front());
        if (lower != keys.front()) keys.push_back(std::move(lower));
    }
    return keys;
}

std::vector<std::string> suppression_keys(const ContactPoint& p) {
    return suppression_keys(p.kind, p.raw, p.normalized, p.is_valid);
}

std::string identity_key(PointKind kind, std::string_view normalized, bool is_mobile, bool valid) {
    if (!valid || normalized.empty()) return {};
    if (kind == PointKind::email) return ascii_lower(normalized);
    if (kind == PointKind::phone && is_mobile) return std::string(normalized);
    return {};
}

std::string identity_key(const ContactPoint& p) { return identity_key(p.kind, p.normalized, p.is_mobile, p.is_valid); }

std::string email_identity_key(std::string_view address) {
    const EmailInfo info = normalize_email(address);
    return info.valid ? ascii_lower(info.normalized) : std::string();
}

PointHasher::PointHasher(std::string_view secret_key) : mac_(checked_secret(secret_key)) {}

std::vector<std::string> suppression_hashes(const ContactPoint& p, PointHasher& hasher) {
    std::vector<std::string> hashes;
    for (const auto& key : suppression_keys(p)) hashes.push_back(hasher(key));
    return hashes;
}

}  // namespace clientela
