// Builds an RFC 5322 / MIME email as bytes: UTF-8 text and HTML (multipart/alternative,
// quoted-printable), RFC 2047 encoded headers, List-Unsubscribe (RFC 2369) and one-click
// List-Unsubscribe-Post (RFC 8058). Pure functions, so tests check them without a server.
#pragma once

#include "core/contact.hpp"

#include <string>
#include <string_view>

namespace clientela::send {

struct EmailContent {
    std::string from_address;  // shop@example.es
    std::string from_name;     // "Mercería La Aguja" (encoded when not ASCII)
    std::string to_address;
    std::string to_name;
    std::string subject;
    std::string text;                // plain text body, UTF-8, LF or CRLF line ends
    std::string html;                // optional HTML body; empty = text/plain only
    std::string message_id;          // without <>: "uuid@domain"
    std::string unsubscribe_mailto;  // address for "baja" replies; empty = none
    std::string unsubscribe_url;     // https URL for one-click; empty = none
    Timestamp date{};
};

// The full message with CRLF line ends, ready for SMTP DATA. At least one unsubscribe
// way (mailto or URL) is required (ValidationError otherwise): every commercial message
// must offer an easy opt-out (LSSI art. 21, RFC 2369). List-Unsubscribe-Post is added only
// with a URL, since RFC 8058 one-click needs an HTTPS URI to POST to.
std::string build_email(const EmailContent& c);

// "<local>@<domain of from_address>" with a random UUID local part.
std::string new_message_id(std::string_view from_address);

// Quoted-printable (RFC 2045 6.7) of UTF-8 text: CRLF line ends, soft breaks keep lines
// at most 76 characters and never split a multi-byte UTF-8 sequence.
std::string quoted_printable(std::string_view text);
// Decodes quoted-printable (soft line breaks removed).
std::string decode_quoted_printable(std::string_view text);
// A header value as RFC 2047 "=?UTF-8?B?...?=" encoded words when it is not plain ASCII,
// unchanged otherwise. Encoded words hold whole UTF-8 characters and stay under 76 chars.
std::string encode_header_words(std::string_view value);
// Decodes RFC 2047 encoded words (B and Q; UTF-8, ISO-8859-1/15 and Windows-1252 to UTF-8).
std::string decode_header_words(std::string_view value);

std::string base64_encode(std::string_view bytes);
std::string base64_decode(std::string_view text);

// "Mercería La Aguja <shop@x.es>" with the name encoded when needed.
std::string format_address(std::string_view name, std::string_view address);
// RFC 5322 date: "Wed, 25 Nov 2026 07:30:00 +0000".
std::string rfc5322_date(Timestamp t);

}  // namespace clientela::send
