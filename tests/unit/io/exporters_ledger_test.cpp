#include "io/exporters_ledger.hpp"

#include "core/errors.hpp"
#include "csv_safety.hpp"
#include "export_samples.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <sstream>

using namespace clientela;
using namespace clientela::io;
using clientela::io::test::check_golden;
using clientela::io::test::sample_info;
using clientela::io::test::sample_ledger;

namespace {

std::string ledger_json(const std::vector<LedgerExportEvent>& events) {
    std::ostringstream out;
    LedgerJsonWriter w(out, sample_info(events.back().event.hash));
    for (const auto& e : events) w.write(e);
    w.finish();
    return out.str();
}

}  // namespace

TEST_CASE("ledger CSV matches the golden file") {
    const auto events = sample_ledger();
    std::ostringstream out;
    LedgerCsvWriter w(out, sample_info(events.back().event.hash), CsvWriteOptions{});
    for (const auto& e : events) w.write(e);
    CHECK(w.events_written() == 3);
    check_golden("ledger.csv", out.str());
}

TEST_CASE("ledger CSV for Spanish Excel: BOM and semicolons") {
    const auto events = sample_ledger();
    std::ostringstream out;
    LedgerCsvWriter w(out, sample_info(events.back().event.hash), CsvWriteOptions{';', true});
    for (const auto& e : events) w.write(e);
    check_golden("ledger_excel.csv", out.str());
}

TEST_CASE("ledger CSV neutralises hostile free text but keeps hashes and times") {
    const auto events = sample_ledger();
    std::ostringstream out;
    LedgerCsvWriter w(out, sample_info(events.back().event.hash), CsvWriteOptions{});
    for (const auto& e : events) w.write(e);
    const std::string csv = out.str();
    CHECK(csv.find(",\"'=HYPERLINK(\"\"http://x.example\"\",\"\"pulsa\"\")\",") != std::string::npos);
    CHECK(csv.find(",\"'+cmd|' /C calc'!A0\",") != std::string::npos);
    CHECK(csv.find(",\"'@SUM(1+1)\",") != std::string::npos);
    CHECK(csv.find(",\"'-respondió BAJA\",") != std::string::npos);
    CHECK(csv.find(",\"'\tRocío\",") != std::string::npos);
    // No cell starts with a raw formula character.
    for (const char* bad : {",=", ",+", ",@", ",\"=", ",\"+", ",\"@", ",\"-", ",\t", ",\"\t"}) {
        INFO(bad);
        CHECK(csv.find(bad) == std::string::npos);
    }
    CHECK(csv.find("," + events[1].event.hash + ",") != std::string::npos);
    CHECK(csv.find(",2026-07-20T18:00:00+02:00,") != std::string::npos);
}

TEST_CASE("ledger CSV neutralises full-width and space-led formulas in every column") {
    auto events = sample_ledger();
    const auto& names = clientela::test::hostile_names();
    for (std::size_t i = 0; i < events.size(); ++i) {
        events[i].contact_name = names[i % names.size()];
        events[i].event.evidence = names[(i + 3) % names.size()];
        events[i].event.recorded_by = names[(i + 5) % names.size()];
        events[i].wording_name = "=1+cmd@example.es";
    }
    auto info = sample_info(events.back().event.hash);
    info.pii_controller = names[6];
    info.contact_filter = "-1+2";
    for (char separator : {',', ';'}) {
        std::ostringstream out;
        LedgerCsvWriter w(out, info, CsvWriteOptions{separator, true});
        for (const auto& e : events) w.write(e);
        INFO(out.str());
        CHECK(clientela::test::formula_cells(out.str(), separator).empty());
        CHECK(out.str().find(events[1].event.hash) != std::string::npos);
    }
}

TEST_CASE("ledger JSON matches the golden file") {
    check_golden("ledger.json", ledger_json(sample_ledger()));
}

TEST_CASE("ledger JSON round trips and its events still verify") {
    const auto events = sample_ledger();
    std::istringstream in(ledger_json(events));
    const LedgerJsonDocument doc = read_ledger_json(in);
    CHECK(doc.info.pii_controller == "Mercería La Aguja");
    CHECK(doc.info.chain_head_hash == events.back().event.hash);
    CHECK(doc.info.chain_verified);
    CHECK(doc.info.exported_at == parse_timestamp("2026-11-25T08:00:00Z"));
    REQUIRE(doc.events.size() == events.size());
    std::vector<ConsentEvent> chain;
    for (std::size_t i = 0; i < events.size(); ++i) {
        const auto& a = events[i];
        const auto& b = doc.events[i];
        CHECK(canonical_serialisation(b.event) == canonical_serialisation(a.event));
        CHECK(b.event.prev_hash == a.event.prev_hash);
        CHECK(b.event.hash == a.event.hash);
        CHECK(compute_event_hash(b.event) == b.event.hash);  // recomputable from the export alone
        CHECK(b.contact_name == a.contact_name);
        CHECK(b.occurred_local == a.occurred_local);
        CHECK(b.wording.has_value() == a.wording.has_value());
        if (b.wording) {
            CHECK(b.wording->text == a.wording->text);
            CHECK(sha256_hex(b.wording->text) == b.event.wording_hash);  // the text is the one hashed
            CHECK(b.wording_name == a.wording_name);
        }
        chain.push_back(b.event);
    }
    const auto v = verify_chain(chain);
    CHECK(v.ok);
    CHECK(v.head_hash == events.back().event.hash);
}

