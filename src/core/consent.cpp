#include "core/consent.hpp"

#include "core/enum_names.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <utility>

namespace clientela {

namespace {

constexpr EnumNames<ConsentAction, 4> kActions{{
    {ConsentAction::grant, "grant"},
    {ConsentAction::withdraw, "withdraw"},
    {ConsentAction::confirm, "confirm"},
    {ConsentAction::expire, "expire"},
}};
constexpr EnumNames<ConsentMethod, 8> kMethods{{
    {ConsentMethod::in_store_form, "in_store_form"},
    {ConsentMethod::paper, "paper"},
    {ConsentMethod::web_form, "web_form"},
    {ConsentMethod::email_reply, "email_reply"},
    {ConsentMethod::verbal_recorded, "verbal_recorded"},
    {ConsentMethod::import_attested, "import_attested"},
    {ConsentMethod::phone_request, "phone_request"},
    {ConsentMethod::whatsapp_reply, "whatsapp_reply"},
}};
constexpr EnumNames<LegalBasis, 2> kBases{{
    {LegalBasis::consent, "consent"},
    {LegalBasis::existing_customer, "existing_customer"},
}};
constexpr EnumNames<ConsentState::Status, 4> kStatuses{{
    {ConsentState::Status::none, "none"},
    {ConsentState::Status::granted, "granted"},
    {ConsentState::Status::withdrawn, "withdrawn"},
    {ConsentState::Status::expired, "expired"},
}};


template <typename Enum, std::size_t N>
std::vector<Enum> all_of(const EnumNames<Enum, N>& names) {
    std::vector<Enum> out;
    for (const auto& entry : names) out.push_back(entry.first);
    return out;
}

// ---- canonical serialisation (format documented in consent.hpp) ----

// Whether any of the 8 bytes of w may need escaping (below 0x20, 0x7f or '\\'): never 0 when
// one does; now and then not 0 when none does (a borrow between bytes), which only sends the
// text through the exact check.
std::uint64_t escape_flags(std::uint64_t w) {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    constexpr std::uint64_t highs = 0x8080808080808080ull;
    const auto has_zero = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
    const std::uint64_t below_space = (w - ones * 0x20) & ~w & highs;
    return below_space | has_zero(w ^ (ones * 0x7f)) | has_zero(w ^ (ones * '\\'));
}

// Whether any byte of v may need escaping, read eight bytes at a time: never false when one
// does (true now and then when none does).
bool may_need_escape(std::string_view v) {
    const char* p = v.data();
    const std::size_t n = v.size();
    if (n < 8) {
        for (const char ch : v) {
            const auto c = static_cast<unsigned char>(ch);
            if (c < 0x20 || c == 0x7f || c == '\\') return true;
        }
        return false;
    }
    std::uint64_t flags = 0;
    std::uint64_t w;
    for (std::size_t i = 0; i + 8 <= n; i += 8) {
        std::memcpy(&w, p + i, sizeof w);
        flags |= escape_flags(w);
    }
    std::memcpy(&w, p + n - 8, sizeof w);  // the last 8 bytes, some read twice
    return (flags | escape_flags(w)) != 0;
}

// The serialisation is written straight into a buffer sized for its longest possible form
// (Writer), not appended piece by piece: it runs for every event of every verification.
class Writer {
public:
    explicit Writer(char* at) : p_(at) {}
    char* end() const { return p_; }

    void bytes(std::string_view v) {
        std::memcpy(p_, v.data(), v.size());
        p_ += v.size();
    }
    void byte(char c) { *p_++ = c; }

