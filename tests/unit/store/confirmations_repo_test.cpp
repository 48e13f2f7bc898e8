// Double opt-in confirmation requests, on SQLite and PostgreSQL: found by the Message-ID a
// reply cites (with or without <>), listed per contact, deleted with the contact.
#include "store/confirmations_repo.hpp"
#include "store/messages_repo.hpp"

#include "pg_server.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

TEST_CASE("a confirmation request is found by the Message-ID a reply cites, newest first") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    store::MessagesRepo messages(db);
    Message m;
    m.contact_uuid = "c-1";
    m.kind = MessageKind::sent;
    m.status = MessageStatus::sent;
    m.created_at = parse_timestamp("2026-03-02T09:30:00Z");
    const auto message_id = messages.log(m);

    store::ConfirmationsRepo repo(db);
    store::ConfirmationRequestRow r;
    r.message_id = message_id;
    r.provider_id = "abc@tienda";  // stored with <>
    r.contact_uuid = "c-1";
    r.channel = Channel::email;
    r.purpose = Purpose::marketing;
    r.grant_seq = 4;
    r.created_at = m.created_at;
    const auto first = repo.add(r);
    r.provider_id = "<def@tienda>";
    r.grant_seq = 9;
    const auto second = repo.add(r);
    CHECK(second > first);
    r.contact_uuid = "c-2";
    r.provider_id = "<ghi@tienda>";
    repo.add(r);

    const auto found = repo.find_any({"", "<abc@tienda>"});
    REQUIRE(found);
    CHECK(found->id == first);
    CHECK(found->provider_id == "<abc@tienda>");
    CHECK(found->grant_seq == 4);
    CHECK(found->message_id == message_id);
    CHECK(found->created_at == m.created_at);
    CHECK(repo.find_any({"abc@tienda", "def@tienda"})->id == second);  // the newest of those cited
    CHECK_FALSE(repo.find_any({"nada@tienda"}));

    CHECK(repo.for_contact("c-1").size() == 2);
    CHECK(repo.delete_contact("c-1") == 2);
    CHECK(repo.for_contact("c-1").empty());
    CHECK(repo.for_contact("c-2").size() == 1);
}