TEST_CASE("a JSON export of format-2 events carries the evidence fingerprint and re-verifies after an erasure") {
    auto events = sample_ledger();
    std::string prev(genesis_hash);
    for (auto& x : events) {  // the same events, recorded in format 2
        x.event.format = 2;
        seal_event(x.event, x.event.seq, prev);
        prev = x.event.hash;
    }
    events[0].event.evidence.clear();  // Ana was erased after her withdrawal
    events[0].event.evidence_erased = true;
    events[2].event.evidence.clear();
    events[2].event.evidence_erased = true;
    const std::string text = ledger_json(events);
    CHECK(text.find("\"serialisation\":\"clientela-consent-v2\",\"evidence_sha256\":\"" +
                    sha256_hex("hoja 17, \"alta\"") + "\",\"evidence_erased\":true,") != std::string::npos);
    CHECK(text.find("\"evidence\":\"+cmd|' /C calc'!A0\",\"serialisation\"") != std::string::npos);
    CHECK(text.find("hoja 17") == std::string::npos);
    std::istringstream in(text);
    const auto doc = read_ledger_json(in);
    std::vector<ConsentEvent> chain;
    for (const auto& x : doc.events) {
        CHECK(x.event.format == 2);
        chain.push_back(x.event);
    }
    CHECK(doc.events[0].event.evidence_erased);
    CHECK_FALSE(doc.events[1].event.evidence_erased);
    CHECK(doc.events[1].event.evidence == "+cmd|' /C calc'!A0");
    const auto v = verify_chain(chain);
    CHECK(v.ok);
    CHECK(v.head_hash == events.back().event.hash);

    chain[1].evidence = "+cmd|' /C calc'!A1";  // the text in the file no longer matches its fingerprint
    CHECK(verify_chain(chain).first_broken_seq == 2);
}

TEST_CASE("a tampered JSON export no longer verifies") {
    std::string json = ledger_json(sample_ledger());
    const auto pos = json.find("\"evidence\":\"hoja 17");
    REQUIRE(pos != std::string::npos);
    json.replace(pos, 19, "\"evidence\":\"hoja 18");
    std::istringstream in(json);
    const auto doc = read_ledger_json(in);
    std::vector<ConsentEvent> chain;
    for (const auto& x : doc.events) chain.push_back(x.event);
    const auto v = verify_chain(chain);
    CHECK_FALSE(v.ok);
    CHECK(v.first_broken_seq == 1);
}

TEST_CASE("reading something that is not a ledger export is a parse error") {
    std::istringstream not_json("hola");
    CHECK_THROWS_AS(read_ledger_json(not_json), ParseError);
    std::istringstream other(R"({"export_version": "otra-cosa"})");
    CHECK_THROWS_AS(read_ledger_json(other), ParseError);
}

TEST_CASE("ISO/IEC 27560 event types") {
    CHECK(iso27560_event_type(ConsentAction::grant) == "given");
    CHECK(iso27560_event_type(ConsentAction::withdraw) == "withdrawn");
    CHECK(iso27560_event_type(ConsentAction::confirm) == "refreshed");
    CHECK(iso27560_event_type(ConsentAction::expire) == "expired");
}

TEST_CASE("ledger JSON escapes control characters exactly as a JSON library would, and survives bad UTF-8") {
    auto events = sample_ledger();
    events[0].event.evidence = std::string("tab\there \"quoted\" back\\slash\x01\x1f\x7f ñ\nline");
    events[1].event.evidence = "caf\xe9 (Latin-1, not UTF-8)";
    const std::string text = ledger_json(events);
    std::istringstream lines(text);
    std::string line;
    int checked = 0;
    while (std::getline(lines, line)) {
        if (line.rfind("    {", 0) != 0) continue;
        if (line.back() == ',') line.pop_back();
        const auto parsed = nlohmann::ordered_json::parse(line.substr(4));
        CHECK(parsed.dump() == line.substr(4));  // byte for byte what nlohmann writes
        ++checked;
    }
    CHECK(checked == 3);
    std::istringstream in(text);
    const auto doc = read_ledger_json(in);
    CHECK(doc.events[0].event.evidence == events[0].event.evidence);
    CHECK(doc.events[1].event.evidence == "caf\xef\xbf\xbd (Latin-1, not UTF-8)");  // U+FFFD
}
