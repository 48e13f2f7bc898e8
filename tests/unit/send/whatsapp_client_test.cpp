#include "send/whatsapp_client.hpp"

#include "core/errors.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace clientela;
using namespace clientela::send;
using nlohmann::json;

TEST_CASE("a template message has the Cloud API shape") {
    TemplateMessage m{"+34 612 34 56 78", "rebajas_otono", "es", {"Ana", "20 %"}};
    const json body = json::parse(template_request_body(m));
    CHECK(body["messaging_product"] == "whatsapp");
    CHECK(body["recipient_type"] == "individual");
    CHECK(body["to"] == "34612345678");
    CHECK(body["type"] == "template");
    CHECK(body["template"]["name"] == "rebajas_otono");
    CHECK(body["template"]["language"]["code"] == "es");
    CHECK(body["template"]["components"][0]["type"] == "body");
    CHECK(body["template"]["components"][0]["parameters"] ==
          json::parse(R"([{"type":"text","text":"Ana"},{"type":"text","text":"20 %"}])"));

    m.body_parameters.clear();
    CHECK_FALSE(json::parse(template_request_body(m))["template"].contains("components"));
    m.name.clear();
    CHECK_THROWS_AS(template_request_body(m), ValidationError);
}

TEST_CASE("the message id comes from messages[0].id") {
    const std::string ok =
        R"({"messaging_product":"whatsapp","contacts":[{"input":"34612345678","wa_id":"34612345678"}],
                              "messages":[{"id":"wamid.HBgLMzQ2MTIzNDU2NzgVAgARGBI","message_status":"accepted"}]})";
    CHECK(parse_send_response(200, ok, "") == "wamid.HBgLMzQ2MTIzNDU2NzgVAgARGBI");
    CHECK_THROWS_AS(parse_send_response(200, "{}", ""), SendError);
}

namespace {
SendError error_for(long status, long code, const std::string& retry_after = "") {
    const std::string body = R"({"error":{"message":"Some problem","type":"OAuthException","code":)" +
                             std::to_string(code) +
                             R"(,"error_data":{"messaging_product":"whatsapp","details":"more"},"fbtrace_id":"Ab1"}})";
    try {
        parse_send_response(status, body, retry_after);
    } catch (const SendError& e) {
        return e;
    }
    FAIL("no error thrown");
    throw;
}
}  // namespace

TEST_CASE("API errors map to what the run does next") {
    const auto limited = error_for(429, 130429, "7");
    CHECK(limited.kind() == SendError::Kind::rate_limited);
    CHECK(limited.retry_after() == std::chrono::seconds{7});
    CHECK(std::string(limited.what()) == "WhatsApp HTTP 429 (#130429) Some problem: more");
    CHECK(error_for(400, 131056).kind() == SendError::Kind::rate_limited);
    CHECK(error_for(400, 131056).retry_after() == std::chrono::seconds{60});
    CHECK(error_for(401, 190).kind() == SendError::Kind::transport);
    CHECK(error_for(400, 132001).kind() == SendError::Kind::transport);
    CHECK(error_for(500, 1).kind() == SendError::Kind::transport);
    CHECK(error_for(400, 131026).kind() == SendError::Kind::message);
    CHECK(error_for(400, 100).kind() == SendError::Kind::message);
}

TEST_CASE("the phone-number object answers Probar and its errors carry codes for the window") {
    const auto n = parse_phone_number_response(
        200, R"({"verified_name":"Mercería La Aguja","display_phone_number":"+34 600 11 22 33","quality_rating":"GREEN","id":"1098765432"})",
        "1098765432");
    CHECK(n.id == "1098765432");
    CHECK(n.verified_name == "Mercería La Aguja");
    CHECK(n.display_phone_number == "+34 600 11 22 33");
    CHECK(n.quality_rating == "GREEN");

    auto code = [](long status, const std::string& body) {
        try {
            parse_phone_number_response(status, body, "1098765432");
        } catch (const SendError& e) {
            CHECK(e.kind() == SendError::Kind::transport);
            return e.code();
        }
        return std::string("no error");
    };
    CHECK(code(401, R"({"error":{"message":"Invalid OAuth access token.","type":"OAuthException","code":190}})") ==
          "whatsapp.token_invalid");
    CHECK(code(400, R"({"error":{"message":"Error validating access token: Session has expired","code":190,"error_subcode":463}})") ==
          "whatsapp.token_invalid");
    CHECK(code(400, R"({"error":{"message":"Unsupported get request. Object with ID '1098765432' does not exist","type":"GraphMethodException","code":100,"error_subcode":33}})") ==
          "whatsapp.unknown_number");
    CHECK(code(403, R"({"error":{"message":"(#10) Application does not have permission for this action","code":10}})") ==
          "whatsapp.no_permission");
    CHECK(code(500, "<html>down</html>") == "whatsapp.refused");
    CHECK(code(200, R"({"id":"1098765432"})") == "whatsapp.refused");  // no number in it
}
