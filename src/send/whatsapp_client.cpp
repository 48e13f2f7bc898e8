#include "send/whatsapp_client.hpp"

#include "core/errors.hpp"

#include "send/curl_support.hpp"

#include <curl/curl.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <initializer_list>

namespace clientela::send {

namespace {

std::size_t collect_retry_after(char* data, std::size_t size, std::size_t count, void* user) {
    const std::string line(data, size * count);
    std::string lower;
    for (char c : line) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    constexpr const char* kName = "retry-after:";
    if (lower.rfind(kName, 0) == 0) {
        std::string value = line.substr(std::string(kName).size());
        value.erase(std::remove_if(value.begin(), value.end(), [](unsigned char c) { return std::isspace(c); }),
                    value.end());
        *static_cast<std::string*>(user) = value;
    }
    return size * count;
}

// The request body, read by libcurl once. Rewinding is refused: libcurl would otherwise
// resend a POST whose reused connection died before any reply, and the first one may have
// been delivered (WhatsApp has no idempotency key).
struct Body {
    const std::string* data = nullptr;
    std::size_t offset = 0;
};

std::size_t read_body(char* buffer, std::size_t size, std::size_t count, void* user) {
    auto* b = static_cast<Body*>(user);
    const std::size_t n = std::min(size * count, b->data->size() - b->offset);
    std::copy_n(b->data->data() + b->offset, n, buffer);
    b->offset += n;
    return n;
}

int refuse_rewind(void*, curl_off_t, int) { return CURL_SEEKFUNC_CANTSEEK; }

std::chrono::seconds retry_after_seconds(const std::string& header) {
    if (!header.empty() && std::all_of(header.begin(), header.end(), [](unsigned char c) { return std::isdigit(c); }) &&
        header.size() < 7) {
        return std::chrono::seconds{std::stol(header)};
    }
    return std::chrono::seconds{60};  // absent or an HTTP date: a minute is the documented pace
}

// What send_template() and phone_number() share: the token's Authorization header (and
// `extra_headers`), the answer's body collected into `answer`, and the transfer itself
// (perform_transfer), whose detail names libcurl's error number: "... (error 7)".
Transfer request(CURL* curl, const WhatsAppSettings& s, const std::string& url,
                 std::initializer_list<const char*> extra_headers, std::string& answer) {
    curl_slist* headers = curl_slist_append(nullptr, ("Authorization: Bearer " + s.token).c_str());
    for (const char* h : extra_headers) headers = curl_slist_append(headers, h);
    curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
    curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_to_string);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
    Transfer t = perform_transfer(curl, s.timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_HTTPHEADER, nullptr);
    curl_easy_setopt(curl, CURLOPT_WRITEDATA, nullptr);
    curl_slist_free_all(headers);
    t.detail += " (error " + std::to_string(static_cast<int>(t.code)) + ")";
    return t;
}

}  // namespace

std::string template_request_body(const TemplateMessage& m) {
    if (m.name.empty()) throw ValidationError("a WhatsApp template message needs the approved template's name");
    std::string to;
    for (char c : m.to) {
        if (std::isdigit(static_cast<unsigned char>(c))) to += c;
    }
    if (to.size() < 8) throw ValidationError("'" + m.to + "' is not a WhatsApp number in international form");
    nlohmann::json tpl{{"name", m.name}, {"language", {{"code", m.language.empty() ? "es" : m.language}}}};
    if (!m.body_parameters.empty()) {
        nlohmann::json params = nlohmann::json::array();
        for (const auto& p : m.body_parameters) params.push_back({{"type", "text"}, {"text", p}});
        tpl["components"] = nlohmann::json::array({{{"type", "body"}, {"parameters", params}}});
    }
    const nlohmann::json body{{"messaging_product", "whatsapp"},
                              {"recipient_type", "individual"},
                              {"to", to},
                              {"type", "template"},
                              {"template", tpl}};
    return body.dump();
}

