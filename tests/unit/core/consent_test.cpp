// Tests of the consent ledger's domain: hashing, canonical serialisation, chain
// verification, the state fold and event validation.
#include "core/consent.hpp"
#include "core/errors.hpp"
#include "core/sha256.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

using namespace clientela;

namespace {

Timestamp utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0, int ss = 0) {
    return date::sys_days{date::year{y} / m / d} + std::chrono::hours{hh} + std::chrono::minutes{mm} +
           std::chrono::seconds{ss};
}

const std::string kWordingText = "Acepto recibir ofertas de Zapatería López por WhatsApp.";
const std::string kWordingHash = "6cb67a74ee9c75a30d96e7aa5bd8eb0f37f4895c3ecd793e6699f8aace44888b";
const std::string kPointHash = "8adb84d29d6b32d2798e4c316bd24e0355359332a6d69ea1fcd89a254fc790c7";

ConsentWording wording() {
    ConsentWording w;
    w.id = 3;
    w.version = 1;
    w.language = "es";
    w.text = kWordingText;
    w.text_hash = kWordingHash;
    w.created_at = utc(2024, 1, 1);
    return w;
}

// The event whose serialisation is pinned by the golden test below.
ConsentEvent golden_event() {
    ConsentEvent e;
    e.seq = 1;
    e.event_uuid = "0b9f0a52-7c1e-4d3a-9f1e-2a6b7c8d9e0f";
    e.contact_uuid = "5f2c8e4a-1b3d-4c6e-8f0a-9b7d5e3c1a2f";
    e.point_hash = kPointHash;
    e.channel = Channel::whatsapp_business;
    e.purpose = Purpose::marketing;
    e.action = ConsentAction::grant;
    e.method = ConsentMethod::paper;
    e.basis = LegalBasis::consent;
    e.wording_id = 3;
    e.wording_hash = kWordingHash;
    e.evidence = "Formulario nº 17\nfirmado en tienda; ref=C:\\scans\\17.pdf";
    e.recorded_by = "Lucía";
    e.occurred_at = utc(2024, 3, 31, 0, 30);
    e.recorded_at = utc(2024, 3, 31, 9, 15, 42);
    e.prev_hash = std::string(genesis_hash);
    e.format = 1;  // the documented v1 golden event
    return e;
}

// A grant/withdraw/confirm event of the email marketing consent, not yet sealed.
ConsentEvent event(ConsentAction action, Timestamp at, ConsentMethod method = ConsentMethod::in_store_form) {
    ConsentEvent e;
    e.event_uuid = "evt-" + std::to_string(at.time_since_epoch().count());
    e.contact_uuid = "5f2c8e4a-1b3d-4c6e-8f0a-9b7d5e3c1a2f";
    e.point_hash = kPointHash;
    e.channel = Channel::email;
    e.purpose = Purpose::marketing;
    e.action = action;
    e.method = method;
    if (action == ConsentAction::grant) {
        e.wording_id = 3;
        e.wording_hash = kWordingHash;
    }
    e.evidence = "ficha " + std::to_string(at.time_since_epoch().count() % 1000);
    e.recorded_by = "Lucía";
    e.occurred_at = at;
    e.recorded_at = at + std::chrono::minutes{5};
    return e;
}

// A sealed ledger of n events with varied actions and channels.
std::vector<ConsentEvent> make_chain(std::size_t n) {
    static const ConsentAction actions[] = {ConsentAction::grant, ConsentAction::confirm, ConsentAction::withdraw,
                                            ConsentAction::expire};
    std::vector<ConsentEvent> chain;
    chain.reserve(n);
    std::string prev(genesis_hash);
    for (std::size_t i = 0; i < n; ++i) {
        ConsentEvent e = event(actions[i % 4], utc(2024, 1, 1) + std::chrono::minutes{static_cast<int>(i)});
        e.channel = all_channels()[i % all_channels().size()];
        e.contact_uuid = "contact-" + std::to_string(i % 97);
        seal_event(e, static_cast<std::int64_t>(i + 1), prev);
        prev = e.hash;
        chain.push_back(std::move(e));
    }
    return chain;
}

void reseal_from(std::vector<ConsentEvent>& chain, std::size_t index) {
    for (std::size_t i = index; i < chain.size(); ++i) {
        const std::string prev = i == 0 ? std::string(genesis_hash) : chain[i - 1].hash;
        seal_event(chain[i], static_cast<std::int64_t>(i + 1), prev);
    }
}

