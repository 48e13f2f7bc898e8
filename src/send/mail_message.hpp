// Reading one received email (a customer's reply, a delivery report): GMime for the MIME
// structure, encoded words and charsets; libxml2's HTML parser for HTML-only replies; RFC 3464
// delivery-status fields parsed here. Everything returned is valid UTF-8 of bounded size;
// hostile input (huge headers, deep nesting, unknown charsets, binary) never crashes or hangs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clientela::send {

// One per-recipient block of a message/delivery-status part (RFC 3464 section 2.3).
struct DeliveryStatus {
    std::string final_recipient;  // the address, without its "rfc822;" type
    std::string action;           // failed | delayed | delivered | relayed | expanded (lower case)
    std::string status;           // "5.1.1"
    std::string diagnostic_code;  // as written, e.g. "smtp; 550 5.1.1 User unknown"
};

struct ParsedMail {
    std::string source;        // where it came from ("file:line", maildir path, imap://...)
    std::string from_address;  // the sender's address, as written ("" when there is none)
    std::string from_name;
    std::string subject;       // encoded words decoded
    std::string date;          // the Date header as written
    std::string message_id;    // "<id@host>" ("" when the message has none)
    std::string in_reply_to;   // "<id@host>" of the message answered ("" when none)
    std::vector<std::string> references;  // "<id@host>" each, oldest first
    std::string reply_text;    // the sender's own text above the quoted part (see reply_text_of)
    std::string body_text;     // the whole text (plain, else HTML turned into text), cut to 64 KB
    bool auto_submitted = false;  // Auto-Submitted other than "no", X-Autoreply, out-of-office subject
    bool delivery_report = false;  // multipart/report; report-type=delivery-status
    std::vector<DeliveryStatus> delivery;  // its per-recipient fields
};

// Parses one whole message (headers and body). Never throws on malformed input: what cannot
// be read stays empty. Messages over 4 MB are cut; one with more than 64 multipart or
// message/ parts is read as its headers only; parts are followed at most 16 deep.
ParsedMail parse_mail(std::string_view raw, const std::string& source);

// The sender's own text of a reply: stops at (or, when nothing came before, skips) the
// attribution line of the quote ("El ... escribió:", "On ... wrote:"), drops lines quoted
// with '>', stops at "-----Original Message-----" / "Mensaje original", an Outlook
// "De:/From:" block, and a signature after "-- ". Trimmed, valid UTF-8 whatever the input.
std::string reply_text_of(std::string_view text);

// HTML turned into text (libxml2's HTML parser, no network): blockquote, script, style and
// head are dropped, block elements end lines.
std::string html_to_text(std::string_view html);

// The per-recipient blocks of a message/delivery-status body.
std::vector<DeliveryStatus> parse_delivery_status(std::string_view body);

// The address inside "Name <a@b>" or a bare "a@b"; empty when there is none.
std::string address_of(std::string_view from_header);

// Valid UTF-8 for any bytes: kept when already valid, else read as Latin-1.
std::string to_valid_utf8(std::string_view bytes);

}  // namespace clientela::send
