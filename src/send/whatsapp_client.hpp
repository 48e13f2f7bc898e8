// Sends template messages through the WhatsApp Business Platform Cloud API (the official
// API only: POST {base}/{phone_number_id}/messages), over libcurl.
#pragma once

#include "send/send_error.hpp"

#include <memory>
#include <string>
#include <vector>

namespace clientela::send {

struct WhatsAppSettings {
    std::string base_url = "https://graph.facebook.com/v21.0";
    std::string phone_number_id;  // the business phone number's id in the WhatsApp Manager
    std::string token;            // system-user access token, from the secret store
    long timeout_seconds = 30;
};

// An approved template with its language and body parameters ({{1}}, {{2}} ...).
struct TemplateMessage {
    std::string to;  // E.164, with or without '+'
    std::string name;
    std::string language = "es";
    std::vector<std::string> body_parameters;
};

// The JSON body of a template message (messaging_product, to without '+', type template,
// template name, language code, one body component with text parameters when there are any).
std::string template_request_body(const TemplateMessage& m);

// Reads the API's answer: the message id (messages[0].id) on success, else throws SendError:
// rate_limited for HTTP 429 and codes 4, 80007, 130429, 131048, 131056 (retry_after from
// the Retry-After header, 60 s when absent); transport (the run stops) for HTTP 401/403/5xx,
// token and permission errors (190, 10, 200), account problems (131031) and template
// errors (132000-132999, every message would fail alike); message for the rest (for
// example 131026, the number cannot receive it).
std::string parse_send_response(long http_status, const std::string& body, const std::string& retry_after_header);

// The business phone number as the Graph API describes it (GET {base}/{phone_number_id}):
// what Ajustes > WhatsApp Business > "Probar" shows.
struct WhatsAppNumber {
    std::string id;
    std::string display_phone_number;  // "+34 600 11 22 33"
    std::string verified_name;         // the business name Meta approved
    std::string quality_rating;        // GREEN, YELLOW, RED, UNKNOWN (may be empty)
};

// Reads the answer to that GET. Throws SendError (transport) with a code for the window:
// whatsapp.token_invalid {} (HTTP 401, error 190: expired or wrong token),
// whatsapp.unknown_number {phone_number_id} (error 100 / subcode 33: no such object or not
// reachable with this token), whatsapp.no_permission {phone_number_id} (errors 10, 200),
// whatsapp.refused {http status, the API's message} for anything else.
WhatsAppNumber parse_phone_number_response(long http_status, const std::string& body,
                                           const std::string& phone_number_id);

class WhatsAppClient {
public:
    explicit WhatsAppClient(WhatsAppSettings settings);
    ~WhatsAppClient();
    WhatsAppClient(const WhatsAppClient&) = delete;
    WhatsAppClient& operator=(const WhatsAppClient&) = delete;

    const WhatsAppSettings& settings() const { return settings_; }
    // Returns the WhatsApp message id ("wamid...."). Throws SendError (see parse_send_response).
    std::string send_template(const TemplateMessage& m);
    // A harmless authenticated request: GET {base}/{phone_number_id}?fields=display_phone_number,
    // verified_name,quality_rating. Sends nothing to anyone. Throws SendError (see
    // parse_phone_number_response; whatsapp.no_connection {url, detail} when unreachable).
    WhatsAppNumber phone_number();

private:
    struct Impl;
    WhatsAppSettings settings_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace clientela::send
