#include "io/exporters_audience.hpp"

#include "core/enum_names.hpp"
#include "core/errors.hpp"
#include "io/vcard_writer.hpp"

#include <ostream>

namespace clientela::io {
namespace {

constexpr EnumNames<AudienceLayout, 4> kLayoutNames{{{AudienceLayout::mailchimp, "mailchimp"},
                                                     {AudienceLayout::brevo, "brevo"},
                                                     {AudienceLayout::plain, "plain"},
                                                     {AudienceLayout::whatsapp_vcard, "whatsapp-vcard"}}};

std::string trim(const std::string& s) {
    const auto b = s.find_first_not_of(" \t");
    if (b == std::string::npos) return {};
    const auto e = s.find_last_not_of(" \t");
    return s.substr(b, e - b + 1);
}

}  // namespace

const std::vector<AudienceLayout>& all_audience_layouts() {
    static const std::vector<AudienceLayout> all{AudienceLayout::mailchimp, AudienceLayout::brevo,
                                                 AudienceLayout::plain, AudienceLayout::whatsapp_vcard};
    return all;
}

std::string_view to_string(AudienceLayout l) {
    return name_of(l, kLayoutNames);
}

AudienceLayout audience_layout_from_string(std::string_view s) {
    return parse_enum(s, kLayoutNames, "layout");
}

void check_layout_channel(AudienceLayout layout, Channel channel) {
    if (layout_carries(layout, channel)) return;
    switch (layout) {
        case AudienceLayout::mailchimp: throw ValidationError("the mailchimp layout is for the email channel only");
        case AudienceLayout::brevo: throw ValidationError("the brevo layout is for the email or sms channel");
        case AudienceLayout::whatsapp_vcard:
            throw ValidationError("the whatsapp-vcard layout is for the whatsapp_business channel only");
        case AudienceLayout::plain:
            throw ValidationError("postal audiences cannot be exported yet (the plain layout has no address column)");
    }
}

bool layout_carries(AudienceLayout layout, Channel channel) noexcept {
    switch (layout) {
        case AudienceLayout::mailchimp: return channel == Channel::email;
        case AudienceLayout::brevo: return channel == Channel::email || channel == Channel::sms;
        case AudienceLayout::whatsapp_vcard: return channel == Channel::whatsapp_business;
        case AudienceLayout::plain: return channel != Channel::postal;
    }
    return false;
}

AudienceLayout usual_layout(Channel channel) noexcept {
    switch (channel) {
        case Channel::email: return AudienceLayout::mailchimp;
        case Channel::whatsapp_business: return AudienceLayout::whatsapp_vcard;
        default: return AudienceLayout::plain;
    }
}

std::pair<std::string, std::string> split_name(const std::string& display_name, const std::string& given_name,
                                               const std::string& family_name) {
    if (!trim(given_name).empty() || !trim(family_name).empty()) return {trim(given_name), trim(family_name)};
    const std::string name = trim(display_name);
    const auto space = name.find(' ');
    if (space == std::string::npos) return {name, ""};
    return {name.substr(0, space), trim(name.substr(space + 1))};
}

AudienceWriter::AudienceWriter(std::ostream& out, AudienceLayout layout, CsvWriteOptions options)
    : out_(out), layout_(layout) {
    switch (layout) {
        case AudienceLayout::mailchimp:
            options.separator = ',';
            csv_ = std::make_unique<CsvWriter>(out, options);
            csv_->header({"Email Address", "First Name", "Last Name"});
            break;
        case AudienceLayout::brevo:
            options.separator = ';';
            csv_ = std::make_unique<CsvWriter>(out, options);
            csv_->header({"EMAIL", "FIRSTNAME", "LASTNAME", "SMS"});
            break;
        case AudienceLayout::plain:
            csv_ = std::make_unique<CsvWriter>(out, options);
            csv_->header({"contact_id", "name", "first_name", "last_name", "email", "phone", "channel", "purpose",
                          "basis", "consent_event"});
            break;
        case AudienceLayout::whatsapp_vcard:
            break;
    }
}

AudienceWriter::~AudienceWriter() = default;

void AudienceWriter::write(const AudienceExportRow& r) {
    switch (layout_) {
        case AudienceLayout::mailchimp:
            csv_->row({verbatim(r.email), free_text(r.first_name), free_text(r.last_name)});
            break;
        case AudienceLayout::brevo:
            csv_->row({verbatim(r.email), free_text(r.first_name), free_text(r.last_name), verbatim(r.mobile)});
            break;
        case AudienceLayout::plain: {
            const std::string seq = r.consent_seq ? std::to_string(r.consent_seq) : "";
            csv_->row({verbatim(r.contact_uuid), free_text(r.display_name), free_text(r.first_name),
                       free_text(r.last_name), verbatim(r.email), verbatim(r.mobile), verbatim(to_string(r.channel)),
                       verbatim(to_string(r.purpose)), verbatim(r.basis), verbatim(seq)});
            break;
        }
        case AudienceLayout::whatsapp_vcard: {
            RawRecord card;
            card.display_name = r.display_name;
            card.given_name = r.first_name;
            card.family_name = r.last_name;
            card.phones.push_back(RawPhone{r.mobile, "mobile", true, true});
            out_ << to_vcard(card);
            break;
        }
    }
    ++rows_;
}

}  // namespace clientela::io
