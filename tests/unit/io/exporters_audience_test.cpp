#include "io/exporters_audience.hpp"

#include "core/errors.hpp"
#include "csv_safety.hpp"
#include "export_samples.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace clientela;
using namespace clientela::io;
using clientela::io::test::check_golden;

namespace {

std::vector<AudienceExportRow> sample_rows(Channel channel) {
    auto row = [channel](const char* uuid, const char* name, const char* first, const char* last, const char* email,
                         const char* mobile, std::int64_t seq) {
        AudienceExportRow r;
        r.contact_uuid = uuid;
        r.display_name = name;
        r.first_name = first;
        r.last_name = last;
        if (channel == Channel::email) r.email = email;
        if (channel != Channel::email) r.mobile = mobile;
        r.channel = channel;
        r.purpose = Purpose::marketing;
        r.basis = "consent";
        r.consent_seq = seq;
        return r;
    };
    return {row("aaaaaaaa-0000-4000-8000-00000000000a", "Ana Núñez Pérez", "Ana", "Núñez Pérez", "ana.nunez@example.es",
                "+34612345678", 1),
            row("bbbbbbbb-0000-4000-8000-00000000000b", "=HYPERLINK(\"http://x.example\",\"pulsa\")",
                "=HYPERLINK(\"http://x.example\"", "\"pulsa\")", "-raro@example.es", "+34699000111", 7),
            row("cccccccc-0000-4000-8000-00000000000c", "+cmd|' /C calc'!A0", "@SUM(1+1)", "Pérez, Luis; hijo",
                "luis@example.es", "+34655000222", 9)};
}

std::string write(AudienceLayout layout, Channel channel, CsvWriteOptions options = {}) {
    std::ostringstream out;
    AudienceWriter w(out, layout, options);
    for (const auto& r : sample_rows(channel)) w.write(r);
    CHECK(w.rows_written() == 3);
    return out.str();
}

}  // namespace

TEST_CASE("Mailchimp audience matches the golden file") {
    const std::string csv = write(AudienceLayout::mailchimp, Channel::email);
    CHECK(csv.rfind("Email Address,First Name,Last Name\r\n", 0) == 0);
    check_golden("audience_mailchimp.csv", csv);
}

TEST_CASE("Brevo audience matches the golden file") {
    const std::string email = write(AudienceLayout::brevo, Channel::email, CsvWriteOptions{',', true});
    CHECK(email.rfind("\xEF\xBB\xBF"
                      "EMAIL;FIRSTNAME;LASTNAME;SMS\r\n",
                      0) == 0);  // always ';'
    check_golden("audience_brevo_email.csv", email);
    check_golden("audience_brevo_sms.csv", write(AudienceLayout::brevo, Channel::sms));
}

TEST_CASE("plain audience matches the golden file, with semicolons and BOM for Excel") {
    check_golden("audience_plain.csv", write(AudienceLayout::plain, Channel::email, CsvWriteOptions{';', true}));
}

TEST_CASE("WhatsApp Business audience vCard matches the golden file") {
    const std::string vcf = write(AudienceLayout::whatsapp_vcard, Channel::whatsapp_business);
    CHECK(vcf.find("TEL;TYPE=CELL,PREF:+34612345678\r\n") != std::string::npos);
    check_golden("audience_whatsapp.vcf", vcf);
}

TEST_CASE("hostile names and emails are neutralised, E.164 numbers are not") {
    const std::string csv = write(AudienceLayout::mailchimp, Channel::email);
    // Since issue #15 an email is checked like any other cell: "-raro@..." starts a formula.
    CHECK(csv.find("\"'-raro@example.es\",\"'=HYPERLINK(\"\"http://x.example\"\"\",\"\"\"pulsa\"\")\"\r\n") !=
          std::string::npos);
    CHECK(csv.find("luis@example.es,\"'@SUM(1+1)\",\"Pérez, Luis; hijo\"\r\n") != std::string::npos);
    const std::string sms = write(AudienceLayout::brevo, Channel::sms);
    CHECK(sms.find(";+34655000222\r\n") != std::string::npos);  // the '+' of E.164 stays
    const std::string plain = write(AudienceLayout::plain, Channel::email);
    CHECK(plain.find(",\"'+cmd|' /C calc'!A0\",") != std::string::npos);
}

