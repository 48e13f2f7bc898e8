// Classifying received mail: BAJA and its phrases in Spanish and English, the subject rule,
// yes to a confirmation, bounces, auto-replies and forwarded one-click URLs.
#include "send/reply_classifier.hpp"

#include <catch2/catch.hpp>

using namespace clientela::send;

namespace {

ReplyKind kind_of(const std::string& raw) { return classify(parse_mail(raw, "t")).kind; }

std::string reply(const std::string& subject, const std::string& body) {
    return "From: Ana <ana@example.es>\nSubject: " + subject + "\nContent-Type: text/plain; charset=utf-8\n\n" + body;
}

}  // namespace

TEST_CASE("a subject asks to stop only when it is the keyword, or an unmistakable phrase") {
    CHECK(is_withdraw_subject("BAJA"));
    CHECK(is_withdraw_subject("baja"));  // List-Unsubscribe mailto ?subject=baja
    CHECK(is_withdraw_subject("Re: BAJA"));
    CHECK(is_withdraw_subject("RE: Fwd: baja."));
    CHECK(is_withdraw_subject("¡Baja!"));
    CHECK(is_withdraw_subject("Unsubscribe"));
    CHECK(is_withdraw_subject("STOP"));
    CHECK(is_withdraw_subject("Re: Quiero darme de baja"));
    CHECK(is_withdraw_subject("Cancelar suscripción"));
    CHECK_FALSE(is_withdraw_subject("Re: ¿El precio baja la semana que viene?"));
    CHECK_FALSE(is_withdraw_subject("Re: Rebajas de otoño"));
    CHECK_FALSE(is_withdraw_subject("Re: Rebajas de otoño - BAJA"));
    CHECK_FALSE(is_withdraw_subject("¿Tenéis lana bajada de precio?"));
    CHECK_FALSE(is_withdraw_subject("Bus stop near the shop?"));
    CHECK_FALSE(is_withdraw_subject(""));
}

TEST_CASE("the reply text asks to stop: a short reply starting with the keyword, or a phrase") {
    CHECK(is_withdraw_text("BAJA"));
    CHECK(is_withdraw_text("Baja, por favor.\nAna"));
    CHECK(is_withdraw_text("Hola, quiero darme de baja de vuestra lista. Gracias."));
    CHECK(is_withdraw_text("No quiero recibir más correos"));
    CHECK(is_withdraw_text("Por favor no me enviéis más ofertas"));
    CHECK(is_withdraw_text("No quiero más correos."));
    CHECK(is_withdraw_text("Dejad de enviarme cosas... dejad de enviar, gracias"));
    CHECK(is_withdraw_text("unsubscribe"));
    CHECK(is_withdraw_text("Stop"));
    CHECK(is_withdraw_text("Please remove me from your list"));
    CHECK(is_withdraw_text("I would like to unsubscribe, thanks"));
    CHECK_FALSE(is_withdraw_text("¿El precio baja la semana que viene?"));
    CHECK_FALSE(is_withdraw_text("Gracias, me interesa la lana merino."));
    CHECK_FALSE(is_withdraw_text(""));
    // A long text that merely contains "baja" in another sense.
    CHECK_FALSE(is_withdraw_text(
        "Baja el precio de la lana merino la semana que viene? Lo pregunto porque quería hacer un jersey para mi "
        "nieto y necesito unos ocho ovillos, y si el precio baja esperaría. También quería saber si tenéis agujas "
        "circulares del número 4 y si abrís el sábado por la tarde, que entre semana no puedo ir a la tienda."));
}

TEST_CASE("yes to a confirmation request, in Spanish and English") {
    CHECK(is_yes_text("SÍ"));
    CHECK(is_yes_text("si"));
    CHECK(is_yes_text("Sí, acepto. Ana"));
    CHECK(is_yes_text("CONFIRMO"));
    CHECK(is_yes_text("Acepto"));
    CHECK(is_yes_text("Yes please"));
    CHECK(is_yes_text("Confirm"));
    CHECK_FALSE(is_yes_text("Sí, pero no quiero WhatsApp"));
    CHECK_FALSE(is_yes_text("Silvia aquí"));
    CHECK_FALSE(is_yes_text("No"));
    CHECK(kind_of(reply("Re: Confirma tu suscripción", "Sí\n\nEl lun, 1 dic 2026, Tienda escribió:\n> responde SÍ\n")) ==
          ReplyKind::confirm_yes);
}