std::string parse_send_response(long http_status, const std::string& body, const std::string& retry_after_header) {
    const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
    if (http_status >= 200 && http_status < 300) {
        if (!j.is_discarded() && j.contains("messages") && j["messages"].is_array() && !j["messages"].empty() &&
            j["messages"][0].contains("id") && j["messages"][0]["id"].is_string()) {
            return j["messages"][0]["id"].get<std::string>();
        }
        throw SendError(SendError::Kind::transport,
                        "WhatsApp answered " + std::to_string(http_status) + " without a message id");
    }
    long code = 0;
    std::string text;
    if (!j.is_discarded() && j.contains("error") && j["error"].is_object()) {
        const auto& e = j["error"];
        if (e.contains("code") && e["code"].is_number_integer()) code = e["code"].get<long>();
        if (e.contains("message") && e["message"].is_string()) text = e["message"].get<std::string>();
        if (e.contains("error_data") && e["error_data"].is_object() && e["error_data"].contains("details") &&
            e["error_data"]["details"].is_string()) {
            text += ": " + e["error_data"]["details"].get<std::string>();
        }
    }
    std::string message = "WhatsApp HTTP " + std::to_string(http_status);
    if (code) message += " (#" + std::to_string(code) + ")";
    if (!text.empty()) message += " " + text;

    const bool rate_limited =
        http_status == 429 || code == 4 || code == 80007 || code == 130429 || code == 131048 || code == 131056;
    if (rate_limited) {
        throw SendError(SendError::Kind::rate_limited, message, retry_after_seconds(retry_after_header));
    }
    const bool stops_run = http_status == 401 || http_status == 403 || http_status >= 500 || code == 190 ||
                           code == 10 || code == 200 || code == 131031 || (code >= 132000 && code < 133000);
    throw SendError(stops_run ? SendError::Kind::transport : SendError::Kind::message, message);
}

struct WhatsAppClient::Impl {
    CURL* curl = nullptr;
    ~Impl() {
        if (curl) curl_easy_cleanup(curl);
    }
};

WhatsAppClient::WhatsAppClient(WhatsAppSettings settings)
    : settings_(std::move(settings)), impl_(std::make_unique<Impl>()) {
    if (settings_.phone_number_id.empty()) {
        throw ValidationError(
            "the WhatsApp phone number id is not set (clientela-cli whatsapp set --phone-number-id ...)");
    }
    if (settings_.token.empty()) throw ValidationError("the WhatsApp access token is not set");
    while (!settings_.base_url.empty() && settings_.base_url.back() == '/') settings_.base_url.pop_back();
    init_curl_once();
    impl_->curl = curl_easy_init();
    if (!impl_->curl) throw Error("could not start libcurl");
}

WhatsAppClient::~WhatsAppClient() = default;

std::string WhatsAppClient::send_template(const TemplateMessage& m) {
    const std::string body = template_request_body(m);
    const std::string url = settings_.base_url + "/" + settings_.phone_number_id + "/messages";
    CURL* curl = impl_->curl;
    std::string answer, retry_after;
    Body upload{&body, 0};
    curl_easy_setopt(curl, CURLOPT_POST, 1L);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_body);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_SEEKFUNCTION, refuse_rewind);
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, collect_retry_after);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, &retry_after);
    // "Expect:": the body goes at once, no 100-continue.
    const Transfer t = request(curl, settings_, url, {"Content-Type: application/json", "Expect:"}, answer);
    const CURLcode rc = t.code;
    const long status = t.response;
    const std::string& detail = t.detail;
    if (rc != CURLE_OK && status == 0 && (upload.offset == body.size() || rc == CURLE_SEND_FAIL_REWIND)) {
        // The whole request went out and no reply came (the connection closed, or libcurl
        // wanted to send it again on a fresh one): it may have been delivered.
        throw SendError(SendError::Kind::unknown,
                        "WhatsApp " + url +
                            ": the request was sent but the connection was lost before the reply; it may have been "
                            "delivered: " +
                            detail,
                        ProviderReply{"POST", ""});
    }
    if (rc != CURLE_OK) {
        throw SendError(SendError::Kind::transport, "WhatsApp " + url + ": " + detail,
                        ProviderReply{"POST", status ? "HTTP " + std::to_string(status) : ""});
    }
    try {
        return parse_send_response(status, answer, retry_after);
    } catch (const SendError& e) {
        throw SendError(e.kind(), e.what(), e.retry_after(), ProviderReply{"POST", "HTTP " + std::to_string(status) + " " + answer});
    }
}

}  // namespace clientela::send

