// The importer's flat lookup table (app/flat_string_map.hpp): the same answers as a std::map
// for every key, present or not, through its growth, and nothing after clear().
#include "app/flat_string_map.hpp"

#include <catch2/catch.hpp>

#include <map>
#include <random>
#include <string>

using clientela::app::FlatStringMap;

TEST_CASE("a flat string map answers like a map: first value kept, exact keys, through growth") {
    FlatStringMap<std::size_t> flat;
    CHECK(flat.find("") == nullptr);
    CHECK(flat.find("ana@example.es") == nullptr);

    std::map<std::string, std::size_t> model;
    auto add = [&](const std::string& key, std::size_t value) {
        flat.emplace(key, value);
        model.emplace(key, value);
    };
    // Keys that are prefixes of each other, the empty key, bytes that are not text.
    add("a", 1);
    add("ab", 2);
    add("", 3);
    add(std::string("x\0y", 3), 4);
    add(std::string("x\0z", 3), 5);
    add("ab", 99);  // already there: the first value stays
    CHECK(*flat.find("ab") == 2);
    CHECK(*flat.find("") == 3);
    CHECK(*flat.find(std::string("x\0z", 3)) == 5);
    CHECK(flat.find("x") == nullptr);
    CHECK(flat.find("abc") == nullptr);

    // 50 000 random keys (repeats among them), then every key and as many absent ones.
    std::mt19937_64 random(2026);
    std::uniform_int_distribution<int> length(0, 40), byte(0, 255);
    auto random_key = [&] {
        std::string k(static_cast<std::size_t>(length(random)), '\0');
        for (auto& c : k) c = static_cast<char>(byte(random));
        return k;
    };
    for (std::size_t i = 0; i < 50000; ++i) add(i % 7 == 0 ? "+3461000" + std::to_string(i % 1000) : random_key(), i);
    CHECK(flat.size() == model.size());
    for (const auto& [key, value] : model) {
        const std::size_t* found = flat.find(key);
        REQUIRE(found != nullptr);
        CHECK(*found == value);
    }
    std::size_t absent = 0;
    for (int i = 0; i < 50000; ++i) {
        const std::string key = random_key() + "#absent";
        if (model.count(key) == 0) {
            ++absent;
            CHECK(flat.find(key) == nullptr);
        }
    }
    CHECK(absent == 50000);

    flat.clear();
    CHECK(flat.size() == 0);
    CHECK(flat.find("ab") == nullptr);
    flat.emplace("ab", 7);  // usable again
    CHECK(*flat.find("ab") == 7);
}

TEST_CASE("a flat string map holds small structs as values") {
    struct First {
        std::size_t line;
        std::size_t file;
    };
    FlatStringMap<First> names;
    names.emplace("lucia garcia", First{12, 0});
    names.emplace("lucia garcia", First{40, 1});
    REQUIRE(names.find("lucia garcia") != nullptr);
    CHECK(names.find("lucia garcia")->line == 12);
    CHECK(names.find("lucia garcia")->file == 0);
    CHECK(names.find("lucia") == nullptr);
}
