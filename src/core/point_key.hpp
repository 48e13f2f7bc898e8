// The text that identifies a contact point in keyed hashes (the ledger's point_hash, the
// suppression list), and a hasher for many points under one shop secret.
#pragma once

#include "core/contact.hpp"
#include "core/sha256.hpp"

#include <string>
#include <string_view>

namespace clientela {

// E.164 for a phone and the normalised address for an email (so only valid ones have a
// key); a postal address has no normal form and is keyed as written, trimmed of spaces.
// Every place that hashes a contact point goes through here, so a suppressed identifier
// matches wherever it is checked.
std::string point_key(PointKind kind, std::string_view raw, std::string_view normalized);
std::string point_key(const ContactPoint& p);

// point_hash(key, secret) for many keys: the HMAC key is set up once.
class PointHasher {
public:
    // Throws ValidationError when the secret is empty, as point_hash does.
    explicit PointHasher(std::string_view secret_key);
    std::string operator()(std::string_view key) { return mac_.digest_hex(key); }

private:
    HmacSha256 mac_;
};

}  // namespace clientela