TEST_CASE("whole replies: body, subject, quote, HTML, auto-replies") {
    CHECK(kind_of(reply("Re: Rebajas", "BAJA\n\nEl lun, 1 dic 2026, Tienda escribió:\n> hilos\n")) == ReplyKind::withdraw);
    CHECK(kind_of(reply("Re: ¿El precio baja la semana que viene?", "Me interesa.\n")) == ReplyKind::unclassified);
    // BAJA only in the quoted part below the attribution does not count.
    CHECK(kind_of(reply("Re: Rebajas", "Gracias, iré el sábado.\n\nEl lun, 1 dic 2026, Tienda escribió:\n"
                                       "> Para darte de baja, responde BAJA\n")) == ReplyKind::unclassified);
    CHECK(kind_of(reply("baja", "")) == ReplyKind::withdraw);
    CHECK(kind_of("From: c@x.es\nSubject: Re: x\nContent-Type: text/html\n\n<p>Quiero darme de baja</p>\n") ==
          ReplyKind::withdraw);
    CHECK(kind_of("From: c@x.es\nSubject: Respuesta automática: Rebajas\n\nEstaré fuera. Para bajas escriba a...\n") ==
          ReplyKind::auto_reply);
    CHECK(kind_of("From: c@x.es\nAuto-Submitted: auto-replied\nSubject: Re: x\n\nBAJA\n") == ReplyKind::auto_reply);
}

TEST_CASE("a forwarded one-click unsubscribe URL is recognised with its URL") {
    const auto c = classify(parse_mail(
        reply("Fwd: one-click", "POST https://aguja.es/baja?c=1234-abcd&k=77aa&t=9f8e7d.\nList-Unsubscribe=One-Click\n"),
        "t"));
    CHECK(c.kind == ReplyKind::unsubscribe_url);
    CHECK(c.url == "https://aguja.es/baja?c=1234-abcd&k=77aa&t=9f8e7d");  // any path the owner chose
    CHECK(unsubscribe_url_in("http://aguja.es/baja?c=1&k=3&t=2").empty());  // not https
    CHECK(unsubscribe_url_in("https://aguja.es/baja?c=1&k=3").empty());     // no token
    CHECK(unsubscribe_url_in("https://aguja.es/baja?c=1&t=2").empty());     // no campaign
    CHECK(unsubscribe_url_in("<https://a.es/x/unsubscribe?t=2&k=3&c=1>") == "https://a.es/x/unsubscribe?t=2&k=3&c=1");
}

TEST_CASE("delivery reports: hard 5.x.x failures, soft 4.x.x or delayed") {
    auto report = [](const std::string& action, const std::string& status) {
        return "From: MAILER-DAEMON@mx.es\nSubject: Undelivered\nAuto-Submitted: auto-replied\n"
               "Content-Type: multipart/report; report-type=delivery-status; boundary=B\n\n"
               "--B\nContent-Type: text/plain\n\nfailed\n--B\nContent-Type: message/delivery-status\n\n"
               "Reporting-MTA: dns; mx.es\n\nFinal-Recipient: rfc822; nadie@example.es\nAction: " +
               action + "\nStatus: " + status + "\n\n--B--\n";
    };
    const auto hard = classify(parse_mail(report("failed", "5.1.1"), "t"));
    CHECK(hard.kind == ReplyKind::bounce_hard);
    REQUIRE(hard.failed.size() == 1);
    CHECK(hard.failed[0].final_recipient == "nadie@example.es");
    CHECK(classify(parse_mail(report("failed", "4.2.2"), "t")).kind == ReplyKind::bounce_soft);
    CHECK(classify(parse_mail(report("delayed", "4.4.7"), "t")).kind == ReplyKind::bounce_soft);
    CHECK(classify(parse_mail(report("delivered", "2.0.0"), "t")).kind == ReplyKind::auto_reply);
}
