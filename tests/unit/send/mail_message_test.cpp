// Reading received mail: headers, the reply's own text (plain, HTML, charsets, transfer
// encodings), delivery reports, and hostile input that must neither crash nor hang.
#include "send/mail_message.hpp"

#include "core/text.hpp"

#include <catch2/catch.hpp>

#include <string>

using namespace clientela::send;

TEST_CASE("headers of a reply: sender, decoded subject, ids") {
    const auto m = parse_mail("From: =?UTF-8?Q?Ana_N=C3=BA=C3=B1ez?= <ana@example.es>\r\n"
                              "Subject: =?ISO-8859-1?Q?Re:_Rebajas_de_oto=F1o?=\r\n"
                              "Date: Mon, 1 Dec 2026 10:00:00 +0100\r\n"
                              "Message-ID: <r1@example.es>\r\n"
                              "In-Reply-To: <c1@aguja.es>\r\n"
                              "References: <c0@aguja.es>\r\n <c1@aguja.es>\r\n"
                              "\r\n"
                              "Gracias\r\n",
                              "test:1");
    CHECK(m.source == "test:1");
    CHECK(m.from_address == "ana@example.es");
    CHECK(m.from_name == "Ana Núñez");
    CHECK(m.subject == "Re: Rebajas de otoño");
    CHECK(m.date == "Mon, 1 Dec 2026 10:00:00 +0100");
    CHECK(m.message_id == "<r1@example.es>");
    CHECK(m.in_reply_to == "<c1@aguja.es>");
    CHECK(m.references == std::vector<std::string>{"<c0@aguja.es>", "<c1@aguja.es>"});
    CHECK(m.reply_text == "Gracias");
    CHECK_FALSE(m.auto_submitted);
    CHECK_FALSE(m.delivery_report);
}

TEST_CASE("the reply's own text stops at the quote, in Spanish and English") {
    CHECK(reply_text_of("Gracias, me interesa.\n\nEl lun, 1 dic 2026, Tienda escribió:\n> BAJA de precios\n> hola\n") ==
          "Gracias, me interesa.");
    CHECK(reply_text_of("Thanks!\r\n\r\nOn Mon, Dec 1, 2026 at 10:00 AM Shop <s@x.es> wrote:\r\n> unsubscribe below\r\n") ==
          "Thanks!");
    // Gmail wraps a long attribution over two lines.
    CHECK(reply_text_of("Vale\n\nEl lun, 1 dic 2026 a las 10:00, Mercería La Aguja (<\ntienda@aguja.es>) escribió:\n> baja\n") ==
          "Vale");
    CHECK(reply_text_of("Ok\n\n-----Original Message-----\nFrom: Tienda\nBAJA\n") == "Ok");
    CHECK(reply_text_of("Ok\n\n-------- Mensaje original --------\nbaja\n") == "Ok");
    CHECK(reply_text_of("Hola\n\nDe: Tienda <t@x.es>\nEnviado: lunes\nPara: Ana\nAsunto: baja\n") == "Hola");
    CHECK(reply_text_of("Un saludo\n-- \nAna\nbaja\n") == "Un saludo");
    // Bottom-posted: the quote first, the answer below it.
    CHECK(reply_text_of("El lun, 1 dic 2026, Tienda escribió:\n> Rebajas\n\nBAJA\n") == "BAJA");
    CHECK(reply_text_of("> quoted\nmine\n> quoted again\n") == "mine");
}

TEST_CASE("a quoted-printable ISO-8859-1 body and a base64 UTF-8 body are converted") {
    const auto latin = parse_mail("From: a@example.es\nSubject: Re: x\nContent-Type: text/plain; charset=ISO-8859-1\n"
                                  "Content-Transfer-Encoding: quoted-printable\n\n"
                                  "No quiero recibir m=E1s correos, gracias. Espa=F1a\n",
                                  "t");
    CHECK(latin.reply_text == "No quiero recibir más correos, gracias. España");
    const auto b64 = parse_mail("From: a@example.es\nSubject: Re: x\nContent-Type: text/plain; charset=utf-8\n"
                                "Content-Transfer-Encoding: base64\n\n"
                                "RGFkbWUgZGUgYmFqYSwgc2XDsW9yYSBOw7rDsWV6Lg==\n",
                                "t");
    CHECK(b64.reply_text == "Dadme de baja, señora Núñez.");
}

