#include "send/mailbox_reader.hpp"

#include "../store/temp_dir.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace clientela::send;

TEST_CASE("unsubscribe subjects in Spanish and English") {
    CHECK(is_unsubscribe_subject("BAJA"));
    CHECK(is_unsubscribe_subject("Re: Rebajas de otoño - baja"));
    CHECK(is_unsubscribe_subject("Unsubscribe"));
    CHECK(is_unsubscribe_subject("Quiero darme de BAJA"));
    CHECK(is_unsubscribe_subject("Cancelar suscripción"));
    CHECK_FALSE(is_unsubscribe_subject("Re: Rebajas de otoño"));
    CHECK_FALSE(is_unsubscribe_subject("¿Tenéis lana bajada de precio?"));
}

TEST_CASE("addresses from From headers") {
    CHECK(address_of("Ana Núñez <ana@example.es>") == "ana@example.es");
    CHECK(address_of("luis@example.es (Luis)") == "luis@example.es");
    CHECK(address_of("nadie") == "");
}

TEST_CASE("an mbox gives every message with decoded subjects and lines") {
    clientela::test::TempDir dir;
    const auto path = dir.file("respuestas.mbox");
    std::ofstream(path) << "From ana@example.es Wed Nov 25 08:00:00 2026\n"
                           "From: =?UTF-8?Q?Ana_N=C3=BA=C3=B1ez?= <ana@example.es>\n"
                           "Subject: =?ISO-8859-1?Q?Re:_Rebajas_de_oto=F1o?=\n"
                           " =?UTF-8?B?IC0gQkFKQQ==?=\n"
                           "Message-ID: <r1@example.es>\n"
                           "\n"
                           "Por favor, dadme de baja.\n"
                           ">From here on a quoted line\n"
                           "\n"
                           "From luis@example.es Wed Nov 25 08:05:00 2026\n"
                           "From: luis@example.es\n"
                           "Subject: Re: Rebajas de otoño\n"
                           "\n"
                           "¿Hasta cuándo duran?\n";
    const auto mails = read_mbox(path);
    REQUIRE(mails.size() == 2);
    CHECK(mails[0].from_address == "ana@example.es");
    CHECK(mails[0].subject == "Re: Rebajas de otoño - BAJA");
    CHECK(mails[0].message_id == "<r1@example.es>");
    CHECK(mails[0].source == path + ":1");
    CHECK(is_unsubscribe_subject(mails[0].subject));
    CHECK(mails[1].source == path + ":10");
    CHECK_FALSE(is_unsubscribe_subject(mails[1].subject));
}

TEST_CASE("a maildir is read from new and cur") {
    clientela::test::TempDir dir;
    std::filesystem::create_directories(dir.path() / "new");
    std::filesystem::create_directories(dir.path() / "cur");
    std::filesystem::create_directories(dir.path() / "tmp");
    std::ofstream(dir.path() / "new" / "1.host") << "From: a@example.es\r\nSubject: baja\r\n\r\nbody\r\n";
    std::ofstream(dir.path() / "cur" / "2.host:2,S") << "From: b@example.es\r\nSubject: hola\r\n\r\nbody\r\n";
    std::ofstream(dir.path() / "tmp" / "3.host") << "From: c@example.es\r\nSubject: baja\r\n\r\n";
    const auto mails = read_maildir(dir.path().string());
    REQUIRE(mails.size() == 2);
    CHECK(mails[0].from_address == "b@example.es");  // sorted by path: cur before new
    CHECK(mails[1].from_address == "a@example.es");
    CHECK(mails[1].subject == "baja");
}
