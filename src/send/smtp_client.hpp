// Hands finished messages to an SMTP server over libcurl (implicit TLS, STARTTLS or plain),
// keeping one connection open across messages of a run.
#pragma once

#include "send/send_error.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace clientela::send {

// tls: implicit TLS (smtps, port 465). starttls: STARTTLS required (port 587).
// starttls_if_offered: STARTTLS when the server offers it, else plain (a local relay, tests).
// none: never TLS.
enum class SmtpSecurity { tls, starttls, starttls_if_offered, none };
std::string_view to_string(SmtpSecurity s);
SmtpSecurity smtp_security_from_string(std::string_view s);

struct SmtpSettings {
    std::string host;
    int port = 587;
    SmtpSecurity security = SmtpSecurity::starttls;
    std::string user;      // empty = no AUTH
    std::string password;  // from the secret store, never the database
    long timeout_seconds = 60;
};

class SmtpClient {
public:
    explicit SmtpClient(SmtpSettings settings);
    ~SmtpClient();
    SmtpClient(const SmtpClient&) = delete;
    SmtpClient& operator=(const SmtpClient&) = delete;

    // Sends `data` (a full message with CRLF line ends, see build_email) from envelope
    // sender `from` to the single recipient `to`. Throws SendError: Kind::message when the
    // server refuses this recipient or message (5xx), Kind::transport when it cannot be
    // reached, TLS fails, login is refused or it answers 4xx (try the run again later).
    void send(const std::string& from, const std::string& to, const std::string& data);

private:
    struct Impl;
    SmtpSettings settings_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace clientela::send
