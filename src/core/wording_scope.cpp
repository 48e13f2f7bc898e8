#include "core/wording_scope.hpp"

#include "core/enum_names.hpp"

#include <algorithm>

namespace clientela {

namespace {

bool has(const std::vector<std::string>& words, std::string_view w) {
    return std::find(words.begin(), words.end(), w) != words.end();
}

bool has_prefix(const std::vector<std::string>& words, std::string_view prefix) {
    return std::any_of(words.begin(), words.end(),
                       [&](const std::string& w) { return w.compare(0, prefix.size(), prefix) == 0; });
}

bool has_pair(const std::vector<std::string>& words, std::string_view a, std::string_view b) {
    for (std::size_t i = 0; i + 1 < words.size(); ++i) {
        if (words[i] == a && words[i + 1] == b) return true;
    }
    return false;
}

template <typename T>
void add_once(std::vector<T>& v, T x) {
    if (std::find(v.begin(), v.end(), x) == v.end()) v.push_back(x);
}

std::vector<std::string> split_list(const std::string& list) {
    std::vector<std::string> out;
    std::string current;
    for (char c : list + ",") {
        if (c == ',' || c == ' ') {
            if (!current.empty()) out.push_back(current);
            current.clear();
        } else {
            current.push_back(c);
        }
    }
    return out;
}

}  // namespace

bool WordingScope::covers(Channel c) const {
    return std::find(channels.begin(), channels.end(), c) != channels.end();
}

bool WordingScope::covers(Purpose p) const {
    return std::find(purposes.begin(), purposes.end(), p) != purposes.end();
}

std::string_view to_string(ScopeProblemCode c) {
    switch (c) {
        case ScopeProblemCode::basis_not_for_channel: return "basis_not_for_channel";
        case ScopeProblemCode::channel_not_in_scope: return "channel_not_in_scope";
        case ScopeProblemCode::purpose_not_in_scope: return "purpose_not_in_scope";
        case ScopeProblemCode::basis_mismatch: return "basis_mismatch";
        case ScopeProblemCode::whatsapp_not_named: return "whatsapp_not_named";
        case ScopeProblemCode::shop_not_named: return "shop_not_named";
        case ScopeProblemCode::empty_scope: return "empty_scope";
    }
    return "?";
}

std::string describe(const ScopeProblem& p) {
    const std::string channel(to_string(p.channel));
    const std::string purpose(to_string(p.purpose));
    switch (p.code) {
        case ScopeProblemCode::basis_not_for_channel:
            return "the existing-customer basis (LSSI art. 21.2) covers only marketing by email and SMS, not " +
                   channel + "/" + purpose;
        case ScopeProblemCode::channel_not_in_scope:
            return "this wording is not for " + channel + ": choose a wording whose scope includes " + channel +
                   " (see `wording list`, correct it with `wording scope`)";
        case ScopeProblemCode::purpose_not_in_scope:
            return "this wording is not for " + purpose + " messages: choose a wording for " + purpose;
        case ScopeProblemCode::basis_mismatch:
            return "this wording is for the " + std::string(to_string(p.wording_basis)) + " basis, not " +
                   std::string(to_string(p.basis));
        case ScopeProblemCode::whatsapp_not_named:
            return "a WhatsApp opt-in must say that the messages come over WhatsApp, and this wording does not";
        case ScopeProblemCode::shop_not_named:
            return "a WhatsApp opt-in must name the shop (\"" + p.shop_name + "\"), and this wording does not";
        case ScopeProblemCode::empty_scope:
            return "a wording's scope needs at least one channel and one purpose";
    }
    return "the wording does not fit this consent";
}

bool basis_allowed(LegalBasis basis, Channel channel, Purpose purpose) {
    if (basis == LegalBasis::consent) return true;
    return purpose == Purpose::marketing && (channel == Channel::email || channel == Channel::sms);
}

std::optional<ScopeProblem> check_wording_for(const std::string& text, const WordingScope& scope, Channel channel,
                                              Purpose purpose, LegalBasis basis, const std::string& shop_name) {
    ScopeProblem p;
    p.channel = channel;
    p.purpose = purpose;
    p.basis = basis;
    p.wording_basis = scope.basis;
    p.shop_name = shop_name;
    auto problem = [&](ScopeProblemCode code) {
        p.code = code;
        return std::optional<ScopeProblem>(p);
    };
    if (!basis_allowed(basis, channel, purpose)) return problem(ScopeProblemCode::basis_not_for_channel);
    if (!scope.covers(channel)) return problem(ScopeProblemCode::channel_not_in_scope);
    if (!scope.covers(purpose)) return problem(ScopeProblemCode::purpose_not_in_scope);
    if (scope.basis != basis) return problem(ScopeProblemCode::basis_mismatch);
    if (channel == Channel::whatsapp_business) {
        if (!wording_says_whatsapp(text)) return problem(ScopeProblemCode::whatsapp_not_named);
        if (!wording_words(shop_name).empty() && !wording_names_shop(text, shop_name)) {
            return problem(ScopeProblemCode::shop_not_named);
        }
    }
    return std::nullopt;
}

std::optional<ScopeProblem> check_scope(const WordingScope& scope) {
    ScopeProblem p;
    p.basis = scope.basis;
    p.wording_basis = scope.basis;
    if (scope.channels.empty() || scope.purposes.empty()) {
        p.code = ScopeProblemCode::empty_scope;
        return p;
    }
    for (Channel c : scope.channels) {
        for (Purpose pu : scope.purposes) {
            if (!basis_allowed(scope.basis, c, pu)) {
                p.code = ScopeProblemCode::basis_not_for_channel;
                p.channel = c;
                p.purpose = pu;
                return p;
            }
        }
    }
    return std::nullopt;
}

WordingScope normalised(WordingScope scope) {
    std::vector<Channel> channels;
    for (Channel c : all_channels()) {
        if (scope.covers(c)) channels.push_back(c);
    }
    std::vector<Purpose> purposes;
    for (Purpose p : all_purposes()) {
        if (scope.covers(p)) purposes.push_back(p);
    }
    scope.channels = std::move(channels);
    scope.purposes = std::move(purposes);
    return scope;
}

WordingScope propose_scope(const std::string& text) {
    const std::vector<std::string> w = wording_words(text);
    WordingScope s;
    s.proposed = true;

    const bool postal = has_pair(w, "correo", "postal") || has(w, "carta") || has(w, "cartas");
    const bool email = has(w, "email") || has(w, "emails") || has_pair(w, "e", "mail") || has(w, "mail") ||
                       has(w, "electronico") || has(w, "correos") ||
                       (has(w, "correo") && !has_pair(w, "correo", "postal"));
    const bool sms = has(w, "sms") || (has(w, "texto") && has_prefix(w, "mensaje"));
    if (email) add_once(s.channels, Channel::email);
    if (sms) add_once(s.channels, Channel::sms);
    if (wording_says_whatsapp(text)) add_once(s.channels, Channel::whatsapp_business);
    if (has_prefix(w, "llamad") || has(w, "llamar") || has(w, "llamarme") || has(w, "telefonicamente")) {
        add_once(s.channels, Channel::phone_call);
    }
    if (postal) add_once(s.channels, Channel::postal);
    const bool named_any = !s.channels.empty();
    if (!named_any) s.channels = {Channel::email, Channel::sms, Channel::phone_call, Channel::postal};

    // LSSI art. 21.2 phrasing: told as a customer, about products like those bought, no request.
    const bool customer_words = has(w, "cliente") || has(w, "clientes") || has(w, "similares") ||
                                has(w, "comprado") || has_pair(w, "compra", "previa");
    const bool asks = has(w, "acepto") || has(w, "quiero") || has(w, "consiento") || has(w, "autorizo") ||
                      has(w, "deseo") || has(w, "si");
    const bool only_email_sms = std::all_of(s.channels.begin(), s.channels.end(), [](Channel c) {
        return c == Channel::email || c == Channel::sms;
    });
    if (customer_words && !asks && (only_email_sms || !named_any)) {
        s.basis = LegalBasis::existing_customer;
        std::vector<Channel> kept;
        for (Channel c : s.channels) {
            if (c == Channel::email || c == Channel::sms) kept.push_back(c);
        }
        s.channels = kept;
        s.purposes = {Purpose::marketing};
        return normalised(s);
    }

    const bool offers = has_prefix(w, "oferta") || has_prefix(w, "promoci") || has_prefix(w, "novedad") ||
                        has(w, "publicidad") || has_prefix(w, "descuento") || has_prefix(w, "comercial") ||
                        has(w, "rebajas") || has_prefix(w, "boletin");
    const bool notices = has_prefix(w, "aviso") || has_prefix(w, "avise") || has_prefix(w, "avisar") ||
                         has_prefix(w, "pedido") || has(w, "cita") || has(w, "citas") || has_prefix(w, "recog") ||
                         has_prefix(w, "reparaci") || has_prefix(w, "encargo");
    if (offers && !notices) {
        s.purposes = {Purpose::marketing};
    } else if (notices && !offers) {
        s.purposes = {Purpose::service};
    } else {
        s.purposes = {Purpose::marketing, Purpose::service};
    }
    return normalised(s);
}

std::string channels_to_string(const std::vector<Channel>& channels) {
    std::string out;
    for (Channel c : channels) {
        if (!out.empty()) out += ",";
        out += to_string(c);
    }
    return out;
}

std::vector<Channel> channels_from_string(const std::string& list) {
    std::vector<Channel> out;
    for (const auto& name : split_list(list)) add_once(out, channel_from_string(name == "whatsapp" ? "whatsapp_business" : name));
    return out;
}

std::string purposes_to_string(const std::vector<Purpose>& purposes) {
    std::string out;
    for (Purpose p : purposes) {
        if (!out.empty()) out += ",";
        out += to_string(p);
    }
    return out;
}

std::vector<Purpose> purposes_from_string(const std::string& list) {
    std::vector<Purpose> out;
    for (const auto& name : split_list(list)) add_once(out, purpose_from_string(name));
    return out;
}

}  // namespace clientela