    // v with every byte below 0x20, 0x7f and '\\' escaped (at most 4 bytes for one).
    void escaped(std::string_view v) {
        if (!may_need_escape(v)) {  // hashes, UUIDs, most text: copied as they are
            bytes(v);
            return;
        }
        static constexpr char hex[] = "0123456789ABCDEF";
        for (const char ch : v) {
            const auto c = static_cast<unsigned char>(ch);
            if (c >= 0x20 && c != 0x7f && c != '\\') {
                *p_++ = ch;
                continue;
            }
            *p_++ = '\\';
            switch (c) {
                case '\\':
                    *p_++ = '\\';
                    break;
                case '\n':
                    *p_++ = 'n';
                    break;
                case '\r':
                    *p_++ = 'r';
                    break;
                case '\t':
                    *p_++ = 't';
                    break;
                default:
                    *p_++ = 'x';
                    *p_++ = hex[c >> 4];
                    *p_++ = hex[c & 0x0f];
            }
        }
    }
    void decimal(std::int64_t n) { p_ = std::to_chars(p_, p_ + kMaxDecimal, n).ptr; }
    void digits(unsigned value, int width) {
        for (int i = width - 1; i >= 0; --i) {
            p_[i] = static_cast<char>('0' + value % 10);
            value /= 10;
        }
        p_ += width;
    }
    // Hand-rolled rather than date::format: its output is frozen by the format version, so it
    // must not follow a library's formatting.
    void time(Timestamp t) {
        const auto day = date::floor<date::days>(t);
        const date::year_month_day ymd{day};
        const date::hh_mm_ss<std::chrono::seconds> tod{t - day};
        const int year = static_cast<int>(ymd.year());
        if (year >= 0 && year <= 9999) {
            digits(static_cast<unsigned>(year), 4);
        } else {
            decimal(year);
        }
        byte('-');
        digits(static_cast<unsigned>(ymd.month()), 2);
        byte('-');
        digits(static_cast<unsigned>(ymd.day()), 2);
        byte('T');
        digits(static_cast<unsigned>(tod.hours().count()), 2);
        byte(':');
        digits(static_cast<unsigned>(tod.minutes().count()), 2);
        byte(':');
        digits(static_cast<unsigned>(tod.seconds().count()), 2);
        byte('Z');
    }

    // key=value lines.
    void text_line(std::string_view key, std::string_view value) {
        bytes(key);
        byte('=');
        escaped(value);
        byte('\n');
    }
    void name_line(std::string_view key, std::string_view value) {
        bytes(key);
        byte('=');
        bytes(value);  // enum names are fixed ASCII words, nothing to escape
        byte('\n');
    }
    void decimal_line(std::string_view key, std::int64_t value) {
        bytes(key);
        byte('=');
        decimal(value);
        byte('\n');
    }
    void time_line(std::string_view key, Timestamp value) {
        bytes(key);
        byte('=');
        time(value);
        byte('\n');
    }

    static constexpr std::size_t kMaxDecimal = 20;  // "-9223372036854775808"
    static constexpr std::size_t kMaxTime = 32;     // a year of up to 11 characters, then 15
    // The longest an escaped text can be.
    static constexpr std::size_t max_escaped(std::size_t n) { return 4 * n; }

private:
    char* p_;
};

bool is_hex64(std::string_view s) {
    return s.size() == 64 &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

std::string seq_text(std::int64_t seq) {
    return std::to_string(seq);
}

// ---- wording checks ----

// Words of folded text: runs of ASCII letters/digits and non-ASCII bytes. Dots and
// apostrophes inside a word are dropped rather than splitting it, so "S.L." is "sl".
std::vector<std::string> words_of(const std::string& text) {
    const std::string folded = fold_for_search(text);
    std::vector<std::string> words;
    std::string current;
    for (char ch : folded) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80) {
            current.push_back(ch);
        } else if ((ch == '.' || ch == '\'') && !current.empty()) {
            continue;
        } else if (!current.empty()) {
            words.push_back(std::move(current));
            current.clear();
        }
    }
    if (!current.empty()) words.push_back(std::move(current));
    return words;
}

bool contains_sequence(const std::vector<std::string>& haystack, const std::vector<std::string>& needle) {
    if (needle.empty()) return true;
    return std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end()) != haystack.end();
}

// Spanish company forms a wording may leave out of the shop name.
bool is_legal_form(const std::string& word) {
    static constexpr std::string_view forms[] = {"sl", "slu", "sll", "slne", "sa", "sau", "scp", "cb", "sc", "scoop"};
    return std::find(std::begin(forms), std::end(forms), word) != std::end(forms);
}

}  // namespace

