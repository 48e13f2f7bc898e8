// Reads the headers of replies from an mbox file or a maildir, to find unsubscribe
// requests ("baja", "unsubscribe" in the subject). Bodies are not read.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clientela::send {

struct MailHeaders {
    std::string source;        // "file:line" of the message start (mbox) or the file (maildir)
    std::string from_address;  // the sender's address, as written
    std::string subject;       // decoded to UTF-8 (RFC 2047)
    std::string date;          // Date header as written
    std::string message_id;
};

// Messages of an mbox file (mboxrd/mboxo: each starts with a "From " line). Throws
// NotFoundError when the file cannot be opened.
std::vector<MailHeaders> read_mbox(const std::string& path);
// Messages of a maildir (files in new/ and cur/; a plain directory of message files is
// read as well). Throws NotFoundError when the directory does not exist.
std::vector<MailHeaders> read_maildir(const std::string& dir);
// Headers of one message given as text (header block up to the first empty line).
MailHeaders parse_headers(std::string_view message, const std::string& source);

// The address inside "Name <a@b>" or a bare "a@b"; empty when there is none.
std::string address_of(std::string_view from_header);

// True when the subject asks to stop messages: the words "baja", "unsubscribe",
// "darme de baja", "cancelar suscripción" ... in any case, after "Re:"/"RE:" prefixes.
bool is_unsubscribe_subject(std::string_view subject);

}  // namespace clientela::send
