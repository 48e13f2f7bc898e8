// `mailbox check`: the shop's IMAP folder read the way the owner would not notice. The unseen
// messages not taken in before (by folder, UIDVALIDITY and UID) are fetched, taken in
// (mail_intake: withdrawals, confirmations, bounces, pending replies) and their \Seen flag is
// put back, also when something failed half-way.
#pragma once

#include "app/mail_intake.hpp"
#include "app/secret_store.hpp"
#include "app/session.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace clientela::app {

struct MailboxCheckReport {
    std::string server;  // "imap://host:port/FOLDER", for the owner
    std::string folder;
    std::int64_t uidvalidity = 0;
    std::size_t unseen = 0;        // unseen messages in the folder
    std::size_t read = 0;          // messages already read (on the phone ...) received since read_since
    std::int64_t read_since = 0;   // unix seconds: read messages from this day on were looked at
    std::size_t already_seen = 0;  // of unseen and read, taken in by an earlier check (not fetched)
    std::size_t fetched = 0;
    std::vector<std::string> problems;  // messages that could not be fetched (gone meanwhile)
    IntakeReport intake;
    double seconds = 0;
};

// A BAJA the owner opened on the phone before the program looked is still a BAJA: besides the
// unread messages, a check reads the ones already read that arrived since the last finished
// check (less two days), at least the last kReadMailDays days; the first check looks back
// kReadMailFirstDays days. Messages taken in before are never taken in again.
constexpr std::int64_t kReadMailDays = 14;
constexpr std::int64_t kReadMailFirstDays = 30;
// The unix time from which read messages are looked at (by the day, as IMAP's SINCE does).
std::int64_t read_mail_since(Session& session, std::int64_t now);

// Whether `mailbox set` configured a server.
bool mailbox_configured(Session& session);

// Throws send::MailboxError (connection, login, TLS, folder) or ValidationError (not set up).
// cancelled: polled between messages; what was fetched is taken in and its flags restored.
MailboxCheckReport check_mailbox(Session& session, const SecretStore& secrets,
                                 const std::function<bool()>& cancelled = {});

}  // namespace clientela::app