const std::vector<ConsentAction>& all_consent_actions() {
    static const std::vector<ConsentAction> all = all_of(kActions);
    return all;
}
const std::vector<ConsentMethod>& all_consent_methods() {
    static const std::vector<ConsentMethod> all = all_of(kMethods);
    return all;
}
const std::vector<LegalBasis>& all_legal_bases() {
    static const std::vector<LegalBasis> all = all_of(kBases);
    return all;
}

std::string_view to_string(ConsentAction a) {
    return name_of(a, kActions);
}
std::string_view to_string(ConsentMethod m) {
    return name_of(m, kMethods);
}
std::string_view to_string(LegalBasis b) {
    return name_of(b, kBases);
}
std::string_view to_string(ConsentState::Status s) {
    return name_of(s, kStatuses);
}
ConsentAction consent_action_from_string(std::string_view s) {
    return parse_enum(s, kActions, "consent action");
}
ConsentMethod consent_method_from_string(std::string_view s) {
    return parse_enum(s, kMethods, "consent method");
}
LegalBasis legal_basis_from_string(std::string_view s) {
    return parse_enum(s, kBases, "legal basis");
}
ConsentState::Status consent_status_from_string(std::string_view s) {
    return parse_enum(s, kStatuses, "consent status");
}

bool is_weak_evidence(ConsentMethod m) {
    return m == ConsentMethod::import_attested;
}

bool is_remote_method(ConsentMethod m) {
    return m == ConsentMethod::web_form || m == ConsentMethod::email_reply || m == ConsentMethod::import_attested ||
           m == ConsentMethod::whatsapp_reply;
}

// Every field of one event kind into the other (strings <-> views): the one list of them.
template <class To, class From>
void copy_event_fields(To& to, const From& from) {
    to.seq = from.seq;
    to.event_uuid = from.event_uuid;
    to.contact_uuid = from.contact_uuid;
    to.point_hash = from.point_hash;
    to.channel = from.channel;
    to.purpose = from.purpose;
    to.action = from.action;
    to.method = from.method;
    to.basis = from.basis;
    to.wording_id = from.wording_id;
    to.wording_hash = from.wording_hash;
    to.evidence = from.evidence;
    to.recorded_by = from.recorded_by;
    to.occurred_at = from.occurred_at;
    to.recorded_at = from.recorded_at;
    to.prev_hash = from.prev_hash;
    to.hash = from.hash;
    to.format = from.format;
    to.evidence_hash = from.evidence_hash;
    to.evidence_erased = from.evidence_erased;
}

ConsentEventView view_of(const ConsentEvent& e) {
    ConsentEventView v;
    copy_event_fields(v, e);
    return v;
}

void assign_event(ConsentEvent& e, const ConsentEventView& v) { copy_event_fields(e, v); }

void append_canonical_serialisation(const ConsentEventView& e, std::string& out) {
    const bool v2 = e.format == 2;
    const std::string_view version = v2 ? consent_serialisation_v2 : consent_serialisation_version;
    const std::string_view evidence = v2 ? e.evidence_hash : e.evidence;
    const std::string_view channel = to_string(e.channel), purpose = to_string(e.purpose),
                           action = to_string(e.action), method = to_string(e.method), basis = to_string(e.basis);
    // Keys, '=' and '\n' of the 16 lines come to under 256 bytes.
    const std::size_t most = 256 + version.size() + 2 * Writer::kMaxDecimal + 2 * Writer::kMaxTime +
                             Writer::max_escaped(e.event_uuid.size() + e.contact_uuid.size() + e.point_hash.size() +
                                                 e.wording_hash.size() + evidence.size() + e.recorded_by.size()) +
                             channel.size() + purpose.size() + action.size() + method.size() + basis.size();
    const std::size_t start = out.size();
    out.resize(start + most);
    Writer w(out.data() + start);
    w.bytes(version);
    w.byte('\n');
    w.decimal_line("seq", e.seq);
    w.text_line("event_uuid", e.event_uuid);
    w.text_line("contact_uuid", e.contact_uuid);
    w.text_line("point_hash", e.point_hash);
    w.name_line("channel", channel);
    w.name_line("purpose", purpose);
    w.name_line("action", action);
    w.name_line("method", method);
    w.name_line("basis", basis);
    w.decimal_line("wording_id", e.wording_id);
    w.text_line("wording_hash", e.wording_hash);
    w.text_line(v2 ? "evidence_sha256" : "evidence", evidence);
    w.text_line("recorded_by", e.recorded_by);
    w.time_line("occurred_at", e.occurred_at);
    w.time_line("recorded_at", e.recorded_at);
    out.resize(static_cast<std::size_t>(w.end() - out.data()));
}

