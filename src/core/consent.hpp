// The consent ledger's domain: events, wording versions, the hash chain and the projection
// of events into the current consent for one (contact, channel, purpose).
#pragma once

#include "core/contact.hpp"
#include "core/sha256.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace clientela {

// What an event does to the consent for one (contact, channel, purpose).
enum class ConsentAction { grant, withdraw, confirm, expire };
// How the customer expressed it; import_attested is the weakest (see is_weak_evidence).
// phone_request and whatsapp_reply were added later (names are hashed: existing ones never
// change, new ones are only appended). phone_request is for withdrawals only: a grant by
// telephone needs a recording (verbal_recorded).
enum class ConsentMethod {
    in_store_form,
    paper,
    web_form,
    email_reply,
    verbal_recorded,
    import_attested,
    phone_request,
    whatsapp_reply
};
// consent: GDPR art. 6(1)(a) / LSSI art. 21.1 express consent.
// existing_customer: LSSI art. 21.2, commercial email/SMS to existing customers about similar
// products with an opt-out in every message. Always recorded explicitly, never a default.
enum class LegalBasis { consent, existing_customer };

const std::vector<ConsentAction>& all_consent_actions();
const std::vector<ConsentMethod>& all_consent_methods();
const std::vector<LegalBasis>& all_legal_bases();

// Stable lower-case names (they are part of the hashed serialisation: never rename).
std::string_view to_string(ConsentAction a);
std::string_view to_string(ConsentMethod m);
std::string_view to_string(LegalBasis b);
// Parse the names above; throw ValidationError listing the valid names.
ConsentAction consent_action_from_string(std::string_view s);
ConsentMethod consent_method_from_string(std::string_view s);
LegalBasis legal_basis_from_string(std::string_view s);

// Reports flag these: the shop attests consent was collected elsewhere, we hold no form.
bool is_weak_evidence(ConsentMethod m);
// Collected without the customer in front of us (web_form, email_reply, import_attested):
// these are the grants a double opt-in requirement applies to.
bool is_remote_method(ConsentMethod m);

// One version of the text a customer agreed to. Versions are never edited, only added.
struct ConsentWording {
    std::int64_t id = 0;
    int version = 1;
    std::string language = "es";
    std::string text;
    std::string text_hash;  // sha256_hex(text) of the exact bytes shown
    Timestamp created_at{};
};

// Genesis value of prev_hash for the first event of the ledger: 64 '0'.
inline constexpr std::string_view genesis_hash = "0000000000000000000000000000000000000000000000000000000000000000";
inline constexpr std::string_view consent_serialisation_version = "clientela-consent-v1";
inline constexpr std::string_view consent_serialisation_v2 = "clientela-consent-v2";
// The format new events are sealed in (see "Canonical serialisation, version 2" below).
inline constexpr int current_consent_format = 2;
// sha256_hex("") : the evidence fingerprint of a v2 event recorded without evidence.
inline constexpr std::string_view empty_evidence_hash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

// One row of the append-only ledger. Holds no PII: the contact point appears only as a
// keyed hash, so erasing a customer leaves the chain verifiable.
struct ConsentEvent {
    std::int64_t seq = 0;  // ledger position, 1-based, 0 until stored
    std::string event_uuid;
    std::string contact_uuid;
    std::string point_hash;  // point_hash(normalised contact point, shop secret), never the value
    Channel channel = Channel::email;
    Purpose purpose = Purpose::marketing;
    ConsentAction action = ConsentAction::grant;
    ConsentMethod method = ConsentMethod::in_store_form;
    LegalBasis basis = LegalBasis::consent;
    std::int64_t wording_id = 0;  // 0 = none
    std::string wording_hash;     // text_hash of that wording, empty when none
    std::string evidence;         // free text or a file reference; empty once erased (v2)
    std::string recorded_by;      // staff member
    Timestamp occurred_at{};      // when the customer did it (UTC)
    Timestamp recorded_at{};      // when it was entered (UTC)
    std::string prev_hash;
    std::string hash;
    // 1: the hash covers the evidence text (events recorded before format 2 existed; their
    // text can never change). 2: the hash covers evidence_hash, and the text lives beside
    // the chain, where erasing the customer can blank it.
    int format = current_consent_format;
    std::string evidence_hash;     // v2: sha256_hex(evidence) as recorded (seal_event sets it); v1: empty
    bool evidence_erased = false;  // v2: the text was blanked by an erasure; evidence_hash still stands
};

