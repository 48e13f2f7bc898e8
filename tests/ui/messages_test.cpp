// The desktop app's sentences for the codes the app layer gives (ui/messages.cpp), read
// through the real Spanish catalogue of this build with no system locale (LANG=C), as
// `clientela --lang es` does on a machine without es_ES.
#include "date_field.hpp"
#include "messages.hpp"
#include "app/importer.hpp"
#include "core/errors.hpp"

#include <wx/init.h>
#include <wx/translation.h>

#include <catch2/catch.hpp>

#include <cstdlib>
#include <map>
#include <memory>
#include <stdexcept>

using namespace clientela;
using namespace clientela::ui;

namespace {

// Switches the whole process to a language, as ui/app.cpp does at start.
void use_language(const char* lang) {
    static std::unique_ptr<wxInitializer> init;
    if (!init) {  // a console app (no display): translations need an app, not a screen
        ::setenv("LANG", "C", 1);
        ::setenv("LC_ALL", "C", 1);
        ::unsetenv("LANGUAGE");
        init = std::make_unique<wxInitializer>();
        REQUIRE(init->IsOk());
        wxFileTranslationsLoader::AddCatalogLookupPathPrefix(CLIENTELA_BINARY_DIR "/locale");
    }
    auto* t = new wxTranslations;
    wxTranslations::Set(t);  // deletes the previous one
    t->SetLanguage(lang);
    t->AddCatalog("clientela");
}

std::string text(const std::string& code, const std::vector<std::string>& args, const std::string& english = "") {
    return message_text(code, args, english).utf8_string();
}

const std::vector<std::string> kArgs{"7", "Ana Núñez", "email", "x"};

}  // namespace

TEST_CASE("every message code has a Spanish sentence that differs from the English one") {
    std::map<std::string, std::string> english;
    use_language("en");
    CHECK(ui_language() == "en");
    for (const auto& code : known_message_codes()) english[code] = text(code, kArgs);
    use_language("es");
    REQUIRE(wxTranslations::Get()->IsLoaded("clientela"));
    CHECK(ui_language() == "es");
    for (const auto& code : known_message_codes()) {
        INFO(code);
        const std::string spanish = text(code, kArgs);
        CHECK_FALSE(spanish.empty());
        CHECK(spanish != english[code]);
    }
}

TEST_CASE("an error with a code is said in Spanish with its values") {
    use_language("es");
    const ConflictError taken("the mobile number +34600111222 already belongs to Ana Núñez (uuid)",
                              "point.mobile_taken", {"+34600111222", "Ana Núñez"});
    CHECK(error_text(taken).utf8_string() == "El móvil +34600111222 ya es de Ana Núñez: abra esa ficha en su lugar.");
    const ValidationError zone("unknown time zone 'Marte/Olympus'", "settings.unknown_time_zone", {"Marte/Olympus"});
    CHECK(error_text(zone).utf8_string() ==
          "Zona horaria desconocida Marte/Olympus: elija una de la lista, como Europe/Madrid.");
    // No code: the known English sentences still work, anything else stays exact.
    CHECK(error_text(ValidationError("say who is recording this consent")).utf8_string() ==
          "Indique quién registra este consentimiento.");
    CHECK(error_text(std::runtime_error("something new")).utf8_string() == "something new");
}

TEST_CASE("import problems are said in Spanish with the person's values") {
    use_language("es");
    app::ImportIssue issue;
    issue.kind = "duplicate_in_file";
    issue.message = "same mobile as line 3 of agenda.vcf; merged into it";
    issue.code = "import.repeated_mobile";
    issue.args = {"3", "agenda.vcf"};
    CHECK(import_issue_text(issue).utf8_string() == "Mismo móvil que la línea 3 de agenda.vcf: unido a ella.");
    issue.code = "import.invalid_phone";
    issue.args = {"12", "too many digits for a phone number"};
    CHECK(import_issue_text(issue).utf8_string() ==
          "Teléfono 12 guardado tal cual y marcado como no válido: demasiadas cifras para un número de teléfono.");
    issue.code = "read.card_empty";
    issue.args = {};
    CHECK(import_issue_text(issue).utf8_string() == "La tarjeta no tiene nombre, teléfono ni correo: se deja fuera.");
}

TEST_CASE("counts use the plural forms of the catalogue") {
    use_language("es");
    app::ImportReport r;
    r.records_read = 1;
    r.contacts_created = 1;
    r.duplicates_in_file = 1;
    r.invalid_phones = 1;
    const std::string one = import_summary_text(r).utf8_string();
    INFO(one);
    CHECK(one.find("1 registro leído:") != std::string::npos);
    CHECK(one.find("1 nuevo,") != std::string::npos);
    CHECK(one.find("1 repetido en el archivo") != std::string::npos);
    CHECK(one.find("1 teléfono no válido") != std::string::npos);
    CHECK(import_done_text(r).utf8_string() == "Importado: 1 cliente nuevo, 0 actualizados.");
    r.records_read = 2;
    r.contacts_created = 2;
    r.duplicates_in_file = 2;
    r.invalid_phones = 2;
    r.contacts_merged = 1;
    const std::string two = import_summary_text(r).utf8_string();
    INFO(two);
    CHECK(two.find("2 registros leídos:") != std::string::npos);
    CHECK(two.find("2 nuevos,") != std::string::npos);
    CHECK(two.find("2 repetidos en el archivo") != std::string::npos);
    CHECK(two.find("2 teléfonos no válidos") != std::string::npos);
    CHECK(import_done_text(r).utf8_string() == "Importado: 2 clientes nuevos, 1 actualizado.");
}

TEST_CASE("a date typed at the counter is read day first, whatever the C library's locale") {
    // GTK's picker followed LC_TIME: `--lang es` under LANG=C showed 12/04/2026 for 4 December.
    const auto d = parse_date_text("04/12/2026");
    REQUIRE(d);
    CHECK(d->GetDay() == 4);
    CHECK(d->GetMonth() == wxDateTime::Dec);
    CHECK(d->GetYear() == 2026);
    const auto short_form = parse_date_text(" 4-12-2026 ");
    REQUIRE(short_form);
    CHECK(short_form->IsSameDate(*d));
    const auto iso = parse_date_text("2026-12-04");
    REQUIRE(iso);
    CHECK(iso->IsSameDate(*d));
    CHECK(parse_date_text("29/02/2028"));
    CHECK_FALSE(parse_date_text("29/02/2026"));  // not a leap year
    CHECK_FALSE(parse_date_text("31/04/2026"));
    CHECK_FALSE(parse_date_text("04/13/2026"));
    CHECK_FALSE(parse_date_text("04/12/26"));  // a two-digit year is ambiguous
    CHECK_FALSE(parse_date_text("mañana"));
    CHECK_FALSE(parse_date_text(""));
}