// Reads a v1 serialisation back into its fields (unescaping), to show it loses nothing.
std::vector<std::pair<std::string, std::string>> decode(const std::string& s) {
    std::vector<std::pair<std::string, std::string>> fields;
    std::size_t pos = s.find('\n') + 1;
    while (pos < s.size()) {
        const std::size_t end = s.find('\n', pos);
        const std::string line = s.substr(pos, end - pos);
        const std::size_t eq = line.find('=');
        std::string value;
        for (std::size_t i = eq + 1; i < line.size(); ++i) {
            if (line[i] != '\\') {
                value.push_back(line[i]);
                continue;
            }
            const char c = line[++i];
            if (c == 'n')
                value.push_back('\n');
            else if (c == 'r')
                value.push_back('\r');
            else if (c == 't')
                value.push_back('\t');
            else if (c == '\\')
                value.push_back('\\');
            else if (c == 'x') {
                value.push_back(static_cast<char>(std::stoi(line.substr(i + 1, 2), nullptr, 16)));
                i += 2;
            }
        }
        fields.emplace_back(line.substr(0, eq), value);
        pos = end + 1;
    }
    return fields;
}

}  // namespace

TEST_CASE("sha256_hex gives the FIPS 180-2 known answers") {
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST_CASE("hmac_sha256_hex gives the RFC 4231 test case 2 answer") {
    CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("the incremental hasher can be reused and moved") {
    Sha256 h;
    char out[Sha256::hex_size];
    h.update("a");
    h.update("bc");
    h.finish_hex(out);
    CHECK(std::string(out, sizeof out) == sha256_hex("abc"));
    Sha256 moved = std::move(h);
    moved.update("abc");
    moved.finish_hex(out);
    CHECK(std::string(out, sizeof out) == sha256_hex("abc"));
}

TEST_CASE("point hash is an HMAC keyed by the shop secret") {
    CHECK(point_hash("+34612345678", "clave-de-prueba") == kPointHash);
    CHECK(point_hash("+34612345678", "otra-clave") != kPointHash);
    CHECK(point_hash("+34612345678", "clave-de-prueba") != sha256_hex("+34612345678"));
    CHECK_THROWS_AS(point_hash("+34612345678", ""), ValidationError);
}

TEST_CASE("consent enum names round-trip and unknown names list the valid ones") {
    for (auto a : all_consent_actions()) CHECK(consent_action_from_string(to_string(a)) == a);
    for (auto m : all_consent_methods()) CHECK(consent_method_from_string(to_string(m)) == m);
    for (auto b : all_legal_bases()) CHECK(legal_basis_from_string(to_string(b)) == b);
    for (auto s : {ConsentState::Status::none, ConsentState::Status::granted, ConsentState::Status::withdrawn,
                   ConsentState::Status::expired}) {
        CHECK(consent_status_from_string(to_string(s)) == s);
    }
    CHECK(to_string(ConsentMethod::verbal_recorded) == "verbal_recorded");
    CHECK(to_string(LegalBasis::existing_customer) == "existing_customer");
    CHECK_THROWS_WITH(consent_method_from_string("Paper"),
                      Catch::Contains("in_store_form, paper, web_form, email_reply, verbal_recorded, import_attested"));
    CHECK_THROWS_AS(consent_action_from_string(""), ValidationError);
    CHECK_THROWS_AS(legal_basis_from_string("contract"), ValidationError);
}

TEST_CASE("only attested imports are weak evidence and only remote methods need double opt-in") {
    for (auto m : all_consent_methods()) {
        CHECK(is_weak_evidence(m) == (m == ConsentMethod::import_attested));
        const bool remote =
            m == ConsentMethod::web_form || m == ConsentMethod::email_reply || m == ConsentMethod::import_attested ||
            m == ConsentMethod::whatsapp_reply;
        CHECK(is_remote_method(m) == remote);
    }
}

TEST_CASE("canonical serialisation matches the documented v1 golden string") {
    const std::string expected =
        "clientela-consent-v1\n"
        "seq=1\n"
        "event_uuid=0b9f0a52-7c1e-4d3a-9f1e-2a6b7c8d9e0f\n"
        "contact_uuid=5f2c8e4a-1b3d-4c6e-8f0a-9b7d5e3c1a2f\n"
        "point_hash=8adb84d29d6b32d2798e4c316bd24e0355359332a6d69ea1fcd89a254fc790c7\n"
        "channel=whatsapp_business\n"
        "purpose=marketing\n"
        "action=grant\n"
        "method=paper\n"
        "basis=consent\n"
        "wording_id=3\n"
        "wording_hash=6cb67a74ee9c75a30d96e7aa5bd8eb0f37f4895c3ecd793e6699f8aace44888b\n"
        "evidence=Formulario nº 17\\nfirmado en tienda; ref=C:\\\\scans\\\\17.pdf\n"
        "recorded_by=Lucía\n"
        "occurred_at=2024-03-31T00:30:00Z\n"
        "recorded_at=2024-03-31T09:15:42Z\n";
    const ConsentEvent e = golden_event();
    CHECK(canonical_serialisation(e) == expected);
    // Computed independently (Python hashlib) over expected + 64 '0'.
    CHECK(compute_event_hash(e) == "dc05bd940fc1a8e85f5e61c60855dc41125f9a321cfa3e918028fe210232e60d");
    CHECK(compute_event_hash(e) == sha256_hex(expected + std::string(genesis_hash)));
    CHECK(sha256_hex(kWordingText) == kWordingHash);
}

TEST_CASE("canonical serialisation v2 covers the evidence's SHA-256 instead of its text") {
    ConsentEvent e = golden_event();
    e.format = 2;
    seal_event(e, 1, genesis_hash);
    const std::string evidence_hash = "47b0f82ce49b5b768e190311a6f6bbf9d76304d374e5ab009a7715b3daba6645";
    CHECK(e.evidence_hash == evidence_hash);
    CHECK(sha256_hex(e.evidence) == evidence_hash);
    const std::string expected =
        "clientela-consent-v2\n"
        "seq=1\n"
        "event_uuid=0b9f0a52-7c1e-4d3a-9f1e-2a6b7c8d9e0f\n"
        "contact_uuid=5f2c8e4a-1b3d-4c6e-8f0a-9b7d5e3c1a2f\n"
        "point_hash=8adb84d29d6b32d2798e4c316bd24e0355359332a6d69ea1fcd89a254fc790c7\n"
        "channel=whatsapp_business\n"
        "purpose=marketing\n"
        "action=grant\n"
        "method=paper\n"
        "basis=consent\n"
        "wording_id=3\n"
        "wording_hash=6cb67a74ee9c75a30d96e7aa5bd8eb0f37f4895c3ecd793e6699f8aace44888b\n"
        "evidence_sha256=" +
        evidence_hash +
        "\n"
        "recorded_by=Lucía\n"
        "occurred_at=2024-03-31T00:30:00Z\n"
        "recorded_at=2024-03-31T09:15:42Z\n";
    CHECK(canonical_serialisation(e) == expected);
    // Computed independently (Python hashlib) over expected + 64 '0'.
    CHECK(e.hash == "51bf26f98e0b9fe8eba5d3ec2d885943906e563ff48ab70b745824ab18c9a9af");
    CHECK(e.hash != compute_event_hash(golden_event()));  // v1 and v2 of the same event differ

    ConsentEvent none = golden_event();
    none.format = 2;
    none.evidence.clear();
    seal_event(none, 1, genesis_hash);
    CHECK(none.evidence_hash == std::string(empty_evidence_hash));
    CHECK(sha256_hex("") == std::string(empty_evidence_hash));

    ConsentEvent unknown = golden_event();
    unknown.format = 3;
    CHECK_THROWS_AS(seal_event(unknown, 1, genesis_hash), ValidationError);
}

TEST_CASE("a v2 event's evidence can be erased and the chain still verifies: changed evidence cannot") {
    auto chain = make_chain(6);
    for (const auto& e : chain) REQUIRE(e.format == 2);
    const std::string head = chain.back().hash;

    SECTION("erased: the text is gone, the fingerprint stands") {
        chain[2].evidence.clear();
        chain[2].evidence_erased = true;
        const auto r = verify_chain(chain);
        CHECK(r.ok);
        CHECK(r.head_hash == head);
    }
    SECTION("changed text") {
        chain[2].evidence += " (corregido)";
        const auto r = verify_chain(chain);
        CHECK_FALSE(r.ok);
        CHECK(r.first_broken_seq == 3);
        CHECK_THAT(r.problem, Catch::Contains("evidence of event 3 was changed or removed"));
    }
    SECTION("text removed without an erasure") {
        chain[2].evidence.clear();
        CHECK(verify_chain(chain).first_broken_seq == 3);
    }
    SECTION("an erased event whose fingerprint was changed") {
        chain[2].evidence.clear();
        chain[2].evidence_erased = true;
        chain[2].evidence_hash[0] = chain[2].evidence_hash[0] == 'a' ? 'b' : 'a';
        const auto r = verify_chain(chain);
        CHECK(r.first_broken_seq == 3);
        CHECK_THAT(r.problem, Catch::Contains("changed after it was recorded"));
    }
    SECTION("new text with its fingerprint recomputed breaks the event's hash") {
        chain[2].evidence = "otra";
        chain[2].evidence_hash = sha256_hex("otra");
        CHECK(verify_chain(chain).first_broken_seq == 3);
    }
    SECTION("an event claiming another format") {
        chain[2].format = 1;
        CHECK(verify_chain(chain).first_broken_seq == 3);
        chain[2].format = 7;
        CHECK_THAT(verify_chain(chain).problem, Catch::Contains("format (7)"));
    }
    SECTION("v1 and v2 events in one chain") {
        auto mixed = make_chain(6);
        for (std::size_t i = 0; i < 3; ++i) mixed[i].format = 1;
        reseal_from(mixed, 0);
        CHECK(mixed[0].evidence_hash.empty());
        CHECK_FALSE(mixed[4].evidence_hash.empty());
        CHECK(verify_chain(mixed).ok);
        mixed[1].evidence += ".";  // a v1 event's text is covered by its hash
        CHECK(verify_chain(mixed).first_broken_seq == 2);
    }
}

TEST_CASE("canonical serialisation escapes control bytes and keeps the rest") {
    ConsentEvent e = golden_event();
    e.evidence = std::string("a\\b\nc\rd\te") + '\x01' + '\x7f' + std::string(1, '\0') + "=é€";
    e.seq = -5;
    const std::string s = canonical_serialisation(e);
    CHECK(s.find("\nevidence=a\\\\b\\nc\\rd\\te\\x01\\x7F\\x00=é€\n") != std::string::npos);
    CHECK(s.find("\nseq=-5\n") != std::string::npos);
    e.occurred_at = utc(1969, 12, 31, 23, 59, 59);
    CHECK(canonical_serialisation(e).find("\noccurred_at=1969-12-31T23:59:59Z\n") != std::string::npos);
}

TEST_CASE("the escaping reads eight bytes at a time yet escapes every byte it must, wherever it is") {
    // The rule, one byte at a time (as the format in consent.hpp states it).
    auto reference = [](const std::string& v) {
        std::string out;
        static constexpr char hex[] = "0123456789ABCDEF";
        for (const char ch : v) {
            const auto c = static_cast<unsigned char>(ch);
            if (c == '\\') {
                out += "\\\\";
            } else if (c == '\n') {
                out += "\\n";
            } else if (c == '\r') {
                out += "\\r";
            } else if (c == '\t') {
                out += "\\t";
            } else if (c < 0x20 || c == 0x7f) {
                out += {'\\', 'x', hex[c >> 4], hex[c & 0x0f]};
            } else {
                out += ch;
            }
        }
        return out;
    };
    // Every byte value, alone and at every position of texts of 0 to 24 bytes, among
    // neighbours that are plain ASCII, UTF-8 (bytes >= 0x80) or just below and above the limits.
    const std::string fillers[] = {"abcdefghijklmnopqrstuvwxyz", "\xc3\xa9\xe2\x82\xac\xc3\xb1\xc3\xa1\xe2\x82\xac\xc3\xa9\xc3\xb1\xc3\xa1\xe2\x82\xac\xc3\xa9\xc3\xb1",
                                   "    !!!!~~~~[[[[]]]]\x80\x80\xff\xff!!"};
    ConsentEvent e = golden_event();
    std::size_t checked = 0;
    for (const std::string& filler : fillers) {
        REQUIRE(filler.size() >= 24);
        for (std::size_t length = 0; length <= 24; ++length) {
            const std::string plain = filler.substr(0, length);
            e.evidence = plain;
            REQUIRE(canonical_serialisation(e).find("\nevidence=" + reference(plain) + "\n") != std::string::npos);
            for (std::size_t at = 0; at < length; ++at) {
                for (int byte = 0; byte < 256; ++byte) {
                    std::string v = plain;
                    v[at] = static_cast<char>(byte);
                    e.evidence = v;
                    const std::string s = canonical_serialisation(e);
                    if (s.find("\nevidence=" + reference(v) + "\nrecorded_by=") == std::string::npos) {
                        FAIL("byte " << byte << " at " << at << " of " << length);
                    }
                    ++checked;
                }
            }
        }
    }
    CHECK(checked == 3 * 256 * (24 * 25 / 2));
}

TEST_CASE("evidence with a forged field line cannot collide with a different event") {
    ConsentEvent forged = golden_event();
    forged.channel = Channel::email;
    forged.evidence = "x\nchannel=sms";
    ConsentEvent other = golden_event();
    other.channel = Channel::sms;
    other.evidence = "x";
    const std::string s = canonical_serialisation(forged);
    CHECK(s != canonical_serialisation(other));
    CHECK(compute_event_hash(forged) != compute_event_hash(other));
    CHECK(s.find("\nchannel=sms") == std::string::npos);
    CHECK(s.find("evidence=x\\nchannel=sms\n") != std::string::npos);

    SECTION("random field contents always decode back to the same fields") {
        std::mt19937 rng(20240331);
        const std::string alphabet = std::string("=\\\n\r\tnx0Aa ") + '\x01' + "\xc3\xb1";
        auto random_text = [&] {
            std::string t;
            const int len = std::uniform_int_distribution<int>(0, 12)(rng);
            for (int i = 0; i < len; ++i) {
                t.push_back(alphabet[std::uniform_int_distribution<std::size_t>(0, alphabet.size() - 1)(rng)]);
            }
            return t;
        };
        for (int round = 0; round < 2000; ++round) {
            ConsentEvent e = golden_event();
            e.event_uuid = random_text();
            e.contact_uuid = random_text();
            e.point_hash = random_text();
            e.wording_hash = random_text();
            e.evidence = random_text();
            e.recorded_by = random_text();
            e.channel = all_channels()[static_cast<std::size_t>(round) % 5];
            const auto fields = decode(canonical_serialisation(e));
            REQUIRE(fields.size() == 15);
            CHECK(fields[1] == std::make_pair(std::string("event_uuid"), e.event_uuid));
            CHECK(fields[2] == std::make_pair(std::string("contact_uuid"), e.contact_uuid));
            CHECK(fields[3] == std::make_pair(std::string("point_hash"), e.point_hash));
            CHECK(fields[4] == std::make_pair(std::string("channel"), std::string(to_string(e.channel))));
            CHECK(fields[10] == std::make_pair(std::string("wording_hash"), e.wording_hash));
            CHECK(fields[11] == std::make_pair(std::string("evidence"), e.evidence));
            CHECK(fields[12] == std::make_pair(std::string("recorded_by"), e.recorded_by));
        }
    }
}

TEST_CASE("every field of an event is covered by its hash") {
    const ConsentEvent base = golden_event();
    const std::string h = compute_event_hash(base);
    std::vector<ConsentEvent> changed(16, base);
    changed[0].seq = 2;
    changed[1].event_uuid += "x";
    changed[2].contact_uuid += "x";
    changed[3].point_hash[0] = '9';
    changed[4].channel = Channel::sms;
    changed[5].purpose = Purpose::service;
    changed[6].action = ConsentAction::withdraw;
    changed[7].method = ConsentMethod::in_store_form;
    changed[8].basis = LegalBasis::existing_customer;
    changed[9].wording_id = 4;
    changed[10].wording_hash[0] = '7';
    changed[11].evidence += ".";
    changed[12].recorded_by = "Lucia";
    changed[13].occurred_at += std::chrono::seconds{1};
    changed[14].recorded_at -= std::chrono::seconds{1};
    changed[15].prev_hash[63] = '1';
    for (const auto& e : changed) CHECK(compute_event_hash(e) != h);
}

TEST_CASE("seal_event links an event to the one before it") {
    ConsentEvent first = event(ConsentAction::grant, utc(2024, 1, 1));
    seal_event(first, 1, genesis_hash);
    CHECK(first.seq == 1);
    CHECK(first.prev_hash == std::string(64, '0'));
    CHECK(first.hash == compute_event_hash(first));
    ConsentEvent second = event(ConsentAction::withdraw, utc(2024, 2, 1));
    seal_event(second, 2, first.hash);
    CHECK(second.prev_hash == first.hash);
    CHECK(second.hash.size() == 64);
}

TEST_CASE("an intact ledger verifies and reports its head") {
    const auto chain = make_chain(10);
    const auto r = verify_chain(chain);
    CHECK(r.ok);
    CHECK(r.events_checked == 10);
    CHECK(r.head_hash == chain.back().hash);
    CHECK(r.first_broken_seq == 0);
    CHECK(r.problem.empty());

    const auto empty = verify_chain({});
    CHECK(empty.ok);
    CHECK(empty.events_checked == 0);
    CHECK(empty.head_hash == std::string(genesis_hash));
}

TEST_CASE("the verifier finds tampering at the right position") {
    auto chain = make_chain(10);

    SECTION("a modified field") {
        chain[4].evidence = "otra cosa";
        const auto r = verify_chain(chain);
        CHECK_FALSE(r.ok);
        CHECK(r.first_broken_seq == 5);
        CHECK(r.events_checked == 5);
        CHECK(r.head_hash == chain[3].hash);
        CHECK_THAT(r.problem, Catch::Contains("changed"));
    }
    SECTION("a modified event whose hash was recomputed breaks the link to the next") {
        chain[4].channel = Channel::sms;
        chain[4].hash = compute_event_hash(chain[4]);
        const auto r = verify_chain(chain);
        CHECK(r.first_broken_seq == 6);
        CHECK_THAT(r.problem, Catch::Contains("does not link"));
    }
    SECTION("a removed event") {
        chain.erase(chain.begin() + 2);
        const auto r = verify_chain(chain);
        CHECK(r.first_broken_seq == 3);
        CHECK_THAT(r.problem, Catch::Contains("event 3 is missing"));
    }
    SECTION("a removed event with the later ones renumbered") {
        chain.erase(chain.begin() + 2);
        for (std::size_t i = 2; i < chain.size(); ++i) chain[i].seq = static_cast<std::int64_t>(i + 1);
        const auto r = verify_chain(chain);
        CHECK(r.first_broken_seq == 3);
    }
    SECTION("the last event removed is not detectable from the chain alone, only from the head") {
        const std::string head = chain.back().hash;
        chain.pop_back();
        const auto r = verify_chain(chain);
        CHECK(r.ok);
        CHECK(r.head_hash != head);
    }
    SECTION("a swapped pair") {
        std::swap(chain[2], chain[3]);
        const auto r = verify_chain(chain);
        CHECK(r.first_broken_seq == 3);
    }
    SECTION("a swapped pair with seq numbers swapped back") {
        std::swap(chain[2], chain[3]);
        std::swap(chain[2].seq, chain[3].seq);
        const auto r = verify_chain(chain);
        CHECK(r.first_broken_seq == 3);
    }
    SECTION("a broken prev_hash") {
        chain[6].prev_hash[10] = chain[6].prev_hash[10] == 'a' ? 'b' : 'a';
        chain[6].hash = compute_event_hash(chain[6]);
        const auto r = verify_chain(chain);
        CHECK(r.first_broken_seq == 7);
        CHECK_THAT(r.problem, Catch::Contains("event 7 does not link"));
    }
    SECTION("a first event that does not start from the genesis hash") {
        chain[0].prev_hash = chain[1].hash;
        chain[0].hash = compute_event_hash(chain[0]);
        CHECK(verify_chain(chain).first_broken_seq == 1);
    }
    SECTION("a duplicated event") {
        chain.insert(chain.begin() + 4, chain[3]);
        const auto r = verify_chain(chain);
        CHECK(r.first_broken_seq == 5);
        CHECK_THAT(r.problem, Catch::Contains("again"));
    }
    SECTION("a rewritten tail verifies but changes the head hash") {
        const std::string head = chain.back().hash;
        chain[4].evidence = "reescrito";
        reseal_from(chain, 4);
        const auto r = verify_chain(chain);
        CHECK(r.ok);
        CHECK(r.head_hash != head);
    }
}

TEST_CASE("the verifier can resume from a checkpoint") {
    const auto chain = make_chain(8);
    ChainVerifier verifier(5, chain[3].hash);
    for (std::size_t i = 4; i < chain.size(); ++i) verifier.feed(chain[i]);
    const auto r = verifier.result();
    CHECK(r.ok);
    CHECK(r.events_checked == 4);
    CHECK(r.head_hash == chain.back().hash);

    ChainVerifier wrong_start(6, chain[3].hash);
    wrong_start.feed(chain[4]);
    CHECK(wrong_start.result().first_broken_seq == 6);
}

TEST_CASE("a 200 000-event ledger verifies") {
    const auto chain = make_chain(200000);
    ChainVerifier verifier;
    for (const auto& e : chain) verifier.feed(e);
    const auto r = verifier.result();
    CHECK(r.ok);
    CHECK(r.events_checked == 200000);
    CHECK(r.head_hash == chain.back().hash);
}

namespace {

ConsentState fold(const std::vector<ConsentEvent>& events) {
    ConsentState s;
    std::int64_t seq = 0;
    for (ConsentEvent e : events) {
        e.seq = ++seq;
        apply(s, e);
    }
    return s;
}

using Status = ConsentState::Status;
const auto grant = ConsentAction::grant;
const auto withdraw = ConsentAction::withdraw;
const auto confirm = ConsentAction::confirm;
const auto expire = ConsentAction::expire;

}  // namespace

TEST_CASE("the fold follows grant, withdraw and grant again") {
    const auto s =
        fold({event(grant, utc(2024, 1, 1)), event(withdraw, utc(2024, 2, 1)), event(grant, utc(2024, 3, 1))});
    CHECK(s.status == Status::granted);
    CHECK(s.grant_seq == 3);
    CHECK(s.withdraw_seq == 2);
    CHECK(s.granted_at == utc(2024, 3, 1));
    CHECK(s.last_seq == 3);
    CHECK(s.channel == Channel::email);
    CHECK(s.purpose == Purpose::marketing);
    CHECK(s.wording_id == 3);
    CHECK(s.point_hash == kPointHash);
}

TEST_CASE("withdraw after grant leaves the state withdrawn") {
    const auto s = fold({event(grant, utc(2024, 1, 1)), event(withdraw, utc(2024, 2, 1))});
    CHECK(s.status == Status::withdrawn);
    CHECK(s.withdrawn_at == utc(2024, 2, 1));
    CHECK(s.grant_seq == 1);  // kept for history
}

TEST_CASE("a grant after a withdraw is a new grant") {
    const auto s = fold({event(withdraw, utc(2024, 1, 1)), event(grant, utc(2024, 2, 1))});
    CHECK(s.status == Status::granted);
    CHECK(s.grant_seq == 2);
}

TEST_CASE("a confirm before any grant changes nothing but is recorded as seen") {
    const auto s = fold({event(confirm, utc(2024, 1, 1)), event(grant, utc(2024, 1, 2), ConsentMethod::web_form)});
    CHECK(s.status == Status::granted);
    CHECK_FALSE(s.confirmed);
    CHECK(s.confirm_seq == 0);
    const auto only = fold({event(confirm, utc(2024, 1, 1))});
    CHECK(only.status == Status::none);
    CHECK(only.last_seq == 1);
}

TEST_CASE("confirm marks the current grant and a duplicate grant needs confirming again") {
    auto s = fold({event(grant, utc(2024, 1, 1), ConsentMethod::web_form), event(confirm, utc(2024, 1, 2))});
    CHECK(s.confirmed);
    CHECK(s.confirm_seq == 2);
    CHECK(s.confirmed_at == utc(2024, 1, 2));
    s = fold({event(grant, utc(2024, 1, 1), ConsentMethod::web_form), event(confirm, utc(2024, 1, 2)),
              event(grant, utc(2024, 5, 1), ConsentMethod::web_form)});
    CHECK(s.status == Status::granted);
    CHECK_FALSE(s.confirmed);
    CHECK(s.grant_seq == 3);
    CHECK(s.granted_at == utc(2024, 5, 1));
}

TEST_CASE("confirm after withdraw does not revive the consent") {
    const auto s = fold({event(grant, utc(2024, 1, 1), ConsentMethod::web_form), event(withdraw, utc(2024, 1, 2)),
                         event(confirm, utc(2024, 1, 3))});
    CHECK(s.status == Status::withdrawn);
    CHECK_FALSE(s.confirmed);
}

TEST_CASE("expire ends a grant but not a withdrawal") {
    auto s = fold({event(grant, utc(2024, 1, 1)), event(expire, utc(2026, 1, 1))});
    CHECK(s.status == Status::expired);
    CHECK(s.expire_seq == 2);
    s = fold({event(grant, utc(2024, 1, 1)), event(withdraw, utc(2024, 6, 1)), event(expire, utc(2026, 1, 1))});
    CHECK(s.status == Status::withdrawn);
    CHECK(fold({event(expire, utc(2026, 1, 1))}).status == Status::none);
    s = fold({event(grant, utc(2024, 1, 1)), event(expire, utc(2026, 1, 1)), event(grant, utc(2026, 2, 1))});
    CHECK(s.status == Status::granted);
}

TEST_CASE("seq order counts even when occurred_at is out of order") {
    // A paper grant entered after a later-dated withdrawal: the ledger order decides.
    const auto s = fold({event(withdraw, utc(2024, 3, 1)), event(grant, utc(2024, 2, 1), ConsentMethod::paper)});
    CHECK(s.status == Status::granted);
}

TEST_CASE("the fold refuses events out of order, unstored or for another channel") {
    ConsentState s;
    ConsentEvent e = event(grant, utc(2024, 1, 1));
    e.seq = 5;
    apply(s, e);
    e.seq = 5;
    CHECK_THROWS_AS(apply(s, e), ValidationError);
    e.seq = 4;
    CHECK_THROWS_AS(apply(s, e), ValidationError);
    e.seq = 0;
    CHECK_THROWS_AS(apply(s, e), ValidationError);
    e.seq = 6;
    e.channel = Channel::sms;
    CHECK_THROWS_AS(apply(s, e), ValidationError);
    e.channel = Channel::email;
    e.purpose = Purpose::service;
    CHECK_THROWS_AS(apply(s, e), ValidationError);
    CHECK(s.last_seq == 5);
}

TEST_CASE("a complete new grant passes validation") {
    const ConsentWording w = wording();
    CHECK_NOTHROW(validate_new_event(event(grant, utc(2024, 1, 1)), nullptr, &w));
    CHECK_NOTHROW(validate_new_event(event(withdraw, utc(2024, 1, 1))));
    ConsentEvent late = event(grant, utc(2024, 1, 1), ConsentMethod::paper);
    late.recorded_at = utc(2024, 6, 1);  // a paper form typed in months later is fine
    CHECK_NOTHROW(validate_new_event(late));
}

TEST_CASE("validation refuses incomplete or impossible events") {
    ConsentEvent e = event(grant, utc(2024, 1, 1));
    SECTION("a grant without wording") {
        e.wording_id = 0;
        e.wording_hash.clear();
        CHECK_THROWS_WITH(validate_new_event(e), "a grant needs the wording the customer agreed to");
    }
    SECTION("a wording id without its fingerprint") {
        e.wording_hash.clear();
        CHECK_THROWS_AS(validate_new_event(e), ValidationError);
    }
    SECTION("a wording whose text was altered") {
        ConsentWording w = wording();
        w.text += " ";
        CHECK_THROWS_WITH(validate_new_event(e, nullptr, &w), Catch::Contains("altered"));
        w = wording();
        w.id = 4;
        CHECK_THROWS_AS(validate_new_event(e, nullptr, &w), ValidationError);
    }
    SECTION("no staff name, or one that is too long") {
        e.recorded_by = "  ";
        CHECK_THROWS_AS(validate_new_event(e), ValidationError);
        e.recorded_by = std::string(max_recorded_by_bytes + 1, 'a');
        CHECK_THROWS_AS(validate_new_event(e), ValidationError);
        e.recorded_by = std::string(max_recorded_by_bytes, 'a');
        CHECK_NOTHROW(validate_new_event(e));
    }
    SECTION("evidence too long or not UTF-8") {
        e.evidence = std::string(max_evidence_bytes + 1, 'a');
        CHECK_THROWS_AS(validate_new_event(e), ValidationError);
        e.evidence = std::string(max_evidence_bytes, 'a');
        CHECK_NOTHROW(validate_new_event(e));
        e.evidence = "\xff\xfe";
        CHECK_THROWS_AS(validate_new_event(e), ValidationError);
    }
    SECTION("consent dated in the future") {
        e.occurred_at = e.recorded_at + future_tolerance;
        CHECK_NOTHROW(validate_new_event(e));
        e.occurred_at += std::chrono::seconds{1};
        CHECK_THROWS_WITH(validate_new_event(e), Catch::Contains("after the moment it is recorded"));
    }
    SECTION("unset times") {
        e.occurred_at = Timestamp{};
        CHECK_THROWS_AS(validate_new_event(e), ValidationError);
    }
    SECTION("a contact point that is not a hash") {
        e.point_hash = "+34612345678";
        CHECK_THROWS_AS(validate_new_event(e), ValidationError);
    }
    SECTION("missing identifiers") {
        e.contact_uuid.clear();
        CHECK_THROWS_AS(validate_new_event(e), ValidationError);
    }
    SECTION("the existing-customer basis outside commercial email and SMS") {
        e.basis = LegalBasis::existing_customer;
        CHECK_NOTHROW(validate_new_event(e));
        e.channel = Channel::sms;
        CHECK_NOTHROW(validate_new_event(e));
        for (Channel c : {Channel::whatsapp_business, Channel::phone_call, Channel::postal}) {
            e.channel = c;
            CHECK_THROWS_WITH(validate_new_event(e), Catch::Contains("LSSI art. 21.2"));
        }
        e.channel = Channel::email;
        e.purpose = Purpose::service;
        CHECK_THROWS_AS(validate_new_event(e), ValidationError);
    }
    SECTION("attested imports and verbal consent without evidence") {
        e.evidence.clear();
        e.method = ConsentMethod::import_attested;
        CHECK_THROWS_WITH(validate_new_event(e), Catch::Contains("attested import"));
        e.method = ConsentMethod::verbal_recorded;
        CHECK_THROWS_WITH(validate_new_event(e), Catch::Contains("recording"));
    }
}

TEST_CASE("validation refuses a late grant dated before the withdrawal on record") {
    const auto state = fold({event(grant, utc(2024, 1, 1)), event(withdraw, utc(2024, 3, 1))});
    CHECK_THROWS_WITH(validate_new_event(event(grant, utc(2024, 2, 1), ConsentMethod::paper), &state),
                      Catch::Contains("before the customer's withdrawal"));
    CHECK_NOTHROW(validate_new_event(event(grant, utc(2024, 4, 1)), &state));
    ConsentEvent sms = event(grant, utc(2024, 4, 1));
    sms.channel = Channel::sms;
    CHECK_THROWS_AS(validate_new_event(sms, &state), ValidationError);
}

TEST_CASE("validation refuses a confirmation dated before its grant") {
    const auto state = fold({event(grant, utc(2024, 3, 1), ConsentMethod::web_form)});
    CHECK_THROWS_AS(validate_new_event(event(confirm, utc(2024, 2, 1)), &state), ValidationError);
    CHECK_NOTHROW(validate_new_event(event(confirm, utc(2024, 3, 2)), &state));
}

TEST_CASE("a WhatsApp wording must mention WhatsApp and name the shop") {
    const Channel wa = Channel::whatsapp_business;
    CHECK(wording_warnings(kWordingText, wa, "Zapatería López").empty());
    SECTION("case, accents and the legal form do not matter") {
        CHECK(wording_warnings("ACEPTO OFERTAS DE ZAPATERIA LOPEZ POR WHATSAPP", wa, "Zapatería López, S.L.").empty());
        CHECK(wording_warnings("Ofertas de Zapatería López S.L. por Whats App", wa, "zapateria lopez").empty());
    }
    SECTION("missing WhatsApp") {
        const auto w = wording_warnings("Acepto ofertas de Zapatería López por SMS.", wa, "Zapatería López");
        REQUIRE(w.size() == 1);
        CHECK_THAT(w[0], Catch::Contains("WhatsApp"));
    }
    SECTION("missing shop name, or only part of it") {
        auto w = wording_warnings("Acepto recibir ofertas por WhatsApp.", wa, "Zapatería López");
        REQUIRE(w.size() == 1);
        CHECK_THAT(w[0], Catch::Contains("does not name the shop"));
        w = wording_warnings("Ofertas de Zapatería Lopezana por WhatsApp", wa, "Zapatería López");
        CHECK(w.size() == 1);
    }
    SECTION("both missing") {
        CHECK(wording_warnings("Acepto recibir ofertas.", wa, "Zapatería López").size() == 2);
    }
    SECTION("no shop name configured") {
        const auto w = wording_warnings(kWordingText, wa, "");
        REQUIRE(w.size() == 1);
        CHECK_THAT(w[0], Catch::Contains("shop name is not set"));
    }
    SECTION("other channels are not checked for WhatsApp, but empty text always warns") {
        CHECK(wording_warnings("Acepto recibir ofertas por email.", Channel::email, "Zapatería López").empty());
        CHECK(wording_warnings("  \n", Channel::email, "Zapatería López").size() == 1);
    }
}