TEST_CASE("a layout only carries the channels its tool can use") {
    CHECK_NOTHROW(check_layout_channel(AudienceLayout::mailchimp, Channel::email));
    CHECK_THROWS_AS(check_layout_channel(AudienceLayout::mailchimp, Channel::sms), ValidationError);
    CHECK_NOTHROW(check_layout_channel(AudienceLayout::brevo, Channel::sms));
    CHECK_THROWS_AS(check_layout_channel(AudienceLayout::brevo, Channel::whatsapp_business), ValidationError);
    CHECK_NOTHROW(check_layout_channel(AudienceLayout::whatsapp_vcard, Channel::whatsapp_business));
    CHECK_THROWS_AS(check_layout_channel(AudienceLayout::whatsapp_vcard, Channel::sms), ValidationError);
    CHECK_NOTHROW(check_layout_channel(AudienceLayout::plain, Channel::phone_call));
    CHECK_THROWS_AS(check_layout_channel(AudienceLayout::plain, Channel::postal), ValidationError);
    CHECK(audience_layout_from_string("whatsapp-vcard") == AudienceLayout::whatsapp_vcard);
    CHECK_THROWS_AS(audience_layout_from_string("excel"), ValidationError);
}

TEST_CASE("the tool offered first for a channel can carry it, and the check agrees with layout_carries") {
    CHECK(usual_layout(Channel::email) == AudienceLayout::mailchimp);
    CHECK(usual_layout(Channel::whatsapp_business) == AudienceLayout::whatsapp_vcard);
    CHECK(usual_layout(Channel::sms) == AudienceLayout::plain);
    for (Channel c : {Channel::email, Channel::sms, Channel::whatsapp_business, Channel::phone_call}) {
        CHECK(layout_carries(usual_layout(c), c));
    }
    for (AudienceLayout l : all_audience_layouts()) {
        for (Channel c : {Channel::email, Channel::sms, Channel::whatsapp_business, Channel::phone_call,
                          Channel::postal}) {
            bool threw = false;
            try {
                check_layout_channel(l, c);
            } catch (const ValidationError&) {
                threw = true;
            }
            CHECK(threw == !layout_carries(l, c));
        }
    }
}

TEST_CASE("names are split for tools that want first and last name") {
    CHECK(split_name("Ana Núñez Pérez", "", "") == std::make_pair(std::string("Ana"), std::string("Núñez Pérez")));
    CHECK(split_name("Ana Núñez Pérez", "Ana María", "Núñez") ==
          std::make_pair(std::string("Ana María"), std::string("Núñez")));
    CHECK(split_name(" Cher ", "", "") == std::make_pair(std::string("Cher"), std::string()));
}

TEST_CASE("every audience CSV neutralises hostile emails and full-width names") {
    std::vector<AudienceExportRow> rows;
    const auto& emails = clientela::test::hostile_emails();
    const auto& names = clientela::test::hostile_names();
    for (std::size_t i = 0; i < names.size(); ++i) {
        AudienceExportRow r;
        r.contact_uuid = "aaaaaaaa-0000-4000-8000-00000000000" + std::to_string(i);
        r.display_name = names[i];
        r.first_name = names[i];
        r.last_name = names[(i + 1) % names.size()];
        r.email = emails[i % emails.size()];
        r.mobile = i % 2 ? "+34612345678" : "=1+2";
        r.channel = Channel::email;
        r.purpose = Purpose::marketing;
        r.basis = "consent";
        r.consent_seq = static_cast<std::int64_t>(i + 1);
        rows.push_back(r);
    }
    for (auto layout : {AudienceLayout::mailchimp, AudienceLayout::brevo, AudienceLayout::plain}) {
        for (char separator : {',', ';'}) {
            std::ostringstream out;
            AudienceWriter w(out, layout, CsvWriteOptions{separator, true});
            for (const auto& r : rows) w.write(r);
            // Mailchimp is always ',' and Brevo always ';'; the plain layout takes the option.
            const char used = layout == AudienceLayout::mailchimp ? ',' : layout == AudienceLayout::brevo ? ';' : separator;
            INFO(out.str());
            CHECK(clientela::test::formula_cells(out.str(), used).empty());
            CHECK(out.str().find("'=1+cmd@example.es") != std::string::npos);  // kept, made inert
        }
    }
}
