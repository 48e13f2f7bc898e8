#include "app/customer_edit.hpp"
#include "core/errors.hpp"
#include "core/text.hpp"

#include <algorithm>

#include "shop_store.hpp"

#include <catch2/catch.hpp>

using namespace clientela;

namespace {

std::string add(app::Session& s, const std::string& given, const std::string& family, std::vector<std::string> tags) {
    app::NewContact c;
    c.given_name = given;
    c.family_name = family;
    c.tags = std::move(tags);
    return s.add_contact(c).contact.uuid;
}

}  // namespace

TEST_CASE("a rename is found by the search at once, the old name no longer") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    const auto id = add(s, "Lucía", "Pérez Gil", {});
    add(s, "Ana", "Núñez", {});
    REQUIRE(s.count_contacts("perez") == 1);  // read and kept by the repository
    app::CustomerEdit e;
    e.name = "Lucía Ortega Gil";
    const Contact c = app::edit_customer(s, id.substr(0, 8), e);
    CHECK(c.display_name == "Lucía Ortega Gil");
    CHECK(s.count_contacts("perez") == 0);
    CHECK(s.count_contacts("ortega") == 1);
    CHECK(s.count_contacts("lucia ortega") == 1);
    const auto rows = s.list_contacts("", 0, 10);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].display_name == "Lucía Ortega Gil");  // sorted by the new name
}

TEST_CASE("notes and tags are edited, tags trimmed and without repeats") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    const auto id = add(s, "Lucía", "Pérez", {"vip", "novias"});
    app::CustomerEdit e;
    e.notes = "Talla 40";
    e.add_tags = {" arreglos ", "vip", ""};
    e.remove_tags = {"novias"};
    const Contact c = app::edit_customer(s, id, e);
    CHECK(c.notes == "Talla 40");
    CHECK(c.tags == std::vector<std::string>{"arreglos", "vip"});  // stored order: by tag
    CHECK(c.display_name == "Lucía Pérez");
    CHECK(s.count_contacts("perez") == 1);  // no rename: the parts stay

    app::CustomerEdit none;
    none.name = "   ";
    CHECK_THROWS_AS(app::edit_customer(s, id, none), ValidationError);
    CHECK_THROWS_AS(app::edit_customer(s, "ffffffff", e), NotFoundError);
}

TEST_CASE("the shop's tags, most used first") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    add(s, "A", "A", {"vip", "novias"});
    add(s, "B", "B", {"novias"});
    add(s, "C", "C", {"novias", "arreglos"});
    const auto tags = app::shop_tags(s);
    REQUIRE(tags.size() == 3);
    CHECK(tags[0] == std::make_pair(std::string("novias"), std::int64_t{3}));
    CHECK(tags[1].first == "arreglos");
    CHECK(tags[2].first == "vip");
}

TEST_CASE("the tag filter combines with the search and count, list and pages agree") {
    const std::string where = GENERATE(from_range(test::shop_locations()));
    app::Session s(where);
    // More than the store reads by id (2000): the name-index walk with the id filter too. One
    // transaction: 4500 commits of a file each wait for the disk.
    auto tx = s.store().begin_write();
    for (int i = 0; i < 4500; ++i) {
        app::NewContact c;
        c.name = "Cliente " + std::to_string(i);
        if (i % 2 == 0) c.tags = {"par"};
        if (i % 100 == 0) c.tags.push_back("cien");
        s.add_contact_in_transaction(c);
    }
    tx.commit();
    CHECK(s.count_contacts("", "par") == 2250);
    CHECK(s.count_contacts("", "cien") == 45);
    CHECK(s.count_contacts("cliente", "par") == 2250);
    CHECK(s.count_contacts("cliente 10", "cien") == 2);    // "Cliente 100" and "Cliente 1000"
    CHECK(s.count_contacts("cliente 4400", "cien") == 1);  // words are prefixes: only "Cliente 4400"
    CHECK(s.count_contacts("", "nadie") == 0);
    CHECK(s.list_contacts("", "nadie", 0, 10).empty());
    for (const auto& [search, tag] : {std::pair<std::string, std::string>{"", "par"}, {"cliente", "par"},
                                      {"", "cien"}, {"cliente", "cien"}}) {
        const auto total = s.count_contacts(search, tag);
        std::vector<app::ContactRow> all;
        for (std::int64_t offset = 0; offset < total + 700; offset += 700) {
            for (auto& r : s.list_contacts(search, tag, offset, 700)) all.push_back(std::move(r));
        }
        CHECK(static_cast<std::int64_t>(all.size()) == total);
        bool tagged = true;
        for (const auto& r : all) {
            const auto tags = s.contacts_repo().tags_of(r.id);
            tagged = tagged && std::find(tags.begin(), tags.end(), tag) != tags.end();
        }
        CHECK(tagged);
        // In name order, as the list without a tag.
        bool sorted = true;
        for (std::size_t i = 1; i < all.size(); ++i) {
            sorted = sorted && fold_for_search(all[i - 1].display_name) <= fold_for_search(all[i].display_name);
        }
        CHECK(sorted);
    }
    // A page from the far end (walked backwards) equals the same rows read forwards.
    const auto last = s.list_contacts("", "par", 2200, 50);
    REQUIRE(last.size() == 50);
    const auto all = s.list_contacts("", "par", 0, 3000);
    CHECK(all[2200].uuid == last[0].uuid);
    CHECK(all[2249].uuid == last[49].uuid);
}
