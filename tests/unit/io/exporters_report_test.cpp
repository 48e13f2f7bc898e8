#include "io/exporters_report.hpp"

#include "core/errors.hpp"
#include "export_samples.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace clientela;
using namespace clientela::io;
using clientela::io::test::check_golden;
using clientela::io::test::sample_report;

namespace {

std::string html(const std::string& language) {
    std::ostringstream out;
    write_access_report_html(out, sample_report(language));
    return out.str();
}

}  // namespace

TEST_CASE("access report HTML in Spanish matches the golden file") {
    check_golden("access_report_es.html", html("es"));
}

TEST_CASE("access report HTML in English matches the golden file") {
    check_golden("access_report_en.html", html("en"));
}

TEST_CASE("access report holds everything the shop keeps about the customer") {
    const std::string es = html("es");
    CHECK(es.find("<html lang=\"es\">") != std::string::npos);
    CHECK(es.find("@page { size: A4;") != std::string::npos);
    // Contact, points (also the invalid one), notes, source of the import.
    CHECK(es.find("Ana Núñez Pérez &lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    CHECK(es.find("<script>") == std::string::npos);
    CHECK(es.find("Talla M &amp; prefiere &quot;tardes&quot;") != std::string::npos);
    CHECK(es.find("612 34 56 78  (+34612345678)") != std::string::npos);
    // Labels and problems in the report's language (issue #17: "Teléfono (home)", "too short").
    CHECK(es.find("<tr><th>Teléfono (casa)</th><td>91 000  [no válido: demasiado corto]</td></tr>") !=
          std::string::npos);
    CHECK(es.find("(home)") == std::string::npos);
    CHECK(es.find("too short") == std::string::npos);
    CHECK(es.find("importado del archivo contactos-movil.vcf, línea 42") != std::string::npos);
    CHECK(es.find("WhatsApp Business → correo electrónico") != std::string::npos);
    // Consent history with the exact wording, and the message log.
    CHECK(es.find(escape_html(test::email_wording().text)) != std::string::npos);
    CHECK(es.find("#3 · 2026-10-30T09:00:00+01:00 · Retira") != std::string::npos);
    CHECK(es.find("mailchimp:otoño.csv") != std::string::npos);
    // The other customer's events are not in it.
    CHECK(es.find("HYPERLINK") == std::string::npos);
    CHECK(es.find("verificada al generar este informe") != std::string::npos);
}

TEST_CASE("report blocks say the same in both languages, with different words") {
    const auto es = access_report_blocks(sample_report("es"));
    const auto en = access_report_blocks(sample_report("en"));
    REQUIRE(es.size() == en.size());
    for (std::size_t i = 0; i < es.size(); ++i) CHECK(es[i].kind == en[i].kind);
    CHECK(es.front().text == "Informe de acceso a datos personales");
    CHECK(en.front().text == "Personal data access report");
    CHECK_THROWS_AS(access_report_blocks(sample_report("fr")), ValidationError);
}

TEST_CASE("HTML escaping covers markup and quotes") {
    CHECK(escape_html("<a href=\"x\">O'Brien & co</a>") ==
          "&lt;a href=&quot;x&quot;&gt;O&#39;Brien &amp; co&lt;/a&gt;");
}
