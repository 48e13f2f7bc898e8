// Reads the shop's mailbox over IMAP through libcurl (implicit TLS, STARTTLS or plain): which
// messages are unseen, their raw bytes, and putting their \Seen flag back so the owner's
// inbox looks untouched.
#pragma once

#include "core/errors.hpp"
#include "send/smtp_client.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace clientela::send {

// The same security choices as SMTP: tls = imaps (port 993), starttls = STARTTLS required
// (port 143), starttls_if_offered = STARTTLS when the server offers it, none = never TLS.
struct ImapSettings {
    std::string host;
    int port = 993;
    SmtpSecurity security = SmtpSecurity::tls;
    std::string user;
    std::string password;  // from the secret store, never the database; never logged
    std::string folder = "INBOX";
    std::string ca_file;  // PEM of a private certificate authority; empty = the system's
    long timeout_seconds = 60;
};

// What went wrong with the mailbox, in words the owner can act on. The password is never in
// the message.
// - connection: the server cannot be reached (refused, name unknown, timeout);
// - tls: the TLS handshake failed or the certificate is not trusted (see --ca-file), or
//   STARTTLS was required and not offered;
// - login: user or password refused;
// - folder: the folder does not exist (or cannot be opened);
// - changed: the folder's UIDVALIDITY changed since it was listed (rebuilt on the server):
//   list again;
// - message: that UID is not in the folder any more (deleted or moved meanwhile);
// - protocol: anything else the server or libcurl reported.
class MailboxError : public Error {
public:
    enum class Kind { connection, tls, login, folder, changed, message, protocol };
    MailboxError(Kind kind, const std::string& message) : Error(message), kind_(kind) {}
    // With a code and its arguments for the window's sentence (ui/messages.cpp): mailbox.
    // no_connection {host, port}, certificate {host, port}, tls {host, port}, no_starttls {host},
    // login_refused {host, user}, folder {folder, host}.
    MailboxError(Kind kind, const std::string& message, std::string code, std::vector<std::string> args)
        : Error(message, std::move(code), std::move(args)), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

// The folder's identity, its unseen messages and the ones already read since a date, by UID
// (ascending). A message is known by (folder, uidvalidity, uid): when uidvalidity changes,
// the old UIDs mean nothing.
struct MailboxListing {
    std::string folder;
    std::uint32_t uidvalidity = 0;
    std::vector<std::uint32_t> unseen;
    std::vector<std::uint32_t> read;  // \Seen, received on or after the date given (a BAJA read on the phone)
};

// "4-Dec-2026": a day as IMAP's SEARCH SINCE wants it (RFC 3501 date; months in English).
std::string imap_date(std::int64_t unix_seconds);

// The UIDs of `listing.unseen` and `listing.read` not in `known` (already processed), ascending.
std::vector<std::uint32_t> new_uids(const MailboxListing& listing, const std::set<std::uint32_t>& known);

// What Ajustes > Buzón > "Probar" tells: the folder opened, how many messages it holds and
// how many of them are unseen.
struct MailboxStatus {
    std::string folder;
    std::uint32_t uidvalidity = 0;
    std::size_t messages = 0;  // EXISTS of the SELECT answer
    std::size_t unseen = 0;
};

class ImapClient {
public:
    // Throws ValidationError for a missing host, user or a bad port.
    explicit ImapClient(ImapSettings settings);
    ~ImapClient();
    ImapClient(const ImapClient&) = delete;
    ImapClient& operator=(const ImapClient&) = delete;

    const ImapSettings& settings() const { return settings_; }

    // Opens a fresh connection, SELECTs the folder (its UIDVALIDITY comes with the answer)
    // and runs UID SEARCH UNSEEN; with `read_since` (an imap_date) also UID SEARCH SEEN SINCE,
    // for messages someone already opened (on the phone) before the shop's program saw them.
    // Changes no flag. Throws MailboxError.
    MailboxListing list_unseen(const std::string& read_since = "");

    // Connects, logs in and SELECTs the folder (then UID SEARCH UNSEEN): changes no flag and
    // fetches nothing. Throws MailboxError (connection, tls, login, folder) with a code.
    MailboxStatus check();

    // The raw message (exact bytes, CRLF as stored) of `uid` in the folder listed by the last
    // list_unseen(); libcurl fetches BODY[], which sets \Seen on the server: give the UIDs to
    // restore_unseen() afterwards, also when processing failed. Throws MailboxError (changed
    // when the folder's UIDVALIDITY is no longer the listed one, message when the UID is gone).
    std::string fetch(std::uint32_t uid);

    // UID STORE uids -FLAGS.SILENT (\Seen) in the listed folder (with its UIDVALIDITY
    // checked): the messages look unread again. No-op for an empty list. Throws MailboxError.
    void restore_unseen(const std::vector<std::uint32_t>& uids);

private:
    struct Impl;
    ImapSettings settings_;
    std::uint32_t uidvalidity_ = 0;  // of the last list_unseen()
    std::unique_ptr<Impl> impl_;
};

}  // namespace clientela::send
