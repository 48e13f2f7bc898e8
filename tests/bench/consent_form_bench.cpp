// consent_form_bench: the time to render the printable consent form PDF (app use case, the
// same code the window and `consent form` call), for a customer's form with two wordings and
// three channels. Writes the last PDF to --out when given (to look at it).
#include "app/consent_forms.hpp"
#include "bench_report.hpp"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

using namespace clientela;

int main(int argc, char** argv) {
    int rounds = 50;
    std::string out_path;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--rounds" && i + 1 < argc) rounds = std::max(1, std::stoi(argv[++i]));
        if (a == "--out" && i + 1 < argc) out_path = argv[++i];
    }
    app::Session s(":memory:");
    ShopSettings settings = s.settings();
    settings.shop_name = "Mercería La Aguja";
    settings.shop_address = "Calle Mayor 3, 49001 Zamora · 980 123 456";
    settings.staff = {"Rocío"};
    s.save_settings(settings);
    WordingScope mail;
    mail.channels = {Channel::email, Channel::sms};
    mail.purposes = {Purpose::marketing};
    app::add_wording(s,
                     "Acepto recibir de Mercería La Aguja ofertas, novedades y avisos de rebajas por correo "
                     "electrónico y SMS. Puedo retirar este consentimiento en cualquier momento.",
                     "es", "ofertas", std::nullopt, mail);
    WordingScope wa;
    wa.channels = {Channel::whatsapp_business};
    wa.purposes = {Purpose::marketing};
    app::add_wording(s,
                     "Acepto recibir de Mercería La Aguja ofertas y novedades por WhatsApp en este número de "
                     "móvil. Puedo darme de baja respondiendo BAJA.",
                     "es", "whatsapp", std::nullopt, wa);
    app::NewContact c;
    c.name = "Ana Núñez Gil";
    c.phones = {"612345678"};
    c.emails = {"ana.nunez@example.es"};
    const auto ana = s.add_contact(c).contact.uuid;

    app::ConsentFormRequest r;
    r.contact_ref = ana;
    std::string last;
    std::vector<double> ms;
    {
        std::ostringstream warm;  // fontconfig's first load is not part of a form
        app::print_consent_form(s, r, warm);
    }
    for (int i = 0; i < rounds; ++i) {
        std::ostringstream pdf;
        bench::Stopwatch sw;
        app::print_consent_form(s, r, pdf);
        ms.push_back(sw.millis());
        last = pdf.str();
    }
    std::sort(ms.begin(), ms.end());
    if (!out_path.empty()) std::ofstream(out_path, std::ios::binary) << last;
    bench::Report report;
    report.add("consent_form_median_ms", ms[ms.size() / 2], "ms", "Consent form PDF, median of " +
                                                                      std::to_string(rounds) + " (code stored + PDF drawn)");
    report.add("consent_form_max_ms", ms.back(), "ms", "Consent form PDF, slowest");
    report.add("consent_form_bytes", static_cast<double>(last.size()), "count", "PDF size in bytes");
    report.print("consent_form_bench");
    return 0;
}
