// The printed consent form, from the customer's card or blank, and recording what the
// customer signed on it. Rules:
// - Printing draws a fresh code (core/form_code.hpp), stores it (unique) with the wordings,
//   channels, customer (or none: blank), time and staff member, and writes a one-page PDF
//   (0600, never over the shop's own files: app/output_guard.hpp).
// - The wordings: the newest version of each wording name asked for (all names when none);
//   each gets a tick box per channel of its scope, limited to the channels asked for.
// - Recording from a form: the code must be well typed (check character), printed here, and
//   for this customer; a blank form's code becomes bound to the customer it is first recorded
//   for. Each event must be a grant with a wording and a channel printed on the form. The
//   events' evidence reads "formulario ABC-DEF-GH7" (plus "; escaneo sha256:HEX" with a
//   scan, plus any evidence text given), and the form lists the events: paper and ledger
//   point at each other. All in one write transaction: a refusal stores nothing.
// - A scan or photo of the signed form (JPEG, PNG or PDF, at most 10 MB) is kept in the
//   database (backups and other tills have it) and deleted with the customer on erasure.
#pragma once

#include "app/consent_desk.hpp"
#include "app/session.hpp"
#include "store/consent_forms_repo.hpp"

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace clientela::app {

struct ConsentFormRequest {
    std::string contact_ref;                 // UUID or prefix; empty: a blank form
    std::vector<std::string> wording_names;  // empty: every wording name
    std::vector<Channel> channels;           // empty: every channel the wordings are for
    std::string printed_by;                  // empty: first staff name in the settings, else $USER
};

struct PrintedConsentForm {
    store::ConsentFormRow form;     // as stored (code, wordings, channels, customer, time)
    std::optional<Contact> contact;  // empty for a blank form
    std::uintmax_t bytes = 0;        // size of the PDF
};

// Stores a new form and writes its PDF to `out_path` (see the rules above). Throws
// NotFoundError (contact, wording name), ValidationError (nothing to print, code
// consent_form.nothing_to_print; wordings too long for a page) and the output guard's errors.
PrintedConsentForm print_consent_form(Session& session, const ConsentFormRequest& request,
                                      const std::string& out_path);
// The same into a stream (no file; benchmarks and previews).
PrintedConsentForm print_consent_form(Session& session, const ConsentFormRequest& request, std::ostream& out);

// What a typed code is, for the live check of a form field.
enum class FormCodeStatus {
    empty,          // nothing typed
    mistyped,       // wrong length, character or check character
    unknown,        // well typed but never printed here
    other_customer, // printed for, or already recorded for, another customer
    usable,         // printed for this customer, or blank
};
struct FormCodeCheck {
    FormCodeStatus status = FormCodeStatus::empty;
    std::string code;                          // canonical when well typed
    std::optional<store::ConsentFormRow> form;  // when printed here
};
// `contact_uuid` empty: only whether the code exists.
FormCodeCheck check_form_code(Session& session, const std::string& typed, const std::string& contact_uuid);

// A form as printed, with its wordings' texts, for `consent form-show`.
struct ConsentFormDetails {
    store::ConsentFormRow form;
    std::vector<ConsentWording> wordings;  // in print order
    std::string contact_name;              // empty when blank or erased
    std::vector<store::FormScanRow> scans;
};
// Throws ValidationError (mistyped) or NotFoundError (code consent_form.unknown).
ConsentFormDetails consent_form_details(Session& session, const std::string& typed_code);

constexpr std::size_t kMaxFormScanBytes = 10 * 1024 * 1024;

struct FormScan {
    std::string mime_type;  // image/jpeg, image/png or application/pdf
    std::string content;
};
// Reads a scan or photo file, recognised by its first bytes (not its name). Throws
// ValidationError: unreadable, empty, over kMaxFormScanBytes (consent_form.scan_too_big),
// or not JPEG/PNG/PDF (consent_form.scan_type).
FormScan read_form_scan(const std::string& path);
// The type of these bytes ("image/png"...), empty when none of the three.
std::string form_scan_type(const std::string& content);

struct FormConsentResult {
    std::string code;
    std::vector<RecordedConsent> recorded;  // in request order
    bool bound_now = false;                 // a blank form got its customer now
    std::string scan_sha256;                // empty without a scan
};

// Records the grants in one write transaction with the form as their evidence (rules above).
// Throws ValidationError (mistyped code; not a grant; wording or channel not on the form:
// consent_form.wording_not_on_form, consent_form.channel_not_on_form; scan rules),
// NotFoundError (consent_form.unknown) and ConflictError (consent_form.other_customer).
FormConsentResult record_consent_from_form(Session& session, const std::vector<ConsentRequest>& grants,
                                           const std::string& typed_code,
                                           const std::optional<FormScan>& scan = std::nullopt);

// The evidence text of an event recorded from a form.
std::string form_evidence(const std::string& code, const std::string& scan_sha256, const std::string& more);

}  // namespace clientela::app
