// What a consent wording is for: the channels, purposes and legal basis its text covers,
// and the rule that decides whether a wording may be recorded for one grant.
//
// Wordings are immutable ledger rows; their scope is a correctable annotation kept beside
// them (not hashed). A scope guessed from the text (propose_scope) is marked `proposed`
// until the owner confirms or corrects it.
//
// check_wording_for(text, scope, channel, purpose, basis, shop) -- in this order:
//   1. existing_customer basis (LSSI art. 21.2) only on email and SMS, for marketing
//   2. the channel is in the wording's scope
//   3. the purpose is in the wording's scope
//   4. the basis is the wording's basis
//   5. on WhatsApp the text says WhatsApp and names the shop (WhatsApp Business opt-in
//      rules); an unset shop name cannot be checked and is left to wording_warnings
// The first problem found is returned as a code plus the values it is about, so the UI can
// say it in Spanish; describe() says it in English for the CLI.
#pragma once

#include "core/consent.hpp"
#include "core/contact.hpp"
#include "core/errors.hpp"

#include <optional>
#include <string>
#include <vector>

namespace clientela {

struct WordingScope {
    std::vector<Channel> channels;  // in all_channels() order, no repeats
    std::vector<Purpose> purposes;  // in all_purposes() order, no repeats
    LegalBasis basis = LegalBasis::consent;
    bool proposed = false;  // guessed from the text; the owner has not confirmed it
    Timestamp updated_at{};

    bool covers(Channel c) const;
    bool covers(Purpose p) const;
};

enum class ScopeProblemCode {
    basis_not_for_channel,    // existing_customer on a channel other than email/SMS (or for service)
    channel_not_in_scope,     // the wording is not for this channel
    purpose_not_in_scope,     // the wording is not for this purpose
    basis_mismatch,           // the wording is for another legal basis
    whatsapp_not_named,       // a WhatsApp grant whose text does not say WhatsApp
    shop_not_named,           // a WhatsApp grant whose text does not name the shop
    empty_scope,              // a scope with no channel or no purpose
};

struct ScopeProblem {
    ScopeProblemCode code = ScopeProblemCode::channel_not_in_scope;
    Channel channel = Channel::email;
    Purpose purpose = Purpose::marketing;
    LegalBasis basis = LegalBasis::consent;         // the basis asked for
    LegalBasis wording_basis = LegalBasis::consent; // the wording's basis (basis_mismatch)
    std::string shop_name;                          // shop_not_named
};

// English sentence for the CLI and logs.
std::string describe(const ScopeProblem& p);
std::string_view to_string(ScopeProblemCode c);

// A grant refused because the wording does not fit it. what() is describe(problem()).
class WordingScopeError : public ValidationError {
public:
    explicit WordingScopeError(ScopeProblem p) : ValidationError(describe(p)), problem_(std::move(p)) {}
    const ScopeProblem& problem() const { return problem_; }

private:
    ScopeProblem problem_;
};

// True when the basis can apply on that channel and purpose at all (existing_customer:
// marketing over email or SMS only).
bool basis_allowed(LegalBasis basis, Channel channel, Purpose purpose);

// The rule above; nullopt when the wording may be recorded for this grant.
std::optional<ScopeProblem> check_wording_for(const std::string& text, const WordingScope& scope, Channel channel,
                                              Purpose purpose, LegalBasis basis, const std::string& shop_name);

// A scope a person declares (CLI, settings dialog): at least one channel and purpose, and
// an existing_customer scope only on email/SMS for marketing. nullopt when sound.
std::optional<ScopeProblem> check_scope(const WordingScope& scope);

// Sorts and de-duplicates channels and purposes into their canonical order.
WordingScope normalised(WordingScope scope);

// A scope guessed from the text, marked proposed:
//   channels: those the text names (WhatsApp, SMS/mensaje de texto, email/correo/e-mail,
//             llamada/teléfono, correo postal/carta); none named -> email, SMS, phone call
//             and post (never WhatsApp, whose opt-in must name it);
//   basis:    existing_customer when the text speaks of customers ("cliente", "compras
//             anteriores", "productos similares") and names no channel outside email/SMS,
//             else consent; its channels are then cut to email and SMS;
//   purposes: service when the text speaks only of notices (aviso, pedido, cita, recogida,
//             reparación), marketing when only of offers (oferta, promoción, novedades,
//             publicidad, descuento, comercial), both otherwise (existing_customer: marketing).
WordingScope propose_scope(const std::string& text);

// "email,sms" <-> channels; used by the store and the CLI.
std::string channels_to_string(const std::vector<Channel>& channels);
std::vector<Channel> channels_from_string(const std::string& list);
std::string purposes_to_string(const std::vector<Purpose>& purposes);
std::vector<Purpose> purposes_from_string(const std::string& list);

}  // namespace clientela
