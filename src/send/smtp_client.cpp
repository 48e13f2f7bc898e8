#include "send/smtp_client.hpp"

#include "core/errors.hpp"

#include "send/curl_support.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <cstring>

namespace clientela::send {

namespace {

struct Upload {
    const std::string* data = nullptr;
    std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* u = static_cast<Upload*>(user);
    const std::size_t room = size * count;
    const std::size_t n = std::min(room, u->data->size() - u->offset);
    std::memcpy(buffer, u->data->data() + u->offset, n);
    u->offset += n;
    return n;
}

// Follows the SMTP dialogue through libcurl's debug callback: the verb of each command sent
// (never its arguments after AUTH: they carry the password) and the reply that answered it.
struct Dialogue {
    std::string command;
    std::string reply;
    bool reply_complete = true;
    bool quitting = false;  // after an error libcurl says QUIT: its "221 Bye" is not the answer we keep

    int reply_code() const {
        return reply.size() >= 3 && std::isdigit(static_cast<unsigned char>(reply[0])) ? std::stoi(reply.substr(0, 3))
                                                                                        : 0;
    }
};

int on_debug(CURL*, curl_infotype type, char* data, std::size_t size, void* user) {
    auto* d = static_cast<Dialogue*>(user);
    std::string line(data, size);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    if (d->quitting) return 0;
    if (type == CURLINFO_HEADER_OUT) {
        const auto end = line.find_first_of(" :");
        std::string verb = line.substr(0, end);
        for (char& c : verb) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        if (verb == "QUIT") {
            d->quitting = true;
            return 0;
        }
        d->command = verb;
        d->reply.clear();
        d->reply_complete = true;
    } else if (type == CURLINFO_HEADER_IN) {
        if (d->reply_complete) d->reply.clear();
        d->reply += (d->reply.empty() ? "" : "\n") + line;
        // "250-..." continues a multi-line reply, "250 ..." (or "250") ends it.
        d->reply_complete = line.size() <= 3 || line[3] != '-';
    }
    return 0;
}

// What send() and check() share: the server's URL, TLS as set, the CA, the login, the
// dialogue followed through the debug callback (detached again afterwards), and the
// transfer itself (perform_transfer).
Transfer perform_smtp(CURL* curl, const SmtpSettings& s, Dialogue& dialogue) {
    const bool implicit_tls = s.security == SmtpSecurity::tls;
    const std::string url = std::string(implicit_tls ? "smtps://" : "smtp://") + s.host + ":" + std::to_string(s.port);
    long use_ssl = CURLUSESSL_NONE;
    if (s.security == SmtpSecurity::starttls || implicit_tls) use_ssl = CURLUSESSL_ALL;
    if (s.security == SmtpSecurity::starttls_if_offered) use_ssl = CURLUSESSL_TRY;
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_USE_SSL, use_ssl);
    // Only when given: libcurl's default is the system's CA bundle, which NULL would switch off.
    if (!s.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, s.ca_file.c_str());
    if (!s.user.empty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, s.user.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, s.password.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_DEBUGFUNCTION, on_debug);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, &dialogue);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 1L);
    Transfer t = perform_transfer(curl, s.timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_VERBOSE, 0L);
    curl_easy_setopt(curl, CURLOPT_DEBUGDATA, nullptr);
    return t;
}

}  // namespace

std::string_view to_string(SmtpSecurity s) {
    switch (s) {
        case SmtpSecurity::tls:
            return "tls";
        case SmtpSecurity::starttls:
            return "starttls";
        case SmtpSecurity::starttls_if_offered:
            return "starttls-if-offered";
        case SmtpSecurity::none:
            return "none";
    }
    return "starttls";
}

SmtpSecurity smtp_security_from_string(std::string_view s) {
    for (auto v : {SmtpSecurity::tls, SmtpSecurity::starttls, SmtpSecurity::starttls_if_offered, SmtpSecurity::none}) {
        if (s == to_string(v)) return v;
    }
    throw ValidationError("unknown SMTP security '" + std::string(s) +
                          "' (use tls, starttls, starttls-if-offered or none)");
}

struct SmtpClient::Impl {
    CURL* curl = nullptr;
    ~Impl() {
        if (curl) curl_easy_cleanup(curl);
    }
};

SmtpClient::SmtpClient(SmtpSettings settings) : settings_(std::move(settings)), impl_(std::make_unique<Impl>()) {
    if (settings_.host.empty()) throw ValidationError("the SMTP server is not set (clientela-cli smtp set --host ...)");
    if (settings_.port <= 0 || settings_.port > 65535) throw ValidationError("the SMTP port must be 1-65535");
    init_curl_once();
    impl_->curl = curl_easy_init();
    if (!impl_->curl) throw Error("could not start libcurl");
}

