// What the libcurl transports share (send/curl_support): the common options, the transfer and
// libcurl's sentence for a failure, and how each client words a server that is not there.
#include "send/curl_support.hpp"

#include "../../integration/check_fixture.hpp"
#include "send/smtp_client.hpp"
#include "send/whatsapp_client.hpp"

#include <catch2/catch.hpp>

using namespace clientela;
using namespace clientela::send;
using clientela::test::closed_port;

TEST_CASE("a transfer that cannot connect gives libcurl's code and sentence, and the handle can be kept") {
    init_curl_once();
    CURL* curl = curl_easy_init();
    REQUIRE(curl);
    std::string body;
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_to_string);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
    for (int round = 0; round < 2; ++round) {
        const int port = closed_port();
        const std::string url = "http://127.0.0.1:" + std::to_string(port) + "/";
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        const Transfer t = perform_transfer(curl, 5);
        CHECK(t.code == CURLE_COULDNT_CONNECT);
        CHECK(t.response == 0);
        // The error buffer's sentence, of this transfer: it names the port tried this time.
        CHECK_THAT(t.detail, Catch::Contains(std::to_string(port)));
    }
    curl_easy_cleanup(curl);
    CHECK(body.empty());
}

TEST_CASE("SMTP and WhatsApp with no server there say so, in libcurl's words") {
    const int port = closed_port();
    const std::string where = "127.0.0.1:" + std::to_string(port);

    SmtpSettings s;
    s.host = "127.0.0.1";
    s.port = port;
    s.security = SmtpSecurity::none;
    s.timeout_seconds = 5;
    SmtpClient smtp(s);
    try {
        smtp.send("tienda@aguja.test", "ana@example.es", "Subject: Hola\r\n\r\nHola\r\n");
        FAIL("sent without a server");
    } catch (const SendError& e) {
        CHECK(e.kind() == SendError::Kind::transport);  // every message would fail: the run stops
        CHECK_THAT(e.what(), Catch::StartsWith("SMTP 127.0.0.1: ") && Catch::Contains(std::to_string(port)));
    }
    try {
        smtp.check();
        FAIL("checked without a server");
    } catch (const SendError& e) {
        CHECK(e.code() == "smtp.no_connection");
        CHECK_THAT(e.what(), Catch::StartsWith("SMTP " + where + ": no connection ("));
    }

    WhatsAppSettings w;
    w.base_url = "http://" + where + "/v21.0";
    w.phone_number_id = "1098765432";
    w.token = "EAAtoken123";
    w.timeout_seconds = 5;
    WhatsAppClient wa(w);
    try {
        wa.send_template(TemplateMessage{"+34 612 34 56 78", "rebajas_otono", "es", {"Ana"}});
        FAIL("sent without a server");
    } catch (const SendError& e) {
        // Nothing went out: a transport failure, not "it may have been delivered".
        CHECK(e.kind() == SendError::Kind::transport);
        CHECK_THAT(e.what(), Catch::StartsWith("WhatsApp " + w.base_url + "/1098765432/messages: ") &&
                                 Catch::EndsWith(" (error " + std::to_string(CURLE_COULDNT_CONNECT) + ")"));
        CHECK(e.reply().command == "POST");
        CHECK(e.reply().text.empty());
    }
    try {
        wa.phone_number();
        FAIL("asked without a server");
    } catch (const SendError& e) {
        CHECK(e.kind() == SendError::Kind::transport);
        CHECK(e.code() == "whatsapp.no_connection");
        REQUIRE(e.args().size() == 2);
        CHECK(e.args()[0] == w.base_url);
        CHECK_THAT(e.args()[1], Catch::Contains(std::to_string(port)) &&
                                    Catch::EndsWith(" (error " + std::to_string(CURLE_COULDNT_CONNECT) + ")"));
        CHECK(std::string(e.what()) == "WhatsApp " + w.base_url + ": " + e.args()[1]);
        CHECK(e.reply().command == "GET");
    }
}
