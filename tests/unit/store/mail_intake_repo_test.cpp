// Received mail taken in, and replies kept for the owner, on SQLite and PostgreSQL.
#include "store/mail_intake_repo.hpp"

#include "core/errors.hpp"

#include "pg_server.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

TEST_CASE("a message taken in is remembered by its key and by folder, UIDVALIDITY and UID") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    const Timestamp at = parse_timestamp("2026-03-02T09:30:00Z");
    // UIDs and UIDVALIDITY are unsigned 32-bit in IMAP: past a signed int.
    store::MailKey a{"INBOX", 3000000000, 4000000000, "mid:aaa"};
    CHECK_FALSE(store::mail_processed(db, a));
    store::remember_mail(db, a, "withdrawn", at);
    CHECK(store::mail_processed(db, a));
    CHECK(store::mail_processed(db, {"INBOX", 3000000000, 4000000000, "mid:other"}));  // same UID
    CHECK(store::mail_processed(db, {"", 0, 0, "mid:aaa"}));                          // same key
    CHECK_FALSE(store::mail_processed(db, {"INBOX", 3000000001, 4000000000, "mid:bbb"}));
    CHECK_THROWS_AS(store::remember_mail(db, a, "again", at), ConflictError);

    store::remember_mail(db, {"", 0, 0, "sha256:file"}, "kept", at);  // a file: no UID
    store::remember_mail(db, {"", 0, 0, "sha256:file2"}, "kept", at);  // nor this one: no clash on UID 0
    CHECK_FALSE(store::mail_processed(db, {"INBOX", 7, 0, "mid:ccc"}));
    store::remember_mail(db, {"INBOX", 3000000000, 5, "mid:ddd"}, "kept", at);
    CHECK(store::processed_uids(db, "INBOX", 3000000000) == std::set<std::int64_t>{5, 4000000000});
    CHECK(store::processed_uids(db, "", 0).empty());
}

TEST_CASE("replies wait for the owner and go with their customer, by contact or address") {
    const std::string where = GENERATE(from_range(test::store_locations()));
    INFO(where);
    store::Database db(where, store::Database::Initialise{});
    store::PendingReply r;
    r.contact_uuid = "c-1";
    r.from_address = "Ana@Example.es";
    r.subject = "Re: Rebajas";
    r.reply_text = "no me escribáis más";
    r.classification = "unclear";
    r.received_at = parse_timestamp("2026-03-02T09:30:00Z");
    const auto first = store::add_pending_reply(db, r);
    r.contact_uuid = "";
    r.from_address = "ana@example.es";
    const auto second = store::add_pending_reply(db, r);
    r.from_address = "luis@example.es";
    const auto third = store::add_pending_reply(db, r);
    CHECK(second > first);

    const auto all = store::pending_replies(db);
    REQUIRE(all.size() == 3);
    CHECK(all[0].id == first);
    CHECK(all[0].reply_text == "no me escribáis más");
    CHECK(all[0].received_at == r.received_at);
    REQUIRE(store::pending_reply(db, third));
    CHECK(store::pending_reply(db, third)->from_address == "luis@example.es");
    CHECK_FALSE(store::pending_reply(db, 999));

    CHECK(store::erase_pending_replies(db, "c-1", {"ANA@example.es", ""}) == 2);
    CHECK(store::remove_pending_reply(db, third));
    CHECK_FALSE(store::remove_pending_reply(db, third));
    CHECK(store::pending_replies(db).empty());
}
