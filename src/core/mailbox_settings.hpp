// Where replies are read from: the shop's mailbox over IMAP. The password is not here: it
// lives in the SecretStore, like the SMTP one.
#pragma once

#include <string>

namespace clientela {

struct MailboxSettings {
    std::string host;  // empty = no mailbox configured
    int port = 993;
    std::string security = "tls";  // tls | starttls | starttls-if-offered | none (as SMTP)
    std::string user;
    std::string folder = "INBOX";
    std::string ca_file;  // PEM of the shop's private CA (absolute path); empty = the system's
};

}  // namespace clientela
