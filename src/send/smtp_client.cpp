#include "send/smtp_client.hpp"

#include "core/errors.hpp"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace clientela::send {

namespace {

void init_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

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

void SmtpClient::send(const std::string& from, const std::string& to, const std::string& data) {
    CURL* curl = impl_->curl;
    const bool implicit_tls = settings_.security == SmtpSecurity::tls;
    const std::string url =
        std::string(implicit_tls ? "smtps://" : "smtp://") + settings_.host + ":" + std::to_string(settings_.port);
    long use_ssl = CURLUSESSL_NONE;
    if (settings_.security == SmtpSecurity::starttls || implicit_tls) use_ssl = CURLUSESSL_ALL;
    if (settings_.security == SmtpSecurity::starttls_if_offered) use_ssl = CURLUSESSL_TRY;

    char error_buffer[CURL_ERROR_SIZE] = {0};
    Upload upload{&data, 0};
    const std::string mail_from = "<" + from + ">";
    curl_slist* rcpt = curl_slist_append(nullptr, ("<" + to + ">").c_str());

    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_USE_SSL, use_ssl);
    if (!settings_.user.empty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, settings_.user.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, settings_.password.c_str());
    }
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, mail_from.c_str());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(data.size()));
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 20L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, settings_.timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);

    const CURLcode rc = curl_easy_perform(curl);
    long response = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, nullptr);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    curl_slist_free_all(rcpt);
    if (rc == CURLE_OK) return;

    const std::string detail = error_buffer[0] ? error_buffer : curl_easy_strerror(rc);
    std::string message = "SMTP " + settings_.host + ": " + detail;
    if (response) message += " (server answered " + std::to_string(response) + ")";
    // A 5xx answer to our RCPT or DATA concerns this message; everything else (no
    // connection, TLS, login refused, a temporary 4xx) would hit the next message too.
    const bool permanent = response >= 500 && response < 600 && rc != CURLE_LOGIN_DENIED;
    throw SendError(permanent ? SendError::Kind::message : SendError::Kind::transport, message);
}

}  // namespace clientela::send