// Canonical serialisation, version 1: the exact bytes compute_event_hash hashes. Frozen:
// changing anything here needs a new version line, and old events keep verifying with v1.
//
//   clientela-consent-v1
//   seq=<decimal>
//   event_uuid=<text>
//   contact_uuid=<text>
//   point_hash=<text>
//   channel=<email|sms|whatsapp_business|phone_call|postal>
//   purpose=<marketing|service>
//   action=<grant|withdraw|confirm|expire>
//   method=<in_store_form|paper|web_form|email_reply|verbal_recorded|import_attested>
//   basis=<consent|existing_customer>
//   wording_id=<decimal>
//   wording_hash=<text>
//   evidence=<text>
//   recorded_by=<text>
//   occurred_at=<time>
//   recorded_at=<time>
//
// - A byte string; every line, the last one included, ends with a single LF (0x0A).
//   No BOM, no CR, no spaces around '='.
// - Every key appears exactly once and in this order; a key ends at the first '='.
// - <decimal>: base 10, no leading zeros, no '+', '-' only for negatives ("0" for none).
// - <text>: the value's bytes (UTF-8 as stored) with exactly these escapes:
//     '\' -> "\\"   LF -> "\n"   CR -> "\r"   TAB -> "\t"
//     any other byte 0x00-0x1F or 0x7F -> "\x" + two upper-case hex digits
//   All other bytes, '=' and non-ASCII included, are copied unchanged. A value therefore
//   never contains a raw LF, so text such as "x\nchannel=sms" cannot forge a field; '='
//   needs no escape because keys are fixed and end at the first '='.
// - <time>: UTC to the second, "YYYY-MM-DDTHH:MM:SSZ" (validate_new_event keeps years in
//   1970..9999; outside that range the year is written as a signed decimal).
// - prev_hash and hash are not part of it; the hash covers prev_hash by appending it:
//
//   hash = lower-case hex SHA-256( canonical_serialisation(e) + prev_hash )
//   where prev_hash is the previous event's hash, or genesis_hash (64 '0') for seq 1.
//
// Canonical serialisation, version 2 (e.format == 2): the same rules and lines, except the
// first line and the evidence line:
//
//   clientela-consent-v2
//   ... (seq to wording_hash as in v1)
//   evidence_sha256=<text>     lower-case hex SHA-256 of the evidence bytes as recorded
//                              (empty_evidence_hash when there was none)
//   recorded_by=<text>
//   occurred_at=<time>
//   recorded_at=<time>
//
// The evidence is free text and may name the customer (GDPR art. 17 must be able to remove
// it), so the chain covers only its fingerprint. Verification recomputes the fingerprint
// from the text when the text is there, and trusts the stored evidence_hash when an
// erasure blanked the text (evidence_erased). v1 events keep covering their text, so their
// evidence can never be erased without breaking the chain.
std::string canonical_serialisation(const ConsentEvent& e);
// Same bytes, appended to out (for loops that reuse one buffer).
void append_canonical_serialisation(const ConsentEvent& e, std::string& out);

// An event whose text fields are views of bytes held elsewhere (a database row, a
// ConsentEvent): what the chain hashes and the projection folds, without copying the row
// into strings. Valid as long as those bytes are.
struct ConsentEventView {
    std::int64_t seq = 0;
    std::string_view event_uuid;
    std::string_view contact_uuid;
    std::string_view point_hash;
    Channel channel = Channel::email;
    Purpose purpose = Purpose::marketing;
    ConsentAction action = ConsentAction::grant;
    ConsentMethod method = ConsentMethod::in_store_form;
    LegalBasis basis = LegalBasis::consent;
    std::int64_t wording_id = 0;
    std::string_view wording_hash;
    std::string_view evidence;
    std::string_view recorded_by;
    Timestamp occurred_at{};
    Timestamp recorded_at{};
    std::string_view prev_hash;
    std::string_view hash;
    int format = current_consent_format;
    std::string_view evidence_hash;
    bool evidence_erased = false;
};
ConsentEventView view_of(const ConsentEvent& e);
// Copies every field of v into e (its strings keep their capacity).
void assign_event(ConsentEvent& e, const ConsentEventView& v);
void append_canonical_serialisation(const ConsentEventView& e, std::string& out);
std::string compute_event_hash(const ConsentEvent& e);
// Gives e its ledger position: sets seq, prev_hash and hash (and for v2 evidence_hash from
// the evidence). The store calls this inside the transaction that appends the event.
void seal_event(ConsentEvent& e, std::int64_t seq, std::string_view prev_hash);

