// An audience as a file for another tool: Mailchimp and Brevo imports, a plain CSV, and a
// vCard file of the WhatsApp Business audience (for the app's broadcast lists).
#pragma once

#include "core/contact.hpp"
#include "io/exporters_csv.hpp"

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace clientela::io {

enum class AudienceLayout { mailchimp, brevo, plain, whatsapp_vcard };

const std::vector<AudienceLayout>& all_audience_layouts();
std::string_view to_string(AudienceLayout l);                    // "mailchimp", "brevo", "plain", "whatsapp-vcard"
AudienceLayout audience_layout_from_string(std::string_view s);  // throws ValidationError

// The channels a layout can carry: mailchimp email; brevo email or sms; plain all but postal;
// whatsapp-vcard whatsapp_business. Throws ValidationError naming them otherwise.
void check_layout_channel(AudienceLayout layout, Channel channel);
// The same rule without throwing, and the layout a channel usually goes to (the tool its
// channel's owners use: mailchimp for email, the WhatsApp vCard for WhatsApp, the plain
// spreadsheet for SMS and calls).
bool layout_carries(AudienceLayout layout, Channel channel) noexcept;
AudienceLayout usual_layout(Channel channel) noexcept;

// One allowed contact. Only the identifier of the exported channel is filled in (an email
// audience does not hand the mobile number to the email tool).
struct AudienceExportRow {
    std::string contact_uuid;
    std::string display_name;
    std::string first_name;
    std::string last_name;
    std::string email;   // normalised, when channel is email
    std::string mobile;  // E.164, when channel is sms, whatsapp_business (a mobile) or phone_call (any phone)
    Channel channel = Channel::email;
    Purpose purpose = Purpose::marketing;
    std::string basis;             // consent | existing_customer | contract
    std::int64_t consent_seq = 0;  // the authorising event, 0 on the contract basis
};

// Layouts:
//   mailchimp  Email Address,First Name,Last Name          (',' always)
//   brevo      EMAIL;FIRSTNAME;LASTNAME;SMS                (';' always)
//   plain      contact_id,name,first_name,last_name,email,phone,channel,purpose,basis,consent_event
//              (options.separator)
//   whatsapp-vcard  one vCard 3.0 per contact: FN, N and the mobile as TEL;TYPE=CELL
// Names are free text (neutralised); emails and numbers are validated and written as they are.
class AudienceWriter {
public:
    AudienceWriter(std::ostream& out, AudienceLayout layout, CsvWriteOptions options);
    ~AudienceWriter();
    void write(const AudienceExportRow& row);
    std::size_t rows_written() const { return rows_; }

private:
    std::ostream& out_;
    AudienceLayout layout_;
    std::unique_ptr<CsvWriter> csv_;
    std::size_t rows_ = 0;
};

// First and last name for tools that want them split: the given/family names when the
// contact has them, else the display name split at its first space.
std::pair<std::string, std::string> split_name(const std::string& display_name, const std::string& given_name,
                                               const std::string& family_name);

}  // namespace clientela::io
