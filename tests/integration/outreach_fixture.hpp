// Shared by the outreach CLI tests: a shop database driven through the real clientela-cli,
// the messages a local SMTP sink received, the requests the WhatsApp stand-in logged.
#pragma once

#include "cli_store.hpp"
#include "local_server.hpp"
#include "process.hpp"
#include "send/mime_message.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace clientela::test::outreach {

using nlohmann::json;
namespace fs = std::filesystem;

inline const std::string kServers = CLIENTELA_TEST_SERVERS;

inline std::string first_line(const std::string& s) {
    return s.substr(0, s.find('\n'));
}

inline std::string slurp(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

// One received email: envelope and the parsed message.
struct Received {
    json envelope;
    std::string raw;
    std::map<std::string, std::string> headers;  // unfolded, raw (not decoded)
    std::string text;                            // decoded text/plain part
    std::string html;                            // decoded text/html part
};

inline Received parse_received(const fs::path& eml) {
    Received r;
    r.envelope = json::parse(slurp(fs::path(eml).replace_extension(".json")));
    r.raw = slurp(eml);
    const auto head_end = r.raw.find("\r\n\r\n");
    REQUIRE(head_end != std::string::npos);
    std::istringstream head(r.raw.substr(0, head_end + 2));
    std::string line, last;
    while (std::getline(head, line)) {
        REQUIRE(line.back() == '\r');  // CRLF on the wire
        line.pop_back();
        if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
            r.headers[last] += line;
            continue;
        }
        const auto colon = line.find(':');
        last = line.substr(0, colon);
        r.headers[last] = line.substr(colon + 2);
    }
    // The parts: "Content-Type: text/plain ... quoted-printable\r\n\r\n<body>--boundary".
    auto part = [&](const std::string& type) {
        const auto at = r.raw.find("Content-Type: " + type);
        if (at == std::string::npos) return std::string();
        REQUIRE(r.raw.find("Content-Transfer-Encoding: quoted-printable", at) != std::string::npos);
        const auto body = r.raw.find("\r\n\r\n", at) + 4;
        const auto end = r.raw.find("\r\n--=_clientela_", body);
        return clientela::send::decode_quoted_printable(r.raw.substr(body, end - body));
    };
    r.text = part("text/plain");
    r.html = part("text/html");
    return r;
}