// Lower-case hex HMAC-SHA256 of the normalised contact point (E.164 phone, normalised email)
// under the shop's secret key: without the key a ledger's hashes cannot be brute-forced
// back into phone numbers.
std::string point_hash(std::string_view normalised_value, std::string_view secret_key);

struct ChainVerification {
    bool ok = true;
    std::size_t events_checked = 0;     // events fed up to and including the first broken one
    std::string head_hash;              // hash of the last event that verified (genesis if none)
    std::int64_t first_broken_seq = 0;  // ledger position where trust ends, 0 if ok
    std::string problem;                // a sentence, empty if ok
};

// Checks a ledger fed in seq order, one event at a time, without holding it in memory:
// seq runs 1, 2, 3 ... with no gap or swap, each prev_hash is the previous hash, each
// hash recomputes, and a v2 event's evidence text (unless erased) matches its
// evidence_hash. first_broken_seq is the position (expected seq) where the first check
// fails: a removed event 3 reports 3, a swapped pair 3/4 reports 3, a modified event 5
// reports 5. Events fed after the first failure are ignored.
class ChainVerifier {
public:
    ChainVerifier();
    // Resume after a verified checkpoint: the next event must have seq first_seq and
    // prev_hash equal to prev_hash.
    ChainVerifier(std::int64_t first_seq, std::string prev_hash);

    void feed(const ConsentEvent& e);
    void feed(const ConsentEventView& e);
    bool ok() const { return broken_seq_ == 0; }
    ChainVerification result() const;

private:
    void fail(std::string problem);

    std::int64_t expected_seq_;
    std::string head_hash_;
    std::size_t checked_ = 0;
    std::int64_t broken_seq_ = 0;
    std::string problem_;
    std::string buffer_;  // reused serialisation buffer
    Sha256 hasher_;
};

ChainVerification verify_chain(const std::vector<ConsentEvent>& events);

// Current consent for one (contact, channel, purpose), folded from its events in seq order.
struct ConsentState {
    enum class Status { none, granted, withdrawn, expired };

    Channel channel = Channel::email;
    Purpose purpose = Purpose::marketing;
    Status status = Status::none;
    // Of the latest grant (kept after a withdraw so history screens can show it).
    LegalBasis basis = LegalBasis::consent;
    ConsentMethod method = ConsentMethod::in_store_form;
    std::int64_t wording_id = 0;
    std::string point_hash;
    bool confirmed = false;  // the latest grant was confirmed by a later confirm event
    std::int64_t grant_seq = 0;
    std::int64_t confirm_seq = 0;
    std::int64_t withdraw_seq = 0;
    std::int64_t expire_seq = 0;
    std::int64_t last_seq = 0;  // last event applied, whatever it did
    Timestamp granted_at{};     // occurred_at of those events
    Timestamp confirmed_at{};
    Timestamp withdrawn_at{};
    Timestamp expired_at{};
    Timestamp last_event_at{};
};

std::string_view to_string(ConsentState::Status s);
ConsentState::Status consent_status_from_string(std::string_view s);

// Folds one event into the state. Events must come in seq order (seq > state.last_seq,
// else ValidationError); the first event applied sets the state's channel and purpose and
// later ones must match.
//
// Order decision: seq order (the order the shop learned things) is what counts, not
// occurred_at. A paper form entered late is applied where it was entered; that keeps the
// projection reproducible from the ledger alone. validate_new_event stops the dangerous
// case: a grant dated before the withdrawal already on record is refused.
//
//   grant    -> granted, new grant: basis/method/wording taken, confirmed cleared
//               (also after a withdraw or expire, and for a duplicate grant)
//   confirm  -> confirms the current grant; with no current grant it changes nothing but
//               last_seq (the ledger still holds it)
//   withdraw -> withdrawn, whatever came before
//   expire   -> expired if granted; a withdrawn or empty state keeps its status
void apply(ConsentState& state, const ConsentEvent& e);

