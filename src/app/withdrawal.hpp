// A customer asks to stop: one or several consents withdrawn together, with how they asked
// (method) and who recorded it. Shared by the detail pane's "Retirar" and "Registrar una baja".
//
// Contract:
// - The consents named are withdrawn, and with all_channels also every other channel of the
//   same purpose whose consent is granted or expired (not already withdrawn, not unknown).
// - A consent already withdrawn gets no second event. All events in one transaction.
// - The method is one of withdrawal_methods(): how the customer asked (en tienda ->
//   in_store_form, por teléfono -> phone_request, BAJA por email -> email_reply, BAJA por
//   WhatsApp -> whatsapp_reply, por escrito -> paper, formulario web -> web_form).
#pragma once

#include "app/session.hpp"
#include "core/consent.hpp"

#include <string>
#include <utility>
#include <vector>

namespace clientela::app {

struct WithdrawalRequest {
    std::string contact_ref;
    std::vector<std::pair<Channel, Purpose>> consents;
    bool all_channels = false;
    ConsentMethod method = ConsentMethod::in_store_form;
    std::string evidence;
    std::string recorded_by;  // empty: first staff name in the settings
};

// The methods a withdrawal may be asked by, in the order a dialog offers them.
const std::vector<ConsentMethod>& withdrawal_methods();

// The (channel, purpose) pairs the request would withdraw now, in channel order.
std::vector<std::pair<Channel, Purpose>> withdrawal_targets(Session& session, const WithdrawalRequest& request);

// Records them; returns the events appended (none when everything was already withdrawn).
std::vector<ConsentEvent> record_withdrawal(Session& session, const WithdrawalRequest& request);

// The customers whose email is this address (any case), oldest first.
std::vector<Contact> customers_with_email(Session& session, const std::string& address);

}  // namespace clientela::app
