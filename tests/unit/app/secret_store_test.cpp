#include "app/secret_store.hpp"

#include "../store/temp_dir.hpp"
#include "core/errors.hpp"

#include <sys/stat.h>
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

using namespace clientela;

TEST_CASE("secrets live in a private file that survives reopening") {
    test::TempDir dir;
    const std::string path = dir.file("config/clientela/secrets");
    app::SecretStore store(path);
    CHECK_FALSE(store.get(app::kSmtpPasswordKey));
    store.set(app::kSmtpPasswordKey, "contraseña = con igual");
    store.set(app::kWhatsAppTokenKey, "EAAtoken");
    CHECK(app::SecretStore(path).get(app::kSmtpPasswordKey) == std::string("contraseña = con igual"));
    struct stat st {};
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
    REQUIRE(::stat(dir.file("config/clientela").c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    store.erase(app::kSmtpPasswordKey);
    CHECK_FALSE(app::SecretStore(path).get(app::kSmtpPasswordKey));
    CHECK(app::SecretStore(path).get(app::kWhatsAppTokenKey) == std::string("EAAtoken"));
    CHECK_THROWS_AS(store.set("x", "two\nlines"), ValidationError);
}

TEST_CASE("the default secrets file follows XDG_CONFIG_HOME") {
    const char* old = std::getenv("XDG_CONFIG_HOME");
    const std::string saved = old ? old : "";
    ::setenv("XDG_CONFIG_HOME", "/tmp/clientela-xdg", 1);
    CHECK(app::SecretStore::default_path() == "/tmp/clientela-xdg/clientela/secrets");
    if (old) {
        ::setenv("XDG_CONFIG_HOME", saved.c_str(), 1);
    } else {
        ::unsetenv("XDG_CONFIG_HOME");
    }
}

TEST_CASE("an existing secrets folder left open to others is made private again when opened") {
    test::TempDir dir;
    const std::string folder = dir.file("config/clientela");
    const std::string path = folder + "/secrets";
    REQUIRE(std::filesystem::create_directories(folder));
    { std::ofstream(path) << "smtp_password=antigua\n"; }
    REQUIRE(::chmod(folder.c_str(), 0755) == 0);
    REQUIRE(::chmod(path.c_str(), 0644) == 0);
    app::SecretStore store(path);
    CHECK(store.get(app::kSmtpPasswordKey) == std::string("antigua"));
    struct stat st {};
    REQUIRE(::stat(folder.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
    REQUIRE(::stat(path.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0600);
}

TEST_CASE("a secrets folder at 0755 with no file yet is tightened too") {
    test::TempDir dir;
    const std::string folder = dir.file("config/clientela");
    REQUIRE(std::filesystem::create_directories(folder));
    REQUIRE(::chmod(folder.c_str(), 0755) == 0);
    app::SecretStore store(folder + "/secrets");
    CHECK_FALSE(store.get(app::kSmtpPasswordKey));
    struct stat st {};
    REQUIRE(::stat(folder.c_str(), &st) == 0);
    CHECK((st.st_mode & 0777) == 0700);
}