// apply() for any state and event with ConsentState's and ConsentEvent's member names (a
// compact state kept by verify, an event viewed in a database row): the one place the rules
// above are written.
[[noreturn]] void throw_fold_error(std::string message);
template <class State, class Event>
void apply_event(State& s, const Event& e) {
    if (e.seq <= 0) throw_fold_error("a consent event must be stored in the ledger before it is applied");
    if (s.last_seq == 0) {
        s.channel = e.channel;
        s.purpose = e.purpose;
    } else if (s.channel != e.channel || s.purpose != e.purpose) {
        throw_fold_error("event " + std::to_string(e.seq) + " is for " + std::string(to_string(e.channel)) + "/" +
                         std::string(to_string(e.purpose)) + ", not for " +
                         std::string(to_string(static_cast<Channel>(s.channel))) + "/" +
                         std::string(to_string(static_cast<Purpose>(s.purpose))));
    }
    if (e.seq <= s.last_seq) {
        throw_fold_error("consent events must be applied in ledger order: event " + std::to_string(e.seq) +
                         " came after event " + std::to_string(s.last_seq));
    }
    using Status = ConsentState::Status;
    switch (e.action) {
        case ConsentAction::grant:
            s.status = Status::granted;
            s.basis = e.basis;
            s.method = e.method;
            s.wording_id = e.wording_id;
            s.point_hash = e.point_hash;
            s.grant_seq = e.seq;
            s.granted_at = e.occurred_at;
            // A new grant needs its own confirmation, even when it repeats an earlier one.
            s.confirmed = false;
            s.confirm_seq = 0;
            s.confirmed_at = Timestamp{};
            break;
        case ConsentAction::confirm:
            if (s.status == Status::granted) {
                s.confirmed = true;
                s.confirm_seq = e.seq;
                s.confirmed_at = e.occurred_at;
            }
            break;
        case ConsentAction::withdraw:
            s.status = Status::withdrawn;
            s.withdraw_seq = e.seq;
            s.withdrawn_at = e.occurred_at;
            break;
        case ConsentAction::expire:
            // A withdrawal says more than an expiry, so it is kept.
            if (s.status == Status::granted) {
                s.status = Status::expired;
                s.expire_seq = e.seq;
                s.expired_at = e.occurred_at;
            }
            break;
    }
    s.last_seq = e.seq;
    s.last_event_at = e.occurred_at;
}

// Limits validate_new_event enforces on free text, in bytes.
inline constexpr std::size_t max_evidence_bytes = 4000;
inline constexpr std::size_t max_recorded_by_bytes = 100;
inline constexpr std::size_t max_uuid_bytes = 64;
// Clocks of two machines may differ a little; consent dated later than this past
// recorded_at is consent in the future and refused.
inline constexpr std::chrono::seconds future_tolerance{300};

// Checks an event before it is appended; throws ValidationError with a readable sentence.
// current: the state of the same (contact, channel, purpose) now, nullptr if none.
// wording: the wording named by e.wording_id when it has one, so its hash can be checked.
void validate_new_event(const ConsentEvent& e, const ConsentState* current = nullptr,
                        const ConsentWording* wording = nullptr);

// Problems with a wording to be used for a grant on this channel, as plain English
// sentences (empty when fine). For whatsapp_business the text must say messages come over
// WhatsApp and name the shop (WhatsApp Business Platform opt-in rules); case and accents
// are ignored, and a trailing legal form (S.L., S.A. ...) of the shop name is optional.
std::vector<std::string> wording_warnings(const std::string& text, Channel channel, const std::string& shop_name);

// The two halves of that check: the text says WhatsApp ("WhatsApp", "Whats App"), and the
// text names the shop (case, accents and a trailing legal form ignored). An empty shop name
// is never named.
bool wording_says_whatsapp(const std::string& text);
bool wording_names_shop(const std::string& text, const std::string& shop_name);
// The folded words of a text (lower case, no accents), as the checks above see them.
std::vector<std::string> wording_words(const std::string& text);

}  // namespace clientela
