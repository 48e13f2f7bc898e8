// The printable consent form: one A4 page with the shop's identity, the exact wordings with
// a tick box per channel, room for the customer's name, date and signature, and the form's
// reference code as text and as a QR code (libqrencode), drawn with Pango on cairo.
#pragma once

#include "core/contact.hpp"

#include <iosfwd>
#include <string>
#include <vector>

namespace clientela::io {

struct ConsentFormWording {
    std::string text;               // exactly as the customer reads it
    std::vector<Channel> channels;  // one tick box each
};

struct ConsentFormSheet {
    std::string language = "es";  // es | en: the form's own words
    std::string shop_name;
    std::string shop_address;
    std::string code;          // canonical code; shown grouped ("ABC-DEF-GH7") and in the QR code
    std::string printed_on;    // the date as the shop reads it ("4/12/2026")
    std::string customer_name;             // empty: a blank form with lines to fill in
    std::vector<std::string> customer_points;  // the emails and numbers printed for the customer
    std::vector<ConsentFormWording> wordings;
};

// The QR code of `text` as rows of modules (true = dark), quiet zone not included.
// Throws Error when libqrencode cannot encode it.
std::vector<std::vector<bool>> qr_modules(const std::string& text);

// Writes the form as a one-page PDF (fonts shrink when the wordings are long; a form that
// still does not fit throws ValidationError, code consent_form.too_long). Throws Error when
// cairo fails or for a language other than es or en.
void write_consent_form_pdf(std::ostream& out, const ConsentFormSheet& sheet);

}  // namespace clientela::io
