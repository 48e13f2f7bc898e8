#include "fuzz_bodies.hpp"

#include "core/email.hpp"
#include "core/errors.hpp"
#include "core/phone.hpp"
#include "io/charset.hpp"
#include "io/csv_reader.hpp"
#include "io/format.hpp"
#include "io/vcard_reader.hpp"
#include "send/mail_message.hpp"
#include "send/reply_classifier.hpp"

#include <sstream>
#include <string>
#include <string_view>

namespace clientela::fuzz {

namespace {

std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Everything a reader hands out is valid UTF-8: a broken promise here is a bug.
void require_utf8(const std::string& s) {
    if (!io::is_valid_utf8(s)) __builtin_trap();
}

void check_record(const io::RawRecord& r) {
    for (const auto* s : {&r.display_name, &r.given_name, &r.family_name, &r.organization, &r.notes, &r.uid}) {
        require_utf8(*s);
    }
    for (const auto& p : r.phones) require_utf8(p.value);
    for (const auto& e : r.emails) require_utf8(e.value);
    // A record never holds more points or categories than a contact keeps (issue #15).
    if (io::point_count(r) > io::kMaxPointsPerContact || r.categories.size() > io::kMaxCategoriesPerContact) {
        __builtin_trap();
    }
}

}  // namespace

void vcard_reader(const std::uint8_t* data, std::size_t size) {
    std::istringstream in(std::string(as_text(data, size)));
    try {
        io::VCardReader reader(in, "fuzz.vcf");
        io::RawRecord r;
        while (reader.next(r)) {
            check_record(r);
            (void)reader.take_issues();
        }
    } catch (const Error&) {
        // A readable refusal is fine; crashes and hangs are not.
    }
}

void csv_reader(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return;
    const std::uint8_t selector = data[0];
    std::string text(as_text(data + 1, size - 1));
    io::CsvOptions options;
    static const io::Format formats[] = {io::Format::auto_detect, io::Format::google_csv, io::Format::outlook_csv,
                                         io::Format::generic_csv};
    options.format = formats[selector & 3];
    static const char separators[] = {'\0', ',', ';', '\t'};
    options.separator = separators[(selector >> 2) & 3];
    if (selector & 0x10) {
        // A mapping of the first header, as --map would give it.
        const auto end = text.find_first_of(",;\t\r\n");
        static const char* fields[] = {"name", "phone", "mobile", "email", "notes", "ignore", "bogus", "given_name"};
        options.mapping[text.substr(0, end == std::string::npos ? text.size() : end)] = fields[(selector >> 5) & 7];
    }
    std::istringstream in(text);
    try {
        io::CsvReader reader(in, "fuzz.csv", options);
        io::RawRecord r;
        while (reader.next(r)) {
            check_record(r);
            (void)reader.take_issues();
        }
    } catch (const Error&) {
    }
}

void phone_normalisation(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return;
    static const char* regions[] = {"ES", "FR", "PT", "GB", "US", "DE", "IT", "MA"};
    static const PhoneNormalizer* normalizers[8] = {};
    const std::size_t which = data[0] & 7;
    if (!normalizers[which]) normalizers[which] = new PhoneNormalizer(regions[which]);
    const auto text = as_text(data + 1, size - 1);
    const PhoneInfo info = normalizers[which]->normalize(text);
    if (info.valid && (info.e164.empty() || info.e164[0] != '+')) __builtin_trap();
    // Whatever the Spanish fast path answers, libphonenumber must answer the same.
    if (const auto fast = normalizers[which]->normalize_fast(text)) {
        const PhoneInfo slow = normalizers[which]->normalize_with_libphonenumber(text);
        if (fast->raw != slow.raw || fast->e164 != slow.e164 || fast->national != slow.national ||
            fast->region != slow.region || fast->valid != slow.valid || fast->is_mobile != slow.is_mobile ||
            fast->problem != slow.problem) {
            __builtin_trap();
        }
    }
    if (info.valid) (void)PhoneNormalizer::national_part(info.e164);
    (void)PhoneNormalizer::digits_only(text);
    const EmailInfo email = normalize_email(text);
    if (email.valid) require_utf8(email.normalized);
}

void format_detection(const std::uint8_t* data, std::size_t size) {
    const auto text = as_text(data, size);
    try {
        (void)io::detect_format(text, size % 2 ? "fuzz.csv" : "fuzz.vcf");
    } catch (const Error&) {
    }
    static const char* charsets[] = {"UTF-8", "ISO-8859-1", "WINDOWS-1252", "UTF-16", "UTF-16LE", "x-unknown"};
    for (const char* cs : charsets) {
        try {
            require_utf8(io::to_utf8(text, cs));
        } catch (const Error&) {
        }
    }
    std::string out;
    (void)io::append_sanitised_utf8(text, out);
}

void mail_message(const std::uint8_t* data, std::size_t size) {
    const send::ParsedMail m = send::parse_mail(as_text(data, size), "fuzz");
    for (const auto* s : {&m.from_address, &m.from_name, &m.subject, &m.date, &m.message_id, &m.in_reply_to,
                          &m.reply_text, &m.body_text}) {
        require_utf8(*s);
    }
    for (const auto& d : m.delivery) require_utf8(d.final_recipient + d.action + d.status + d.diagnostic_code);
    (void)send::classify(m);
    require_utf8(send::reply_text_of(as_text(data, size)));  // raw text straight in
}

}  // namespace clientela::fuzz