TEST_CASE("an HTML-only reply is turned into text without the quoted block, scripts or styles") {
    const auto m = parse_mail("From: c@example.es\nSubject: Re: Rebajas\nMIME-Version: 1.0\n"
                              "Content-Type: text/html; charset=utf-8\n\n"
                              "<html><head><style>p{}</style><title>t</title></head><body>"
                              "<div>Quiero darme&nbsp;de baja</div><script>alert('baja')</script>"
                              "<div class=\"gmail_quote\">El lun, 1 dic 2026, Tienda escribió:<br>"
                              "<blockquote>Hola Carmen: <b>rebajas</b></blockquote></div></body></html>\n",
                              "t");
    CHECK(m.reply_text == "Quiero darme de baja");
    CHECK(html_to_text("<p>uno</p><p>dos <b>tres</b></p>") == "uno\ndos tres");
    CHECK(html_to_text("") == "");
    CHECK(html_to_text("<<<>>>&&&").find("&&&") != std::string::npos);  // malformed: no crash, text kept
}

TEST_CASE("text/plain is preferred in multipart/alternative: attachments are not read") {
    const auto m = parse_mail("From: a@example.es\nSubject: x\nMIME-Version: 1.0\n"
                              "Content-Type: multipart/mixed; boundary=M\n\n"
                              "--M\nContent-Type: multipart/alternative; boundary=A\n\n"
                              "--A\nContent-Type: text/plain; charset=utf-8\n\nBAJA\n"
                              "--A\nContent-Type: text/html; charset=utf-8\n\n<p>HTML</p>\n--A--\n"
                              "--M\nContent-Type: text/plain\nContent-Disposition: attachment; filename=a.txt\n\nadjunto\n"
                              "--M--\n",
                              "t");
    CHECK(m.reply_text == "BAJA");
}

TEST_CASE("auto-replies are recognised by their headers and subjects") {
    CHECK(parse_mail("From: a@x.es\nAuto-Submitted: auto-replied\nSubject: Re: x\n\nFuera\n", "t").auto_submitted);
    CHECK_FALSE(parse_mail("From: a@x.es\nAuto-Submitted: no\nSubject: Re: x\n\nBAJA\n", "t").auto_submitted);
    CHECK(parse_mail("From: a@x.es\nX-Autoreply: yes\nSubject: x\n\nx\n", "t").auto_submitted);
    CHECK(parse_mail("From: a@x.es\nSubject: =?UTF-8?Q?Respuesta_autom=C3=A1tica:_Rebajas?=\n\nx\n", "t").auto_submitted);
    CHECK(parse_mail("From: a@x.es\nSubject: Out of Office: Rebajas\n\nx\n", "t").auto_submitted);
}

namespace {

std::string dsn(const std::string& action, const std::string& status) {
    return "From: Mail Delivery System <MAILER-DAEMON@mx.aguja.es>\r\n"
           "Subject: Undelivered Mail Returned to Sender\r\n"
           "Auto-Submitted: auto-replied\r\n"
           "Message-ID: <dsn1@mx.aguja.es>\r\n"
           "MIME-Version: 1.0\r\n"
           "Content-Type: multipart/report; report-type=delivery-status; boundary=\"B\"\r\n\r\n"
           "--B\r\nContent-Type: text/plain\r\n\r\nI'm sorry to have to inform you...\r\n"
           "--B\r\nContent-Type: message/delivery-status\r\n\r\n"
           "Reporting-MTA: dns; mx.aguja.es\r\nArrival-Date: Mon, 1 Dec 2026 10:00:00 +0100\r\n\r\n"
           "Final-Recipient: rfc822; nadie@example.es\r\nOriginal-Recipient: rfc822;nadie@example.es\r\n"
           "Action: " + action + "\r\nStatus: " + status + "\r\n"
           "Diagnostic-Code: smtp; 550 " + status + " <nadie@example.es>:\r\n Recipient address rejected\r\n\r\n"
           "--B\r\nContent-Type: message/rfc822\r\n\r\nFrom: tienda@aguja.es\r\nSubject: BAJA\r\n\r\nbaja\r\n--B--\r\n";
}

}  // namespace

