#include "send/mime_message.hpp"

#include "core/errors.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace clientela;
using namespace clientela::send;

namespace {

EmailContent sample() {
    EmailContent c;
    c.from_address = "tienda@aguja.es";
    c.from_name = "Mercería La Aguja";
    c.to_address = "ana@example.es";
    c.to_name = "Ana Núñez";
    c.subject = "Rebajas de otoño: ¡hilos y botones con un 20 % de descuento!";
    c.text = "Hola Ana,\nesta semana tenemos rebajas en la mercería.\n.\nUn saludo";
    c.html = "<p>Hola Ana,</p><p>esta semana tenemos <b>rebajas</b> en la mercería.</p>";
    c.message_id = "1234abcd@aguja.es";
    c.unsubscribe_mailto = "baja@aguja.es";
    c.unsubscribe_url = "https://aguja.es/baja?c=1";
    c.date = parse_timestamp("2026-11-25T08:30:00Z");
    return c;
}

std::string header(const std::string& message, const std::string& name) {
    const std::string msg = "\r\n" + message;
    const std::string key = "\r\n" + name + ": ";
    auto pos = msg.find(key);
    if (pos == std::string::npos) return "<missing>";
    pos += key.size();
    std::string value;
    // Unfold continuation lines.
    while (true) {
        const auto end = msg.find("\r\n", pos);
        value += msg.substr(pos, end - pos);
        if (msg[end + 2] != ' ' && msg[end + 2] != '\t') break;
        pos = end + 2;
    }
    return value;
}

}  // namespace

TEST_CASE("quoted-printable keeps Spanish text readable and lines short") {
    const std::string text = "Campaña de Navidad para María José: ¡descuentos en lanas, agujas y dedales! " +
                             std::string(60, 'x') + "ñ" + std::string(80, 'y') + " ";
    const std::string qp = quoted_printable(text);
    std::istringstream lines(qp);
    std::string line;
    while (std::getline(lines, line)) {
        REQUIRE(line.back() == '\r');
        CHECK(line.size() - 1 <= 76);
    }
    CHECK(qp.find("Campa=C3=B1a") != std::string::npos);
    CHECK(qp.find("=20\r\n") != std::string::npos);  // trailing space encoded
    CHECK(decode_quoted_printable(qp) == text + "\r\n");
    // A soft break never falls inside the two bytes of ñ.
    CHECK(qp.find("=C3=\r\n") == std::string::npos);
}

TEST_CASE("quoted-printable encodes a leading dot and equals signs") {
    CHECK(quoted_printable(".\na=b") == "=2E\r\na=3Db\r\n");
}

TEST_CASE("header words are RFC 2047 encoded UTF-8 and decode back") {
    CHECK(encode_header_words("Plain subject") == "Plain subject");
    const std::string subject = "Rebajas de otoño en la Mercería: ¡un 20 % menos en hilos, lanas y botones!";
    const std::string enc = encode_header_words(subject);
    CHECK(enc.rfind("=?UTF-8?B?", 0) == 0);
    std::istringstream words(enc);
    std::string line;
    while (std::getline(words, line)) CHECK(line.size() <= 76);
    CHECK(decode_header_words(enc) == subject);
    CHECK(decode_header_words("=?ISO-8859-1?Q?Darme_de_baja_de_la_mercer=EDa?=") == "Darme de baja de la mercería");
    CHECK(decode_header_words("Re: =?utf-8?q?baja?= ya") == "Re: baja ya");
}

TEST_CASE("a campaign email has the unsubscribe headers, a Message-ID and both parts") {
    const std::string m = build_email(sample());
    CHECK(m.find("\n\n") == std::string::npos);  // CRLF only
    CHECK(header(m, "Message-ID") == "<1234abcd@aguja.es>");
    CHECK(header(m, "MIME-Version") == "1.0");
    CHECK(header(m, "List-Unsubscribe") == "<mailto:baja@aguja.es?subject=baja>, <https://aguja.es/baja?c=1>");
    CHECK(header(m, "List-Unsubscribe-Post") == "List-Unsubscribe=One-Click");
    CHECK(header(m, "Date") == "Wed, 25 Nov 2026 08:30:00 +0000");
    CHECK(decode_header_words(header(m, "Subject")) == sample().subject);
    CHECK(decode_header_words(header(m, "From")) == "Mercería La Aguja <tienda@aguja.es>");
    CHECK(header(m, "Content-Type").rfind("multipart/alternative; boundary=\"=_clientela_1234abcd\"", 0) == 0);
    CHECK(m.find("Content-Type: text/plain; charset=UTF-8") != std::string::npos);
    CHECK(m.find("Content-Type: text/html; charset=UTF-8") != std::string::npos);
    CHECK(m.find("mercer=C3=ADa") != std::string::npos);
    CHECK(m.find("--=_clientela_1234abcd--\r\n") != std::string::npos);
}

TEST_CASE("one-click needs a URL: an email without any unsubscribe way is refused") {
    auto c = sample();
    c.unsubscribe_url.clear();
    const std::string m = build_email(c);
    CHECK(header(m, "List-Unsubscribe") == "<mailto:baja@aguja.es?subject=baja>");
    CHECK(header(m, "List-Unsubscribe-Post") == "<missing>");
    c.unsubscribe_mailto.clear();
    CHECK_THROWS_AS(build_email(c), ValidationError);
}

TEST_CASE("header injection through the subject is refused") {
    auto c = sample();
    c.subject = "Hola\r\nBcc: todos@example.es";
    CHECK_THROWS_AS(build_email(c), ValidationError);
}

TEST_CASE("base64 round trip") {
    for (std::string s : {"", "a", "ab", "abc", "Ñandú", "\x01\xff\x80"}) CHECK(base64_decode(base64_encode(s)) == s);
    CHECK(base64_encode("Mercería") == "TWVyY2Vyw61h");
}
