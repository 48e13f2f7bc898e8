// The text that identifies a contact point in keyed hashes (the ledger's point_hash, the
// suppression list), and a hasher for many points under one shop secret.
#pragma once

#include "core/contact.hpp"
#include "core/sha256.hpp"

#include <string>
#include <string_view>
#include <vector>

namespace clientela {

// E.164 for a phone and the normalised address for an email (so only valid ones have a
// key); a postal address has no normal form and is keyed as written, trimmed of spaces.
// Every place that hashes a contact point goes through here, so a suppressed identifier
// matches wherever it is checked.
std::string point_key(PointKind kind, std::string_view raw, std::string_view normalized);
std::string point_key(const ContactPoint& p);

// The keys a contact point is put on, and looked up on, the suppression list: its
// point_key and, for an email whose local part has capitals, the whole address in lower
// case too. Mail providers ignore that case, so erasing "Ana.Nunez@x.es" must also keep
// "ana.nunez@x.es" from coming back in an old phone export. Empty for a point without a
// key (an invalid phone or email).
std::vector<std::string> suppression_keys(PointKind kind, std::string_view raw, std::string_view normalized,
                                          bool valid);
std::vector<std::string> suppression_keys(const ContactPoint& p);

// The identity of a mobile number or an email address, as dedup, add, import, the audience
// and unsubscribes compare them: E.164 for a mobile, and for an email the normalised
// address with its local part in lower case too (ASCII only, like SQLite's lower()), since
// mail providers ignore that case: "Familia.Ruiz@x.es" and "familia.ruiz@x.es" are one
// mailbox, so one customer. Not a point_key: the ledger's hashes keep the stored spelling.
// Empty for a point that is not an identity (landline, postal, invalid).
std::string identity_key(PointKind kind, std::string_view normalized, bool is_mobile, bool valid);
std::string identity_key(const ContactPoint& p);
// The identity key of an email address as typed (normalised first); empty when invalid.
std::string email_identity_key(std::string_view address);

// point_hash(key, secret) for many keys: the HMAC key is set up once.
class PointHasher {
public:
    // Throws ValidationError when the secret is empty, as point_hash does.
    explicit PointHasher(std::string_view secret_key);
    std::string operator()(std::string_view key) { return mac_.digest_hex(key); }

private:
    HmacSha256 mac_;
};

// The keyed hashes of suppression_keys(p), as the suppression list holds them.
std::vector<std::string> suppression_hashes(const ContactPoint& p, PointHasher& hasher);

}  // namespace clientela
