#include "cli/consent_options.hpp"

#include "app/local_time.hpp"
#include "cli/validators.hpp"

namespace clientela::cli {

void add_consent_options(CLI::App* cmd, ConsentArgs& args, const std::string& id_help, bool wording_required) {
    cmd->add_option("ID", args.id, id_help)->required();
    cmd->add_option("--channel", args.channel, "email, sms, whatsapp_business, phone_call or postal")
        ->required()
        ->check(one_of_names("CHANNEL", channel_from_string));
    cmd->add_option("--purpose", args.purpose, "marketing or service")
        ->required()
        ->check(one_of_names("PURPOSE", purpose_from_string));
    cmd->add_option("--method", args.method,
                    "in_store_form, paper, web_form, email_reply, verbal_recorded, import_attested, "
                    "whatsapp_reply or phone_request (withdrawals only)")
        ->required()
        ->check(one_of_names("METHOD", consent_method_from_string));
    auto* wording = cmd->add_option("--wording", args.wording,
                                    wording_required ? "Id of the wording the customer agreed to"
                                                     : "Id of the wording the customer agreed to (required for grant)");
    if (wording_required) wording->required();
    cmd->add_option("--basis", args.basis,
                    "consent (default) or existing_customer (LSSI art. 21.2: email/SMS marketing to customers)")
        ->check(one_of_names("BASIS", legal_basis_from_string));
    cmd->add_option("--evidence", args.evidence, "Where the proof is: form number, file, recording ...");
    cmd->add_option("--at", args.at, "When the customer did it (ISO 8601; without offset: shop's local time)");
    cmd->add_option("--recorded-by", args.recorded_by, "Staff member (default: first staff name in settings)");
    cmd->add_option("--point", args.point, "Which email or number (default: the first that fits the channel)");
}

app::ConsentRequest consent_request(const ConsentArgs& args, ConsentAction action, const date::time_zone* zone) {
    app::ConsentRequest r;
    r.contact_ref = args.id;
    r.action = action;
    r.channel = channel_from_string(args.channel);
    r.purpose = purpose_from_string(args.purpose);
    r.method = consent_method_from_string(args.method);
    r.basis = legal_basis_from_string(args.basis);
    r.wording_id = args.wording;
    r.evidence = args.evidence;
    r.recorded_by = args.recorded_by;
    r.point = args.point;
    if (!args.at.empty()) r.occurred_at = app::parse_user_time(args.at, zone);
    return r;
}

}  // namespace clientela::cli
