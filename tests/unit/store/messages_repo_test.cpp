#include "core/errors.hpp"
#include "store/messages_repo.hpp"

#include "pg_server.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

namespace {

const Timestamp kT0 = parse_timestamp("2026-03-02T09:30:00Z");

Message exported_email(const std::string& contact, const std::string& address) {
    Message m;
    m.contact_uuid = contact;
    m.channel = Channel::email;
    m.purpose = Purpose::marketing;
    m.kind = MessageKind::exported;
    m.status = MessageStatus::exported;
    m.consent_seq = 7;
    m.basis = "consent";
    m.destination = "mailchimp: audiencia.csv";
    m.recipient = address;
    m.created_at = kT0;
    return m;
}

}  // namespace

TEST_CASE("a logged message reads back with every field", "[messages]") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    store::MessagesRepo log(db);
    const auto id = log.log(exported_email("c-1", "ana@example.es"));
    const auto m = log.get(id);
    CHECK(m.contact_uuid == "c-1");
    CHECK(m.channel == Channel::email);
    CHECK(m.kind == MessageKind::exported);
    CHECK(m.status == MessageStatus::exported);
    CHECK_FALSE(m.campaign_id.has_value());
    CHECK(m.consent_seq == 7);
    CHECK(m.basis == "consent");
    CHECK(m.destination == "mailchimp: audiencia.csv");
    CHECK(m.recipient == "ana@example.es");
    CHECK(m.created_at == kT0);
    CHECK(m.updated_at == kT0);
    CHECK(log.count() == 1);
}

TEST_CASE("a queued message moves to sent with the provider's id, or to failed with the error", "[messages]") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    store::MessagesRepo log(db);
    auto m = exported_email("c-1", "ana@example.es");
    m.kind = MessageKind::sent;
    m.status = MessageStatus::queued;
    const auto a = log.log(m);
    const auto b = log.log(m);
    log.set_status(a, MessageStatus::sent, "<abc@tienda>", "", kT0 + std::chrono::seconds{5});
    log.set_status(b, MessageStatus::failed, "", "550 mailbox unavailable", kT0 + std::chrono::seconds{6});
    CHECK(log.get(a).status == MessageStatus::sent);
    CHECK(log.get(a).provider_id == "<abc@tienda>");
    CHECK(log.get(a).updated_at == kT0 + std::chrono::seconds{5});
    CHECK(log.get(b).status == MessageStatus::failed);
    CHECK(log.get(b).error == "550 mailbox unavailable");
    CHECK_THROWS_AS(log.set_status(999, MessageStatus::sent, "", "", kT0), NotFoundError);
}

TEST_CASE("history lists one contact's messages oldest first", "[messages]") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    store::MessagesRepo log(db);
    log.log(exported_email("c-1", "ana@example.es"));
    log.log(exported_email("c-2", "luis@example.es"));
    auto second = exported_email("c-1", "ana@example.es");
    second.channel = Channel::whatsapp_business;
    log.log(second);
    const auto h = log.history("c-1");
    REQUIRE(h.size() == 2);
    CHECK(h[0].channel == Channel::email);
    CHECK(h[1].channel == Channel::whatsapp_business);
    CHECK(log.history("nobody").empty());
}

TEST_CASE("erasure blanks the personal content of a contact's messages and keeps the rows", "[messages]") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    store::MessagesRepo log(db);
    auto m = exported_email("c-1", "ana@example.es");
    m.subject = "Rebajas de invierno, Ana";
    log.log(m);
    log.log(exported_email("c-2", "luis@example.es"));
    CHECK(log.scrub_contact("c-1") == 1);
    const auto h = log.history("c-1");
    REQUIRE(h.size() == 1);
    CHECK(h[0].recipient.empty());
    CHECK(h[0].subject.empty());
    CHECK(h[0].consent_seq == 7);
    CHECK(log.history("c-2")[0].recipient == "luis@example.es");
    CHECK(log.scrub_contact("c-1") == 0);
}

TEST_CASE("a message without a contact is refused", "[messages]") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    store::MessagesRepo log(db);
    CHECK_THROWS_AS(log.log(exported_email("", "x@example.es")), ValidationError);
    CHECK(log.count() == 0);
}
