// A small shop with wordings and a helper to record consent, for the export and erasure tests.
#pragma once

#include "app/consent_desk.hpp"
#include "app/session.hpp"

#include <string>
#include <vector>

namespace clientela::test {

struct ExportShop {
    explicit ExportShop(const std::string& db = ":memory:") : s(db) {
        ShopSettings settings = s.settings();
        settings.shop_name = "Mercería La Aguja";
        settings.shop_address = "Calle Mayor 12, Madrid";
        settings.staff = {"Rocío"};
        s.save_settings(settings);
        email_wording = app::add_wording(s, "Acepto ofertas de Mercería La Aguja por email.", "es", "email").wording.id;
        wa_wording =
            app::add_wording(s, "Acepto ofertas de Mercería La Aguja por WhatsApp.", "es", "whatsapp").wording.id;
    }
    std::string add(const std::string& name, std::vector<std::string> phones, std::vector<std::string> emails,
                    const std::string& note = "") {
        app::NewContact c;
        c.name = name;
        c.phones = std::move(phones);
        c.emails = std::move(emails);
        c.note = note;
        return s.add_contact(c).contact.uuid;
    }
    app::ConsentRequest request(const std::string& id, ConsentAction action, Channel channel,
                                const std::string& point = "") {
        app::ConsentRequest r;
        r.contact_ref = id;
        r.action = action;
        r.channel = channel;
        r.purpose = Purpose::marketing;
        r.method = ConsentMethod::in_store_form;
        r.evidence = "hoja";
        r.point = point;
        r.wording_id =
            action == ConsentAction::grant ? (channel == Channel::whatsapp_business ? wa_wording : email_wording) : 0;
        return r;
    }
    ConsentEvent record(const std::string& id, ConsentAction action, Channel channel, const std::string& point = "") {
        return app::record_consent(s, request(id, action, channel, point)).event;
    }
    app::Session s;
    std::int64_t email_wording = 0;
    std::int64_t wa_wording = 0;
};

}  // namespace clientela::test