inline std::vector<Received> received_in(const fs::path& dir) {
    std::vector<fs::path> files;
    if (fs::exists(dir)) {
        for (const auto& e : fs::directory_iterator(dir)) {
            if (e.path().extension() == ".eml") files.push_back(e.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<Received> out;
    for (const auto& f : files) out.push_back(parse_received(f));
    return out;
}

inline std::vector<json> whatsapp_requests(const fs::path& log) {
    std::vector<json> out;
    std::ifstream in(log);
    std::string line;
    while (std::getline(in, line)) out.push_back(json::parse(line));
    return out;
}

// On either store (test::cli_engines()): a SQLite file in the test's folder or a new initialised
// PostgreSQL database.
struct Shop {
    TempDir dir;
    std::string db;
    // The file backend even on a desktop with a keyring: the tests check the file.
    std::map<std::string, std::string> env{
        {"USER", "tester"}, {"XDG_CONFIG_HOME", dir.file("config")}, {"CLIENTELA_SECRET_BACKEND", "file"}};
    std::string email_wording, whatsapp_wording, customer_wording;

    ProcessResult cli(const std::vector<std::string>& args, const std::string& stdin_text = "") const {
        std::vector<std::string> argv{CLIENTELA_CLI, "--db", db};
        argv.insert(argv.end(), args.begin(), args.end());
        auto e = env;
        e["LC_ALL"] = "C";
        return clientela::test::run_process(argv, e, stdin_text);
    }
    std::string add(const std::vector<std::string>& args) const {
        std::vector<std::string> a{"add"};
        a.insert(a.end(), args.begin(), args.end());
        const auto r = cli(a);
        REQUIRE(r.exit_code == 0);
        return first_line(r.out);
    }
    std::int64_t consent(const std::string& action, const std::string& who, const std::string& channel,
                         const std::vector<std::string>& extra = {}) const {
        std::vector<std::string> a{"consent",   action,      who,        "--channel",     channel,
                                   "--purpose", "marketing", "--method", "in_store_form", "--json"};
        if (action == "grant") {
            // The wording must fit the channel and basis (issue #17): the existing-customer
            // notice for --basis existing_customer.
            const bool customer = std::find(extra.begin(), extra.end(), "existing_customer") != extra.end();
            a.push_back("--wording");
            a.push_back(customer ? customer_wording : channel == "email" ? email_wording : whatsapp_wording);
        }
        a.insert(a.end(), extra.begin(), extra.end());
        const auto r = cli(a);
        REQUIRE(r.exit_code == 0);
        return json::parse(r.out)["seq"].get<std::int64_t>();
    }

    explicit Shop(const std::string& engine) : db(clientela::test::cli_store(engine, dir)) {
        REQUIRE(cli({"settings", "set", "--shop-name", "Mercería La Aguja", "--shop-address",
                     "Calle Mayor 12, 28013 Madrid", "--unsubscribe-address", "baja@aguja.es", "--staff", "Rocío"})
                    .exit_code == 0);
        email_wording =
            first_line(cli({"wording", "add", "--text", "Acepto recibir ofertas de Mercería La Aguja por email."}).out);
        whatsapp_wording = first_line(cli({"wording", "add", "--channel", "whatsapp_business", "--name", "wa", "--text",
                                           "Acepto recibir ofertas de Mercería La Aguja por WhatsApp."})
                                          .out);
        customer_wording = first_line(cli({"wording", "add", "--name", "cliente", "--channels", "email,sms", "--basis",
                                           "existing_customer", "--text",
                                           "Como cliente de Mercería La Aguja recibirá ofertas de productos similares "
                                           "por email; puede darse de baja en cada mensaje."})
                                          .out);
    }

    void configure_smtp(int port, const std::string& rate = "600") const {
        const auto r = cli({"smtp", "set", "--host", "127.0.0.1", "--port", std::to_string(port), "--security",
                            "starttls-if-offered", "--user", "tienda", "--from", "tienda@aguja.es", "--rate", rate,
                            "--unsubscribe-url", "https://aguja.es/baja", "--password-stdin"},
                           "s3cret-Ñ\n");
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
    }
    void configure_whatsapp(int port) const {
        const auto r = cli({"whatsapp", "set", "--base-url", "http://127.0.0.1:" + std::to_string(port) + "/v21.0",
                            "--phone-number-id", "1098765432", "--token-stdin"},
                           "EAAtoken123\n");
        REQUIRE(r.exit_code == 0);
    }
    std::string create_campaign() const {
        const auto r =
            cli({"campaign",   "create",
                 "--name",     "Rebajas de otoño",
                 "--channel",  "email",
                 "--channel",  "whatsapp_business",
                 "--subject",  "¡Rebajas de otoño, {nombre_completo}!",
                 "--text",     "Hola {nombre_completo}:\nesta semana, hilos y lanas al 20 %.\n.\nMercería La Aguja",
                 "--html",     "<p>Hola {nombre_completo}: <b>hilos y lanas al 20 %</b></p>",
                 "--template", "rebajas_otono",
                 "--param",    "{nombre_completo}",
                 "--param",    "20 %"});
        REQUIRE(r.exit_code == 0);
        return first_line(r.out);
    }
};

// extra: fault options of smtp_sink.py (--drop-after-data, --data-reply, --mail-reply).
inline LocalServer smtp_server(const Shop& shop, const std::string& out, const std::vector<std::string>& extra = {}) {
    std::vector<std::string> args{"--out", out, "--user", "tienda", "--password", "s3cret-Ñ", "--reject", "rechaza"};
    args.insert(args.end(), extra.begin(), extra.end());
    return LocalServer(kServers + "/smtp_sink.py", args, shop.dir.path().string());
}


}  // namespace clientela::test::outreach