void append_canonical_serialisation(const ConsentEvent& e, std::string& out) {
    append_canonical_serialisation(view_of(e), out);
}

std::string canonical_serialisation(const ConsentEvent& e) {
    std::string out;
    out.reserve(512);
    append_canonical_serialisation(e, out);
    return out;
}

std::string compute_event_hash(const ConsentEvent& e) {
    Sha256 hasher;
    hasher.update(canonical_serialisation(e));
    hasher.update(e.prev_hash);
    std::string out(Sha256::hex_size, '\0');
    hasher.finish_hex(out.data());
    return out;
}

void seal_event(ConsentEvent& e, std::int64_t seq, std::string_view prev_hash) {
    if (e.format != 1 && e.format != 2) {
        throw ValidationError("unknown consent event format " + std::to_string(e.format));
    }
    if (e.format == 2) {
        e.evidence_hash = sha256_hex(e.evidence);
        e.evidence_erased = false;
    } else {
        e.evidence_hash.clear();
    }
    e.seq = seq;
    e.prev_hash.assign(prev_hash);
    e.hash = compute_event_hash(e);
}

std::string point_hash(std::string_view normalised_value, std::string_view secret_key) {
    if (secret_key.empty()) throw ValidationError("the shop's secret key for hashing contact points is not set");
    return hmac_sha256_hex(secret_key, normalised_value);
}

// ---- chain verification ----

ChainVerifier::ChainVerifier() : ChainVerifier(1, std::string(genesis_hash)) {}

ChainVerifier::ChainVerifier(std::int64_t first_seq, std::string prev_hash)
    : expected_seq_(first_seq), head_hash_(std::move(prev_hash)) {
    buffer_.reserve(1024);
}

void ChainVerifier::fail(std::string problem) {
    broken_seq_ = expected_seq_;
    problem_ = std::move(problem);
}

void ChainVerifier::feed(const ConsentEvent& e) { feed(view_of(e)); }

void ChainVerifier::feed(const ConsentEventView& e) {
    if (!ok()) return;  // nothing after the first break can be trusted
    ++checked_;
    if (e.seq != expected_seq_) {
        const std::string expected = seq_text(expected_seq_);
        if (e.seq > expected_seq_) {
            fail("event " + expected + " is missing: found event " + seq_text(e.seq) + " where " + expected +
                 " was expected (an event was removed or the order changed)");
        } else {
            fail("found event " + seq_text(e.seq) + " again where event " + expected +
                 " was expected (an event was duplicated or the order changed)");
        }
        return;
    }
    if (e.prev_hash != head_hash_) {
        fail("event " + seq_text(e.seq) +
             " does not link to the event before it (its prev_hash is not that event's hash)");
        return;
    }
    if (e.format != 1 && e.format != 2) {
        fail("event " + seq_text(e.seq) + " has a format (" + std::to_string(e.format) +
             ") that was never written by Clientela");
        return;
    }
    if (e.format == 2 && !e.evidence_erased) {
        // The chain covers the fingerprint; the text beside it must still be the one recorded.
        char evidence_hex[Sha256::hex_size];
        if (e.evidence.empty()) {
            std::memcpy(evidence_hex, empty_evidence_hash.data(), Sha256::hex_size);
        } else {
            hasher_.update(e.evidence);
            hasher_.finish_hex(evidence_hex);
        }
        if (e.evidence_hash.size() != Sha256::hex_size ||
            std::memcmp(evidence_hex, e.evidence_hash.data(), Sha256::hex_size) != 0) {
            fail("the evidence of event " + seq_text(e.seq) +
                 " was changed or removed after it was recorded (it no longer matches its fingerprint)");
            return;
        }
    }
    buffer_.clear();
    append_canonical_serialisation(e, buffer_);
    hasher_.update(buffer_);
    hasher_.update(e.prev_hash);
    char hex[Sha256::hex_size];
    hasher_.finish_hex(hex);
    if (e.hash.size() != Sha256::hex_size || std::memcmp(hex, e.hash.data(), Sha256::hex_size) != 0) {
        fail("event " + seq_text(e.seq) + " was changed after it was recorded (its hash does not match its content)");
        return;
    }
    head_hash_.assign(e.hash);  // reuses capacity
    ++expected_seq_;
}

