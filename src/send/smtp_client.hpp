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
    std::string ca_file;   // PEM of a private certificate authority (CURLOPT_CAINFO); empty = the system's
    long timeout_seconds = 60;
};

class SmtpClient {
public:
    explicit SmtpClient(SmtpSettings settings);
    ~SmtpClient();
    SmtpClient(const SmtpClient&) = delete;
    SmtpClient& operator=(const SmtpClient&) = delete;

    // Sends `data` (a full message with CRLF line ends, see build_email) from envelope
    // sender `from` to the single recipient `to` and returns the server's reply to the end of
    // DATA ("250 2.0.0 Ok: queued as ..."). Throws SendError, whose reply() is the last reply
    // and the command it answered:
    // - unknown: the DATA terminator was sent and the connection was lost before the reply
    //   (libcurl: CURLE_RECV_ERROR or a timeout, last reply 354): it may have been delivered;
    // - message: a 5xx to RCPT or DATA (this recipient or message was refused);
    // - transport: a 5xx to MAIL FROM (the sender is refused: every message would be), no
    //   connection, TLS (an untrusted certificate names --ca-file), login refused, or a 4xx
    //   (try the run again later).
    // Replies and commands come from libcurl's debug callback: libcurl 7.88 hands each reply
    // line to CURLOPT_HEADERFUNCTION too, but the commands it sent only to the debug callback.
    ProviderReply send(const std::string& from, const std::string& to, const std::string& data);

    // "Probar conexión": connects, greets, does TLS or STARTTLS and AUTH as set, then NOOP;
    // sends nothing. Returns the reply to NOOP. Throws SendError (transport) with a code for
    // the window: smtp.no_connection {host, port}, smtp.login_refused {host, user},
    // smtp.certificate {host, detail}, smtp.no_starttls {host}, smtp.refused {host, reply}.
    ProviderReply check();

private:
    struct Impl;
    SmtpSettings settings_;
    std::unique_ptr<Impl> impl_;
};

}  // namespace clientela::send
