#include "io/atomic_file.hpp"

#include "../store/temp_dir.hpp"
#include "core/errors.hpp"

#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace clientela;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

unsigned mode_of(const std::string& path) {
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    return st.st_mode & 0777;
}

std::size_t files_in(const std::filesystem::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
    return n;
}

}  // namespace

TEST_CASE("an atomic file appears whole, private, and leaves no temporary file") {
    test::TempDir dir;
    const auto path = dir.file("export.csv");
    const auto bytes = io::write_file_atomically(path, [](std::ostream& out) { out << "a,b\r\n1,2\r\n"; });
    CHECK(bytes == 10);
    CHECK(slurp(path) == "a,b\r\n1,2\r\n");
    CHECK(mode_of(path) == 0600);
    CHECK(files_in(dir.path()) == 1);
}

TEST_CASE("replacing a file is all or nothing") {
    test::TempDir dir;
    const auto path = dir.file("export.csv");
    std::ofstream(path) << "old";
    CHECK_THROWS_AS(io::write_file_atomically(path,
                                              [](std::ostream& out) {
                                                  out << "half written";
                                                  throw Error("disk on fire");
                                              }),
                    Error);
    CHECK(slurp(path) == "old");
    CHECK(files_in(dir.path()) == 1);  // the temporary file is gone
    io::write_file_atomically(path, [](std::ostream& out) { out << "new"; });
    CHECK(slurp(path) == "new");
    CHECK(mode_of(path) == 0600);
}

TEST_CASE("a missing folder is created private: a folder is not a file") {
    test::TempDir dir;
    const auto path = (dir.path() / "exports" / "2026" / "a.json").string();
    io::write_file_atomically(path, [](std::ostream& out) { out << "{}"; });
    CHECK(slurp(path) == "{}");
    CHECK(mode_of((dir.path() / "exports").string()) == 0700);
    CHECK_THROWS_AS(io::AtomicFile(dir.path().string()), ValidationError);
    CHECK_THROWS_AS(io::AtomicFile(""), ValidationError);
}