SmtpClient::~SmtpClient() = default;

ProviderReply SmtpClient::send(const std::string& from, const std::string& to, const std::string& data) {
    CURL* curl = impl_->curl;
    Upload upload{&data, 0};
    const std::string mail_from = "<" + from + ">";
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + to + ">").c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(data.size()));
    Dialogue dialogue;
    const Transfer t = perform_smtp(curl, settings_, dialogue);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, nullptr);
    curl_slist_free_all(rcpt);
    const CURLcode rc = t.code;
    const long response = t.response;
    const std::string& detail = t.detail;
    ProviderReply reply{dialogue.command, dialogue.reply};
    if (rc == CURLE_OK) return reply;

    // The whole message went out after the server's 354 and no final reply came: the server
    // may have queued it (libcurl: CURLE_RECV_ERROR, response code 354).
    const bool handed_over = dialogue.command == "DATA" && dialogue.reply_code() == 354 && upload.offset == data.size();
    if (handed_over) {
        throw SendError(SendError::Kind::unknown,
                        "SMTP " + settings_.host +
                            ": the connection was lost after the message was handed over, before the server's "
                            "reply; it may have been delivered (" +
                            detail + ", error " + std::to_string(static_cast<int>(rc)) + ", last reply " +
                            std::to_string(dialogue.reply_code()) + " to DATA)",
                        reply);
    }
    std::string message = "SMTP " + settings_.host + ": ";
    if (rc == CURLE_PEER_FAILED_VERIFICATION || rc == CURLE_SSL_CACERT_BADFILE) {
        message += "the server's TLS certificate is not trusted (" + detail +
                   "). If the shop's mail server uses its own certificate authority, give its certificate with "
                   "clientela-cli smtp set --ca-file PEM";
    } else if (!reply.text.empty() && dialogue.reply_complete) {
        message += reply.command + ": " + reply.text;
    } else {
        message += detail;
        if (response) message += " (server answered " + std::to_string(response) + ")";
    }
    // A 5xx answer to our RCPT or DATA concerns this message; everything else (no
    // connection, TLS, login refused, a refused sender, a temporary 4xx) would hit the next
    // message too.
    const bool permanent =
        response >= 500 && response < 600 && rc != CURLE_LOGIN_DENIED && dialogue.command != "MAIL";
    throw SendError(permanent ? SendError::Kind::message : SendError::Kind::transport, message, reply);
}

namespace {

std::size_t discard(char*, std::size_t size, std::size_t count, void*) {
    return size * count;
}

}  // namespace

ProviderReply SmtpClient::check() {
    CURL* curl = curl_easy_init();
    if (!curl) throw Error("could not start libcurl");
    // Without recipients libcurl sends the custom command after the login: NOOP changes nothing.
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "NOOP");
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, discard);
    Dialogue dialogue;
    const Transfer t = perform_smtp(curl, settings_, dialogue);
    curl_easy_cleanup(curl);
    const CURLcode rc = t.code;
    const std::string& detail = t.detail;
    ProviderReply reply{dialogue.command, dialogue.reply};
    if (rc == CURLE_OK) return reply;

    const std::string where = "SMTP " + settings_.host + ":" + std::to_string(settings_.port) + ": ";
    const auto fail = [&](const std::string& message, const std::string& code, std::vector<std::string> args) {
        throw SendError(SendError::Kind::transport, where + message, reply, code, std::move(args));
    };
    switch (rc) {
        case CURLE_LOGIN_DENIED:
            fail("the server refused the user name or password (" + (reply.text.empty() ? detail : reply.text) + ")",
                 "smtp.login_refused", {settings_.host, settings_.user});
            break;
        case CURLE_COULDNT_CONNECT:
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_OPERATION_TIMEDOUT:
            fail("no connection (" + detail + ")", "smtp.no_connection", {settings_.host, std::to_string(settings_.port)});
            break;
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
        case CURLE_SSL_CONNECT_ERROR:
            fail("the server's TLS certificate is not trusted or TLS failed (" + detail + ")", "smtp.certificate",
                 {settings_.host, detail});
            break;
        case CURLE_USE_SSL_FAILED:
            fail("the server does not offer STARTTLS (" + detail + ")", "smtp.no_starttls", {settings_.host});
            break;
        default:
            break;
    }
    const std::string said = !reply.text.empty() ? reply.command + ": " + reply.text : detail;
    fail("the server refused (" + said + ")", "smtp.refused", {settings_.host, said});
    return reply;  // not reached
}

}  // namespace clientela::send
