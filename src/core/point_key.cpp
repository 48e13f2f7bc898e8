#include "core/point_key.hpp"

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

PointHasher::PointHasher(std::string_view secret_key) : mac_(checked_secret(secret_key)) {}

}  // namespace clientela