ChainVerification ChainVerifier::result() const {
    ChainVerification r;
    r.ok = ok();
    r.events_checked = checked_;
    r.head_hash = head_hash_;
    r.first_broken_seq = broken_seq_;
    r.problem = problem_;
    return r;
}

ChainVerification verify_chain(const std::vector<ConsentEvent>& events) {
    ChainVerifier verifier;
    for (const auto& e : events) {
        verifier.feed(e);
        if (!verifier.ok()) break;
    }
    return verifier.result();
}

// ---- projection ----

void throw_fold_error(std::string message) { throw ValidationError(std::move(message)); }

void apply(ConsentState& s, const ConsentEvent& e) { apply_event(s, e); }

// ---- validation ----

void validate_new_event(const ConsentEvent& e, const ConsentState* current, const ConsentWording* wording) {
    auto fail = [](const std::string& message, const char* code = "",
                   std::vector<std::string> args = {}) { throw ValidationError(message, code, std::move(args)); };

    if (e.event_uuid.empty() || e.event_uuid.size() > max_uuid_bytes) fail("the event has no valid identifier");
    if (e.contact_uuid.empty() || e.contact_uuid.size() > max_uuid_bytes) {
        fail("the event does not say which customer it is for");
    }
    if (!is_hex64(e.point_hash)) fail("the event does not identify the contact point (phone, email or address)");

    const std::string staff = trim_spaces(e.recorded_by);
    if (staff.empty()) fail("say who is recording this consent", "consent.recorded_by_missing");
    if (e.recorded_by.size() > max_recorded_by_bytes || !is_valid_utf8(e.recorded_by)) {
        fail("the name of who recorded it is too long or not valid text (at most " +
             std::to_string(max_recorded_by_bytes) + " bytes)",
             "consent.recorded_by_too_long", {std::to_string(max_recorded_by_bytes)});
    }
    if (e.evidence.size() > max_evidence_bytes || !is_valid_utf8(e.evidence)) {
        fail("the evidence is too long or not valid text (at most " + std::to_string(max_evidence_bytes) +
             " bytes); refer to a file instead",
             "consent.evidence_too_long", {std::to_string(max_evidence_bytes)});
    }

    // 1970-01-01 is what an unset time looks like; 9999 is where the ISO format ends.
    const Timestamp lowest{std::chrono::seconds{1}};
    const Timestamp highest = date::sys_days{date::year{9999} / date::December / 31};
    if (e.occurred_at < lowest || e.occurred_at > highest) fail("the date the customer gave consent is missing");
    if (e.recorded_at < lowest || e.recorded_at > highest) fail("the date of recording is missing");
    if (e.occurred_at > e.recorded_at + future_tolerance) {
        fail("consent cannot be dated after the moment it is recorded", "consent.future_date");
    }

    if (e.wording_id < 0) fail("the wording reference is not valid");
    if (e.wording_id == 0 && !e.wording_hash.empty()) fail("a wording fingerprint was given without its wording");
    if (e.wording_id != 0 && !is_hex64(e.wording_hash)) fail("the wording's fingerprint is missing");
    if (wording != nullptr && e.wording_id != 0) {
        if (wording->id != e.wording_id) fail("the event names a different wording than the one given");
        if (wording->text_hash != e.wording_hash || sha256_hex(wording->text) != wording->text_hash) {
            fail("the wording's text does not match its fingerprint; it may have been altered");
        }
    }

    if (e.action == ConsentAction::grant) {
        if (e.wording_id == 0) fail("a grant needs the wording the customer agreed to", "consent.wording_missing");
        if (e.basis == LegalBasis::existing_customer &&
            (e.purpose != Purpose::marketing || (e.channel != Channel::email && e.channel != Channel::sms))) {
            fail("the existing-customer basis (LSSI art. 21.2) only covers commercial email and SMS",
                 "consent.existing_customer_scope");
        }
        if (e.method == ConsentMethod::import_attested && trim_spaces(e.evidence).empty()) {
            fail("an attested import needs evidence: which batch, and who confirmed consent was collected",
                 "consent.import_evidence_missing");
        }
        if (e.method == ConsentMethod::verbal_recorded && trim_spaces(e.evidence).empty()) {
            fail("verbal consent needs evidence: a reference to the recording", "consent.verbal_evidence_missing");
        }
        if (e.method == ConsentMethod::phone_request) {
            fail("a grant over the telephone needs a recording: record it as verbal_recorded with a reference to it");
        }
    }

    if (current != nullptr && current->last_seq != 0) {
        if (current->channel != e.channel || current->purpose != e.purpose) {
            fail("the event is for a different channel or purpose than the consent it changes");
        }
        using Status = ConsentState::Status;
        // Seq order decides the state, so a late-entered older grant would revive consent
        // the customer has since withdrawn: refuse it, a new grant must be collected.
        if (e.action == ConsentAction::grant && current->withdraw_seq != 0 && e.occurred_at < current->withdrawn_at) {
            fail("this grant is dated before the customer's withdrawal on " + format_utc(current->withdrawn_at) +
                     "; collect a new grant instead",
                 "consent.grant_before_withdrawal", {format_utc(current->withdrawn_at)});
        }
        if (e.action == ConsentAction::confirm && current->status == Status::granted &&
            e.occurred_at < current->granted_at) {
            fail("a confirmation cannot be dated before the grant it confirms", "consent.confirm_before_grant");
        }
    }
}