TEST_CASE("delivery reports give their per-recipient fields (RFC 3464)") {
    const auto hard = parse_mail(dsn("failed", "5.1.1"), "t");
    CHECK(hard.delivery_report);
    REQUIRE(hard.delivery.size() == 1);
    CHECK(hard.delivery[0].final_recipient == "nadie@example.es");
    CHECK(hard.delivery[0].action == "failed");
    CHECK(hard.delivery[0].status == "5.1.1");
    CHECK(hard.delivery[0].diagnostic_code == "smtp; 550 5.1.1 <nadie@example.es>: Recipient address rejected");
    const auto soft = parse_mail(dsn("delayed", "4.2.2"), "t");
    REQUIRE(soft.delivery.size() == 1);
    CHECK(soft.delivery[0].action == "delayed");
    CHECK(soft.delivery[0].status == "4.2.2");
    // Two recipients, and a Status with a comment.
    const auto two = parse_delivery_status("Reporting-MTA: dns; x\n\nFinal-Recipient: rfc822; a@x.es\nAction: failed\n"
                                           "Status: 5.2.2 (mailbox full)\n\nFinal-Recipient: rfc822;b@x.es\n"
                                           "Action: delivered\nStatus: 2.0.0\n");
    REQUIRE(two.size() == 2);
    CHECK(two[0].status == "5.2.2");
    CHECK(two[1].final_recipient == "b@x.es");
    CHECK(parse_delivery_status("").empty());
}

TEST_CASE("hostile messages neither crash nor hang, and everything read is valid UTF-8") {
    std::vector<std::string> inputs;
    inputs.push_back("");
    inputs.push_back(std::string("\0\0\0\xff\xfe", 5));
    inputs.push_back("Subject: " + std::string(3 * 1024 * 1024, 'a') + "\n\nbody\n");  // a huge header
    {
        std::string many = "From: a@x.es\n";
        for (int i = 0; i < 100000; ++i) many += "X-H" + std::to_string(i) + ": v\n";
        inputs.push_back(many + "\nbaja\n");
    }
    {
        std::string deep = "From: a@x.es\nSubject: deep\nMIME-Version: 1.0\n";
        for (int i = 0; i < 5000; ++i) deep += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n--b" + std::to_string(i) + "\n";
        inputs.push_back(deep + "Content-Type: text/plain\n\nBAJA\n");
    }
    {
        std::string nested = "From: a@x.es\nContent-Type: message/rfc822\n\n";
        for (int i = 0; i < 2000; ++i) nested += "Content-Type: message/rfc822\n\n";
        inputs.push_back(nested);
    }
    inputs.push_back("From: =?x-unknown?B?////?= <a@x.es>\nSubject: =?UTF-8?B?/w==?= =?utf-7?Q?+AGEAYQ-?=\n"
                     "Content-Type: text/plain; charset=x-no-such-charset\n\n\xe1\xe9\xff\xfe ok\n");
    inputs.push_back("From: a@x.es\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: base64\n\n!!!!====\n");
    inputs.push_back("From: a@x.es\nContent-Type: text/html\n\n" + std::string(200000, '<') + "<p>x");
    inputs.push_back("From: a@x.es\nContent-Type: multipart/report; report-type=delivery-status; boundary=B\n\n--B\n"
                     "Content-Type: message/delivery-status\n\n" + std::string(100000, '\n') + "Final-Recipient: ;\n"
                     "Action:\nStatus\n--B--\n");
    std::string binary;
    for (int i = 0; i < 200000; ++i) binary += static_cast<char>((i * 131) & 0xff);
    inputs.push_back(binary);
    for (const auto& in : inputs) {
        const auto m = parse_mail(in, "hostile");
        CHECK(clientela::is_valid_utf8(m.from_address));
        CHECK(clientela::is_valid_utf8(m.subject));
        CHECK(clientela::is_valid_utf8(m.reply_text));
        CHECK(clientela::is_valid_utf8(m.body_text));
        CHECK(m.subject.size() <= 1000);
        CHECK(m.body_text.size() <= 64 * 1024);
        for (const auto& d : m.delivery) CHECK(clientela::is_valid_utf8(d.diagnostic_code));
    }
    CHECK(to_valid_utf8("\xe1rbol") == "árbol");
}