namespace clientela::send {

WhatsAppNumber parse_phone_number_response(long http_status, const std::string& body,
                                           const std::string& phone_number_id) {
    const nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
    const ProviderReply reply{"GET", "HTTP " + std::to_string(http_status) + " " + body.substr(0, 500)};
    auto text_of = [&](const nlohmann::json& o, const char* key) {
        return o.contains(key) && o[key].is_string() ? o[key].get<std::string>() : std::string();
    };
    if (http_status >= 200 && http_status < 300) {
        if (!j.is_discarded() && j.is_object() && !text_of(j, "display_phone_number").empty()) {
            WhatsAppNumber n;
            n.id = text_of(j, "id");
            n.display_phone_number = text_of(j, "display_phone_number");
            n.verified_name = text_of(j, "verified_name");
            n.quality_rating = text_of(j, "quality_rating");
            return n;
        }
        throw SendError(SendError::Kind::transport,
                        "WhatsApp answered " + std::to_string(http_status) + " without the phone number", reply,
                        "whatsapp.refused", {std::to_string(http_status), "no display_phone_number"});
    }
    long code = 0, subcode = 0;
    std::string text;
    if (!j.is_discarded() && j.is_object() && j.contains("error") && j["error"].is_object()) {
        const auto& e = j["error"];
        if (e.contains("code") && e["code"].is_number_integer()) code = e["code"].get<long>();
        if (e.contains("error_subcode") && e["error_subcode"].is_number_integer())
            subcode = e["error_subcode"].get<long>();
        text = text_of(e, "message");
    }
    std::string message = "WhatsApp HTTP " + std::to_string(http_status);
    if (code) message += " (#" + std::to_string(code) + ")";
    if (!text.empty()) message += " " + text;
    using K = SendError::Kind;
    if (http_status == 401 || code == 190) {
        throw SendError(K::transport,
                        message + ": the access token is wrong or expired (clientela-cli whatsapp set --token-stdin)",
                        reply, "whatsapp.token_invalid", {});
    }
    if ((code == 100 && subcode == 33) || http_status == 404) {
        throw SendError(K::transport,
                        message + ": the phone number id " + phone_number_id +
                            " is not one this token can see (clientela-cli whatsapp set --phone-number-id ...)",
                        reply, "whatsapp.unknown_number", {phone_number_id});
    }
    if (code == 10 || code == 200 || http_status == 403) {
        throw SendError(K::transport, message + ": the token has no permission on the number " + phone_number_id,
                        reply, "whatsapp.no_permission", {phone_number_id});
    }
    throw SendError(K::transport, message, reply, "whatsapp.refused",
                    {std::to_string(http_status), text.empty() ? std::string("-") : text});
}

WhatsAppNumber WhatsAppClient::phone_number() {
    CURL* curl = impl_->curl;
    char* id = curl_easy_escape(curl, settings_.phone_number_id.c_str(), static_cast<int>(settings_.phone_number_id.size()));
    const std::string url = settings_.base_url + "/" + (id ? id : "") +
                            "?fields=display_phone_number,verified_name,quality_rating";
    curl_free(id);
    std::string answer;
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
    curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, nullptr);
    curl_easy_setopt(curl, CURLOPT_HEADERDATA, nullptr);
    const Transfer t = request(curl, settings_, url, {}, answer);
    if (t.code != CURLE_OK) {
        throw SendError(SendError::Kind::transport, "WhatsApp " + settings_.base_url + ": " + t.detail,
                        ProviderReply{"GET", ""}, "whatsapp.no_connection", {settings_.base_url, t.detail});
    }
    return parse_phone_number_response(t.response, answer, settings_.phone_number_id);
}

}  // namespace clientela::send