std::vector<std::string> wording_warnings(const std::string& text, Channel channel, const std::string& shop_name) {
    std::vector<std::string> warnings;
    const std::vector<std::string> words = words_of(text);
    if (words.empty()) {
        warnings.emplace_back("The wording is empty.");
        return warnings;
    }
    if (channel != Channel::whatsapp_business) return warnings;

    const bool says_whatsapp =
        std::find(words.begin(), words.end(), "whatsapp") != words.end() || contains_sequence(words, {"whats", "app"});
    if (!says_whatsapp) {
        warnings.emplace_back("The wording does not say that the messages will come over WhatsApp.");
    }

    std::vector<std::string> name = words_of(shop_name);
    if (name.empty()) {
        warnings.emplace_back("The shop name is not set, so the wording cannot be checked for it.");
        return warnings;
    }
    std::vector<std::string> short_name = name;
    while (short_name.size() > 1 && is_legal_form(short_name.back())) short_name.pop_back();
    if (!contains_sequence(words, name) && !contains_sequence(words, short_name)) {
        warnings.push_back("The wording does not name the shop (\"" + shop_name + "\").");
    }
    return warnings;
}

bool wording_says_whatsapp(const std::string& text) {
    const std::vector<std::string> words = words_of(text);
    return std::find(words.begin(), words.end(), "whatsapp") != words.end() ||
           contains_sequence(words, {"whats", "app"});
}

bool wording_names_shop(const std::string& text, const std::string& shop_name) {
    const std::vector<std::string> name = words_of(shop_name);
    if (name.empty()) return false;
    std::vector<std::string> short_name = name;
    while (short_name.size() > 1 && is_legal_form(short_name.back())) short_name.pop_back();
    const std::vector<std::string> words = words_of(text);
    return contains_sequence(words, name) || contains_sequence(words, short_name);
}

std::vector<std::string> wording_words(const std::string& text) {
    return words_of(text);
}

}  // namespace clientela
