#include "messages.hpp"

#include "app/importer.hpp"
#include "app/local_time.hpp"
#include "core/errors.hpp"
#include "labels.hpp"

#include <wx/intl.h>
#include <wx/msgdlg.h>
#include <wx/translation.h>

#include <functional>
#include <iostream>
#include <map>

namespace clientela::ui {

namespace {

bool g_test_mode = false;

struct KnownText {
    const char* english_part;  // a fragment that identifies the app's sentence
    wxString (*spanish)();     // its translation; a function so _() runs after the catalogue loads
};

// The sentences a shop owner meets at the counter. Keyed on fragments, because several
// carry a name or a value; the translation drops those and stays general.
const KnownText kKnown[] = {
    {"has no valid email address",
     [] { return _("The customer has no valid email address: add one before recording email consent."); }},
    {"has no valid mobile number",
     [] { return _("The customer has no valid mobile number: add one before recording SMS or WhatsApp consent."); }},
    {"has no valid phone number",
     [] { return _("The customer has no valid phone number: add one before recording phone consent."); }},
    {"has no postal address",
     [] { return _("The customer has no postal address: add one before recording postal consent."); }},
    {"consent cannot be dated after", [] { return _("Consent cannot be dated in the future."); }},
    {"dated before the customer's withdrawal",
     [] { return _("This grant is dated before the customer's withdrawal on record; collect a new grant instead."); }},
    {"a grant needs the wording", [] { return _("Choose the wording the customer agreed to."); }},
    {"say who is recording", [] { return _("Say who is recording this consent."); }},
    {"the name of who recorded it", [] { return _("The name of who records it is too long (at most 100 bytes)."); }},
    {"the evidence is too long",
     [] { return _("The evidence is too long (at most 4000 bytes); refer to a file instead."); }},
    {"existing-customer basis",
     [] { return _("The existing-customer basis (LSSI art. 21.2) only covers commercial email and SMS."); }},
    {"an attested import needs evidence",
     [] { return _("An attested import needs evidence: which batch, and who confirmed consent was collected."); }},
    {"verbal consent needs evidence", [] { return _("Verbal consent needs evidence: a reference to the recording."); }},
    {"a confirmation cannot be dated before",
     [] { return _("A confirmation cannot be dated before the grant it confirms."); }},
    {"unknown phone region", [] { return _("Unknown phone region: use a two-letter country code such as ES."); }},
    {"unknown time zone", [] { return _("Unknown time zone: use a name such as Europe/Madrid."); }},
    {"consent expiry must be between", [] { return _("Consent expiry must be between 0 (never) and 240 months."); }},
    {"shop name is longer", [] { return _("The shop name is longer than 200 characters."); }},
    {"a wording needs the text", [] { return _("A wording needs the text the customer reads."); }},
    {"a wording is limited", [] { return _("A wording is limited to 20 000 bytes."); }},
    {"is not a date-time", [] { return _("The date and time are not valid."); }},
    {"is listed twice", [] { return _("A channel is listed twice."); }},
    {"the demo shop loads only into an empty database",
     [] { return _("The demo shop loads only into an empty database."); }},
    {"does not say that the messages will come over WhatsApp",
     [] { return _("The wording does not say that the messages will come over WhatsApp."); }},
    {"The wording does not name the shop", [] { return _("The wording does not name the shop."); }},
    {"The shop name is not set",
     [] { return _("The shop name is not set, so the wording cannot be checked for it (see File > Settings)."); }},
    {"The wording is empty", [] { return _("The wording is empty."); }},
    {"not a valid phone number", [] { return _("not a valid phone number"); }},
    {"too many digits for a phone number", [] { return _("too many digits for a phone number"); }},
    {"no digits in phone number", [] { return _("no digits in the phone number"); }},
    {"already belongs to",
     [] { return _("That mobile number or email already belongs to another customer: open that customer instead."); }},
    {"the customer already has", [] { return _("The customer already has that phone, email or address."); }},
    {"the value is empty", [] { return _("Write the phone number, email or address."); }},
    {"email '", [] { return _("The email address is not valid: check it for typing mistakes."); }},
    {"database is locked", [] { return _("Another program is writing to the database; try again in a moment."); }},
    {"empty email address", [] { return _("the email address is empty"); }},
    {"email address is not valid UTF-8", [] { return _("the email address has characters that are not text"); }},
    {"email address longer than 254", [] { return _("the email address is longer than 254 characters"); }},
    {"email address has no '@'", [] { return _("the email address has no @"); }},
    {"email address needs 1 to 64", [] { return _("the email address needs 1 to 64 characters before the @"); }},
    {"has a character not allowed before",
     [] { return _("the email address has a character not allowed before the @"); }},
    {"misplaced dot before", [] { return _("the email address has a misplaced dot before the @"); }},
    {"is not a full domain", [] { return _("the part after the @ is not a full domain such as gmail.com"); }},
    {"email domain has a character", [] { return _("the part after the @ has a character that is not allowed"); }},
    {"empty phone number", [] { return _("the phone number is empty"); }},
    // The shop's PostgreSQL server (issue #19: --db, Ajustes > Base de datos; store/sql_postgres.cpp,
    // store/storage_failure.cpp, store/database.cpp)
    {"carries a password",
     [] {
         return _("The database address carries a password: leave it out and put it in the file ~/.pgpass (one line "
                  "server:port:database:login:password, readable only by you), so it is never written anywhere "
                  "else.");
     }},
    {"your database login may not do this",
     [] {
         return _("Your database login may not do this. Only the shop's manager may send campaigns, export, erase, "
                  "restore or change settings.");
     }},
    {"the database server cannot be reached",
     [] {
         return _("The database server cannot be reached: check the network and that the server is running, then try "
                  "again.");
     }},
    // libpq's own words for the encryption (Ajustes > Base de datos > Cifrado) and for a server that
    // does not answer within connect_timeout (store/sql_postgres.cpp), before the general sentence.
    {"server does not support SSL",
     [] {
         return _("The database server offers no encrypted connection: choose Encryption \"When the server offers "
                  "it\", or have SSL turned on in the server.");
     }},
    {"certificate verify failed",
     [] {
         return _("The database server's certificate could not be checked: put the certificate of whoever signed it "
                  "in the file .postgresql/root.crt of this user's home folder, and name the server as its "
                  "certificate does.");
     }},
    {"root certificate file",
     [] {
         return _("The database server's certificate could not be checked: put the certificate of whoever signed it "
                  "in the file .postgresql/root.crt of this user's home folder, and name the server as its "
                  "certificate does.");
     }},
    {"does not match host name",
     [] {
         return _("The database server's certificate could not be checked: put the certificate of whoever signed it "
                  "in the file .postgresql/root.crt of this user's home folder, and name the server as its "
                  "certificate does.");
     }},
    {"timeout expired",
     [] {
         return _("The database server did not answer within 10 seconds: check the server's name and port and that "
                  "it is running.");
     }},
    {"cannot connect to the PostgreSQL database",
     [] {
         return _("Cannot connect to the shop's database server: check the server's name and port, that it is "
                  "running, the login name, and that ~/.pgpass holds this login's password.");
     }},
    {"has no Clientela tables yet",
     [] {
         return _("The database on the server has no Clientela tables yet: the shop's owner runs clientela-cli "
                  "--db ... init once (README, Several tills).");
     }},
};

// Values of a message, with a harmless empty text for one the code did not bring (a
// format with a missing argument would assert).
struct Args {
    const std::vector<std::string>& v;
    wxString operator[](std::size_t i) const { return i < v.size() ? wxString::FromUTF8(v[i]) : wxString(); }
    long number(std::size_t i) const {
        try {
            return i < v.size() ? std::stol(v[i]) : 0;
        } catch (const std::exception&) {
            return 0;
        }
    }
};

wxString channel_word(const wxString& name) {
    try {
        return channel_label(channel_from_string(name.utf8_string()));
    } catch (const std::exception&) {
        return name;
    }
}

// An ISO UTC time of the core as the window shows times (no zone known here: UTC, said so).
wxString utc_time_text(const wxString& iso) {
    try {
        return wxString::FromUTF8(app::format_display(parse_timestamp(iso.utf8_string()), nullptr, ui_language())) +
               " UTC";
    } catch (const std::exception&) {
        return iso;
    }
}

using Maker = std::function<wxString(const Args&)>;

// Every code the app layer gives, with its sentence. Functions, so _() runs after the
// catalogue loads; the msgids are English so xgettext collects them into the .pot.
const std::map<std::string, Maker>& known_codes() {
    static const std::map<std::string, Maker> codes = {
        // Ajustes > Base de datos (app/database_choice.cpp) and a till's mailbox check
        {"database.host_missing",
         [](const Args&) { return _("Say which computer the shop's database server is on (its name or address)."); }},
        {"database.name_missing", [](const Args&) { return _("Say the name of the shop's database."); }},
        {"database.user_missing",
         [](const Args&) { return _("Say this till's login name on the database server."); }},
        {"database.bad_port", [](const Args&) { return _("The port must be a number from 1 to 65535."); }},
        {"mailbox.manager_only",
         [](const Args&) {
             return _("Only the shop's manager checks the shop's mailbox: this database login is a till's. The "
                      "manager's Clientela records the unsubscribes for every till.");
         }},
        // Campaigns (app/campaign_preview.cpp)
        {"campaign.mailbox_check_failed",
         [](const Args& a) {
             return wxString::Format(_("The shop's mailbox could not be read before sending, so nothing was sent: %s"),
                                     translate_app_text(a[0].utf8_string()));
         }},
        // Ajustes > Correo > Probar conexión (send/smtp_client.cpp)
        {"smtp.no_connection",
         [](const Args& a) {
             return wxString::Format(_("No connection to the mail server %s on port %s: check the server's name, "
                                       "the port and this computer's Internet connection."),
                                     a[0], a[1]);
         }},
        {"smtp.login_refused",
         [](const Args& a) {
             return wxString::Format(_("The mail server %s refused the user name or password (user %s): check "
                                       "the password."),
                                     a[0], a[1]);
         }},
        {"smtp.certificate",
         [](const Args& a) {
             return wxString::Format(_("The secure connection to %s failed: its certificate is not trusted or "
                                       "the security chosen does not match the port (%s)."),
                                     a[0], a[1]);
         }},
        {"smtp.no_starttls",
         [](const Args& a) {
             return wxString::Format(_("The mail server %s does not offer a secure connection (STARTTLS): "
                                       "choose another security or port."),
                                     a[0]);
         }},
        {"smtp.refused",
         [](const Args& a) { return wxString::Format(_("The mail server %s refused: %s"), a[0], a[1]); }},
        // Ajustes > Buzón > Probar (send/imap_client.cpp, app/mailbox_config.cpp)
        {"mailbox.no_connection",
         [](const Args& a) {
             return wxString::Format(_("No connection to the mailbox server %s on port %s: check the server's "
                                       "name, the port and this computer's Internet connection."),
                                     a[0], a[1]);
         }},
        {"mailbox.login_refused",
         [](const Args& a) {
             return wxString::Format(_("The mailbox server %s refused the user name or password (user %s): "
                                       "check the password."),
                                     a[0], a[1]);
         }},
        {"mailbox.certificate",
         [](const Args& a) {
             return wxString::Format(_("The secure connection to %s (port %s) failed: its certificate is not "
                                       "trusted. If the shop's server has its own certificate authority, give "
                                       "its certificate file."),
                                     a[0], a[1]);
         }},
        {"mailbox.tls",
         [](const Args& a) {
             return wxString::Format(_("The secure connection to %s failed: the security chosen does not match "
                                       "the port (%s). TLS is usually port 993, STARTTLS port 143."),
                                     a[0], a[1]);
         }},
        {"mailbox.no_starttls",
         [](const Args& a) {
             return wxString::Format(_("The mailbox server %s does not offer a secure connection (STARTTLS): "
                                       "choose another security or port."),
                                     a[0]);
         }},
        {"mailbox.folder",
         [](const Args& a) {
             return wxString::Format(_("The folder %s does not exist in the mailbox on %s: check its name."),
                                     a[0], a[1]);
         }},
        {"mailbox.failed",
         [](const Args& a) { return wxString::Format(_("The mailbox server %s failed: %s"), a[0], a[1]); }},
        {"mailbox.host_missing", [](const Args&) { return _("Type the mailbox server's name."); }},
        {"mailbox.host_invalid",
         [](const Args& a) { return wxString::Format(_("%s is not a server name (no spaces nor /)."), a[0]); }},
        {"mailbox.folder_name",
         [](const Args& a) { return wxString::Format(_("%s is not a folder name."), a[0]); }},
        {"mailbox.user_missing", [](const Args&) { return _("Type the mailbox's user name."); }},
        {"mailbox.port", [](const Args&) { return _("The port must be a number from 1 to 65535."); }},
        {"mailbox.password_missing",
         [](const Args&) { return _("Type the mailbox's password: none is stored yet."); }},
        {"mailbox.ca_file",
         [](const Args& a) {
             return wxString::Format(_("The certificate file %s cannot be read as a PEM certificate."), a[0]);
         }},
        // Ajustes > WhatsApp Business > Probar (send/whatsapp_client.cpp, app/outreach_config.cpp)
        {"whatsapp.token_invalid",
         [](const Args&) {
             return _("WhatsApp refused the access token: it is wrong or has expired. Copy a new one from the "
                      "WhatsApp Manager.");
         }},
        {"whatsapp.unknown_number",
         [](const Args& a) {
             return wxString::Format(_("WhatsApp does not know the phone number id %s, or this token cannot use "
                                       "it: check the id in the WhatsApp Manager."),
                                     a[0]);
         }},
        {"whatsapp.no_permission",
         [](const Args& a) {
             return wxString::Format(_("The access token has no permission on the phone number id %s: give "
                                       "the system user access to it in the WhatsApp Manager."),
                                     a[0]);
         }},
        {"whatsapp.no_connection",
         [](const Args& a) {
             return wxString::Format(_("No connection to WhatsApp (%s): check this computer's Internet "
                                       "connection and the API address."),
                                     a[0]);
         }},
        {"whatsapp.refused",
         [](const Args& a) { return wxString::Format(_("WhatsApp refused the request (HTTP %s): %s"), a[0], a[1]); }},
        {"whatsapp.id_missing", [](const Args&) { return _("Type the phone number id (WhatsApp Manager)."); }},
        {"whatsapp.token_missing",
         [](const Args&) { return _("Type the access token: none is stored yet."); }},
        {"whatsapp.base_url",
         [](const Args& a) {
             return wxString::Format(_("The API address %s must start with https://."), a[0]);
         }},
        // Consent (core/consent.cpp, app/consent_desk.cpp)
        // Printed consent forms (core/form_code.cpp, app/consent_forms.cpp)
        {"consent_form.code_empty", [](const Args&) { return _("Type the code printed on the consent form."); }},
        {"consent_form.code_length",
         [](const Args& a) {
             return wxString::Format(_("%s is not a form code: a code has 9 characters, like ABC-DEF-GH7."), a[0]);
         }},
        {"consent_form.code_character",
         [](const Args& a) {
             return wxString::Format(_("%s is not a form code: codes have no 0, O, 1, I or Z."), a[0]);
         }},
        {"consent_form.code_check",
         [](const Args& a) {
             return wxString::Format(_("The code %s is mistyped: its last character does not match. Check it on the "
                                       "paper."),
                                     a[0]);
         }},
        {"consent_form.unknown",
         [](const Args& a) {
             return wxString::Format(_("No consent form with code %s was printed here. Check the code on the paper."),
                                     a[0]);
         }},
        {"consent_form.other_customer",
         [](const Args& a) {
             return wxString::Format(_("The consent form %s belongs to %s, not to %s."), a[0], a[1], a[2]);
         }},
        {"consent_form.wording_not_on_form",
         [](const Args& a) {
             return wxString::Format(_("The wording chosen is not printed on the form %s."), a[1]);
         }},
        {"consent_form.channel_not_on_form",
         [](const Args& a) {
             return wxString::Format(_("The form %s has no tick box for %s."), a[1], channel_word(a[0]));
         }},
        {"consent_form.not_a_grant", [](const Args&) { return _("A signed consent form records grants."); }},
        {"consent_form.nothing_to_print",
         [](const Args&) { return _("There is no wording to print. Add one in Settings, Consent wordings."); }},
        {"consent_form.no_such_wording",
         [](const Args& a) { return wxString::Format(_("There is no wording named %s."), a[0]); }},
        {"consent_form.too_long",
         [](const Args&) { return _("The wordings are too long for one page: print fewer on each form."); }},
        {"consent_form.scan_too_big",
         [](const Args&) { return _("The scan is larger than 10 MB: scan it at a lower resolution."); }},
        {"consent_form.scan_type", [](const Args&) { return _("The scan must be a JPEG, PNG or PDF file."); }},
        {"consent_form.scan_unreadable", [](const Args& a) { return wxString::Format(_("Cannot read %s."), a[0]); }},
        {"consent.recorded_by_missing", [](const Args&) { return _("Say who is recording this consent."); }},
        {"consent.recorded_by_too_long",
         [](const Args& a) {
             return wxString::Format(_("The name of who records it is too long (at most %s bytes)."), a[0]);
         }},
        {"consent.evidence_too_long",
         [](const Args& a) {
             return wxString::Format(_("The evidence is too long (at most %s bytes); refer to a file instead."), a[0]);
         }},
        {"consent.future_date", [](const Args&) { return _("Consent cannot be dated in the future."); }},
        {"consent.wording_missing", [](const Args&) { return _("Choose the wording the customer agreed to."); }},
        {"consent.existing_customer_scope",
         [](const Args&) {
             return _("The existing-customer basis (LSSI art. 21.2) only covers commercial email and SMS.");
         }},
        {"consent.import_evidence_missing",
         [](const Args&) {
             return _("An attested import needs evidence: which batch, and who confirmed consent was collected.");
         }},
        {"consent.verbal_evidence_missing",
         [](const Args&) { return _("Verbal consent needs evidence: a reference to the recording."); }},
        {"consent.grant_before_withdrawal",
         [](const Args& a) {
             return wxString::Format(_("This grant is dated before the customer's withdrawal on %s; collect a new "
                                       "grant instead."),
                                     utc_time_text(a[0]));
         }},
        {"consent.confirm_before_grant",
         [](const Args&) { return _("A confirmation cannot be dated before the grant it confirms."); }},
        {"consent.point_not_found",
         [](const Args& a) {
             return wxString::Format(_("%s has no %s contact point %s."), a[0], channel_word(a[1]), a[2]);
         }},
        {"consent.point_missing",
         [](const Args& a) {
             const wxString ch = a[1];
             if (ch == "email") {
                 return wxString::Format(_("%s has no valid email address: add one before recording email consent."),
                                         a[0]);
             }
             if (ch == "sms" || ch == "whatsapp_business") {
                 return wxString::Format(
                     _("%s has no valid mobile number: add one before recording SMS or WhatsApp consent."), a[0]);
             }
             if (ch == "phone_call") {
                 return wxString::Format(_("%s has no valid phone number: add one before recording phone consent."),
                                         a[0]);
             }
             return wxString::Format(_("%s has no postal address: add one before recording postal consent."), a[0]);
         }},
        {"new_customer.readmit_needed",
         [](const Args& a) {
             return wxString::Format(_("%s asked for no more messages on %s: saving with the customer's signature "
                                       "readmits them; confirm it."),
                                     a[0], a[1]);
         }},
        {"new_customer.wording_missing",
         [](const Args& a) {
             return wxString::Format(_("Choose the text the customer agrees to for %s."), channel_word(a[0]));
         }},
        {"preferences.channel_twice",
         [](const Args& a) { return wxString::Format(_("%s is listed twice."), channel_word(a[0])); }},
        // Contact details (app/contact_points.cpp, app/session.cpp, store/contacts_repo.cpp)
        {"point.empty", [](const Args&) { return _("Write the phone number, email or address."); }},
        {"point.too_long",
         [](const Args& a) { return wxString::Format(_("The value is longer than %s characters."), a[0]); }},
        {"email.invalid",
         [](const Args& a) {
             return wxString::Format(_("The email address %s is not valid: %s."), a[0],
                                     translate_app_text(a[1].utf8_string()));
         }},
        {"point.already_has", [](const Args& a) { return wxString::Format(_("The customer already has %s."), a[0]); }},
        {"point.email_taken",
         [](const Args& a) {
             return wxString::Format(_("The email %s already belongs to %s: open that customer instead."), a[0], a[1]);
         }},
        {"point.mobile_taken",
         [](const Args& a) {
             return wxString::Format(_("The mobile number %s already belongs to %s: open that customer instead."), a[0],
                                     a[1]);
         }},
        {"contact.name_invisible",
         [](const Args&) {
             return _(
                 "The name has only invisible characters (such as zero-width spaces): type a name with letters "
                 "or digits.");
         }},
        {"contact.name_missing", [](const Args&) { return _("A customer needs a name."); }},
        {"contact.name_too_long",
         [](const Args& a) { return wxString::Format(_("The name is longer than %s characters."), a[0]); }},
        {"contact.note_too_long",
         [](const Args& a) { return wxString::Format(_("The note is longer than %s characters."), a[0]); }},
        // Settings, times, wordings, demo
        {"settings.unknown_time_zone",
         [](const Args& a) {
             return wxString::Format(_("Unknown time zone %s: choose one from the list, such as Europe/Madrid."), a[0]);
         }},
        {"settings.unknown_region",
         [](const Args& a) {
             return wxString::Format(_("Unknown phone region %s: choose a country from the list, such as Spain (ES)."),
                                     a[0]);
         }},
        {"settings.expiry_range",
         [](const Args& a) {
             return wxString::Format(_("Consent expiry must be between 0 (never) and %s months."), a[0]);
         }},
        {"settings.shop_name_too_long",
         [](const Args& a) { return wxString::Format(_("The shop name is longer than %s characters."), a[0]); }},
        {"time.not_a_date",
         [](const Args& a) { return wxString::Format(_("%s is not a valid date and time."), a[0]); }},
        {"wording.empty", [](const Args&) { return _("A wording needs the text the customer reads."); }},
        {"wording.too_long",
         [](const Args& a) { return wxString::Format(_("A wording is limited to %s bytes."), a[0]); }},
        {"demo.not_empty", [](const Args&) { return _("The demo shop loads only into an empty database."); }},
        // Import problems (app/importer.cpp)
        {"import.invalid_phone",
         [](const Args& a) {
             return wxString::Format(_("Phone %s kept as written and marked not valid: %s."), a[0],
                                     translate_app_text(a[1].utf8_string()));
         }},
        {"import.invalid_email",
         [](const Args& a) {
             return wxString::Format(_("Email %s kept as written and marked not valid: %s."), a[0],
                                     translate_app_text(a[1].utf8_string()));
         }},
        {"import.too_many_points",
         [](const Args& a) {
             return wxString::Format(wxPLURAL("%s phone, email or address beyond the %s a customer keeps was left "
                                              "out.",
                                              "%s phones, emails or addresses beyond the %s a customer keeps were "
                                              "left out.",
                                              a.number(0)),
                                     a[0], a[1]);
         }},
        {"import.too_many_categories",
         [](const Args& a) {
             return wxString::Format(wxPLURAL("%s group beyond the first %s was left out.",
                                              "%s groups beyond the first %s were left out.", a.number(0)),
                                     a[0], a[1]);
         }},
        {"import.nothing_usable", [](const Args&) { return _("No name, phone or email: left out."); }},
        {"import.nothing_left",
         [](const Args&) { return _("Nothing left to import once the other person's mobile or email is left out."); }},
        {"import.suppressed",
         [](const Args& a) {
             return wxString::Format(_("Left out: %s belongs to a person who was erased or objected."), a[0]);
         }},
        {"import.conflict_email",
         [](const Args& a) {
             return wxString::Format(_("%s has the email %s of %s, but the names do not look like the same person: "
                                       "comes in as a separate customer without it."),
                                     a[0], a[1], a[2]);
         }},
        {"import.conflict_mobile",
         [](const Args& a) {
             return wxString::Format(_("%s has the mobile %s of %s, but the names do not look like the same person: "
                                       "comes in as a separate customer without it."),
                                     a[0], a[1], a[2]);
         }},
        {"import.repeated_email",
         [](const Args& a) { return wxString::Format(_("Same email as line %s of %s: joined to it."), a[0], a[1]); }},
        {"import.repeated_mobile",
         [](const Args& a) { return wxString::Format(_("Same mobile as line %s of %s: joined to it."), a[0], a[1]); }},
        {"import.merged_email",
         [](const Args& a) {
             return wxString::Format(_("Same email as %s, already a customer: missing details added, consent "
                                       "untouched."),
                                     a[0]);
         }},
        {"import.merged_mobile",
         [](const Args& a) {
             return wxString::Format(_("Same mobile as %s, already a customer: missing details added, consent "
                                       "untouched."),
                                     a[0]);
         }},
        {"import.not_moved",
         [](const Args& a) { return wxString::Format(_("%s belongs to %s: not moved."), a[0], a[1]); }},
        {"import.same_name_line",
         [](const Args& a) {
             return wxString::Format(_("Same name as line %s of %s but different numbers: not joined."), a[0], a[1]);
         }},
        {"import.same_name_customer",
         [](const Args& a) {
             return wxString::Format(_("Same name as the customer %s but different numbers: not joined."), a[0]);
         }},
        {"import.name_invisible",
         [](const Args&) { return _("The name has only invisible characters and nothing else names this contact."); }},
        {"import.name_invisible_renamed",
         [](const Args& a) {
             return wxString::Format(_("The name has only invisible characters: named %s instead."), a[0]);
         }},
        {"import.name_cleaned",
         [](const Args& a) {
             return wxString::Format(wxPLURAL("%s control or text-direction character taken out of the name, now %s.",
                                              "%s control or text-direction characters taken out of the name, now "
                                              "%s.",
                                              a.number(0)),
                                     a[0], a[1]);
         }},
        // Reading the file (io/*_reader.cpp, io/text_source.cpp)
        {"read.row_empty", [](const Args&) { return _("The row has no name, phone or email: left out."); }},
        {"read.card_empty", [](const Args&) { return _("The card has no name, phone or email: left out."); }},
        {"read.record_too_long",
         [](const Args&) {
             return _("The record is longer than 1 MiB, probably because a quote is not closed: left out.");
         }},
        {"read.quote_not_closed",
         [](const Args&) { return _("A quoted field is not closed before the end of the file: read to the end."); }},
        {"read.bad_utf16",
         [](const Args&) { return _("The text has characters that cannot be read; they were replaced."); }},
        {"read.line_too_long",
         [](const Args& a) {
             return wxString::Format(_("The line is %s long, more than the %s a line may have: left out."), a[0], a[1]);
         }},
        {"read.windows_1252",
         [](const Args&) { return _("The text is not UTF-8; it was read as Windows-1252 (check the accents)."); }},
        {"read.unknown_charset",
         [](const Args& a) {
             return wxString::Format(_("Unknown character set %s; its values were read as UTF-8 or Windows-1252."),
                                     a[0]);
         }},
        {"read.outside_card",
         [](const Args& a) {
             return wxString::Format(_("Lines %s to %s are outside any card: ignored."), a[0], a[1]);
         }},
        {"read.not_a_property",
         [](const Args& a) {
             return wxString::Format(_("Lines %s to %s of the card are not contact data: ignored."), a[0], a[1]);
         }},
        {"read.card_not_ended", [](const Args&) { return _("The card has no END:VCARD line; it was read anyway."); }},
        {"read.value_too_long",
         [](const Args& a) { return wxString::Format(_("A %s value longer than 1 MiB: left out."), a[0]); }},
    };
    return codes;
}

void print_for_test(const char* kind, const wxString& title, const wxString& text) {
    wxString flat = text;
    flat.Replace("\n", " | ");
    std::cout << "ui-test " << kind << " title=" << title.utf8_string() << " text=" << flat.utf8_string() << std::endl;
}

}  // namespace

void set_test_mode(bool on) {
    g_test_mode = on;
}
bool in_test_mode() {
    return g_test_mode;
}

wxString translate_app_text(const std::string& english) {
    for (const auto& k : kKnown) {
        if (english.find(k.english_part) != std::string::npos) return k.spanish();
    }
    return wxString::FromUTF8(english);
}

wxString message_text(const std::string& code, const std::vector<std::string>& args, const std::string& english) {
    if (!code.empty()) {
        const auto& codes = known_codes();
        if (const auto it = codes.find(code); it != codes.end()) return it->second(Args{args});
    }
    return translate_app_text(english);
}

std::vector<std::string> known_message_codes() {
    std::vector<std::string> out;
    for (const auto& [code, make] : known_codes()) out.push_back(code);
    return out;
}

wxString error_text(const std::exception& e) {
    if (const auto* error = dynamic_cast<const Error*>(&e)) return message_text(error->code(), error->args(), e.what());
    return translate_app_text(e.what());
}

wxString import_issue_text(const app::ImportIssue& issue) {
    return message_text(issue.code, issue.args, issue.message);
}

wxString import_summary_text(const app::ImportReport& r) {
    const auto n = [](std::int64_t v) { return wxString::Format("%lld", static_cast<long long>(v)); };
    const auto count = [](std::int64_t v) {
        return static_cast<unsigned>(v < 0 ? 0 : v > 1000000000 ? 1000000000 : v);
    };
    wxString text =
        wxString::Format(wxPLURAL("%s record read:", "%s records read:", count(r.records_read)), n(r.records_read));
    wxArrayString parts;
    parts.Add(wxString::Format(wxPLURAL("%s new", "%s new", count(r.contacts_created)), n(r.contacts_created)));
    parts.Add(wxString::Format(wxPLURAL("%s already a customer", "%s already customers", count(r.contacts_merged)),
                               n(r.contacts_merged)));
    parts.Add(
        wxString::Format(wxPLURAL("%s repeated in the file", "%s repeated in the file", count(r.duplicates_in_file)),
                         n(r.duplicates_in_file)));
    parts.Add(wxString::Format(wxPLURAL("%s invalid phone", "%s invalid phones", count(r.invalid_phones)),
                               n(r.invalid_phones)));
    parts.Add(wxString::Format(wxPLURAL("%s left out", "%s left out", count(r.skipped)), n(r.skipped)));
    parts.Add(wxString::Format(wxPLURAL("%s erased person left out", "%s erased people left out", count(r.suppressed)),
                               n(r.suppressed)));
    for (std::size_t i = 0; i < parts.size(); ++i) text += (i == 0 ? " " : ", ") + parts[i];
    return text + ".";
}

wxString import_done_text(const app::ImportReport& r) {
    const auto n = [](std::int64_t v) { return wxString::Format("%lld", static_cast<long long>(v)); };
    const auto count = [](std::int64_t v) {
        return static_cast<unsigned>(v < 0 ? 0 : v > 1000000000 ? 1000000000 : v);
    };
    return wxString::Format(
        _("Imported: %s, %s."),
        wxString::Format(wxPLURAL("%s new customer", "%s new customers", count(r.contacts_created)),
                         n(r.contacts_created)),
        wxString::Format(wxPLURAL("%s updated", "%s updated", count(r.contacts_merged)), n(r.contacts_merged)));
}

std::string ui_language() {
    wxTranslations* t = wxTranslations::Get();
    if (!t) return "en";
    const wxString lang = t->GetBestTranslation("clientela");
    return lang.StartsWith("es") ? "es" : "en";
}

void show_error(wxWindow* parent, const wxString& title, const std::exception& e) {
    const wxString text = error_text(e);
    if (g_test_mode) {
        print_for_test("error", title, text);
        return;
    }
    wxMessageBox(text, title, wxOK | wxICON_WARNING, parent);
}

void show_warnings(wxWindow* parent, const wxString& title, const wxString& intro,
                   const std::vector<std::string>& warnings) {
    if (warnings.empty()) return;
    wxString text = intro;
    for (const auto& w : warnings) text += "\n\n" + wxString::FromUTF8("• ") + translate_app_text(w);
    if (g_test_mode) {
        print_for_test("warning", title, text);
        return;
    }
    wxMessageBox(text, title, wxOK | wxICON_WARNING, parent);
}

void show_problem(wxWindow* parent, const wxString& title, const wxString& text) {
    if (g_test_mode) {
        print_for_test("problem", title, text);
        return;
    }
    wxMessageBox(text, title, wxOK | wxICON_WARNING, parent);
}

void show_info(wxWindow* parent, const wxString& title, const wxString& text) {
    if (g_test_mode) {
        print_for_test("info", title, text);
        return;
    }
    wxMessageBox(text, title, wxOK | wxICON_INFORMATION, parent);
}

bool ask_yes_no(wxWindow* parent, const wxString& title, const wxString& question) {
    if (g_test_mode) {
        print_for_test("question", title, question);
        return true;
    }
    wxMessageDialog dlg(parent, question, title, wxYES_NO | wxNO_DEFAULT | wxICON_QUESTION);
    return dlg.ShowModal() == wxID_YES;
}

}  // namespace clientela::ui
