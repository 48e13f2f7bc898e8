#include "labels.hpp"

#include <wx/intl.h>
#include <wx/window.h>

namespace clientela::ui {

void translate_standard_buttons(wxWindow* dialog) {
    // With a context: wx looks the stock labels ("Close") up in every catalogue, ours too, and
    // a label equal to the stock one makes GTK draw its own (untranslated) stock button.
    const std::pair<int, wxString> labels[] = {{wxID_OK, wxGETTEXT_IN_CONTEXT("button", "OK")},
                                               {wxID_CANCEL, wxGETTEXT_IN_CONTEXT("button", "Cancel")},
                                               {wxID_CLOSE, wxGETTEXT_IN_CONTEXT("button", "Close")}};
    for (const auto& [id, label] : labels) {
        wxWindow* button = dialog->FindWindow(id);
        if (!button) continue;
        // wxGTK draws a GTK stock button (in GTK's language, which follows the process
        // locale, not --lang) whenever the label equals wx's own translation of the stock
        // label; with a non-stock id for the moment of SetLabel, our text is what shows.
        const wxWindowID temporary = wxWindow::NewControlId();
        button->SetId(temporary);
        button->SetLabel(label);
        button->SetId(id);
        wxWindow::UnreserveControlId(temporary);
    }
}

wxString message_status_label(MessageStatus s) {
    switch (s) {
        case MessageStatus::queued:
            return _("Waiting to be sent");
        case MessageStatus::sent:
            return _("Sent");
        case MessageStatus::failed:
            return _("Not delivered");
        case MessageStatus::exported:
            return _("Exported to a file");
        case MessageStatus::unknown:
            return _("Handed over, not confirmed");
        case MessageStatus::skipped:
            return _("Not sent: no consent when sending");
    }
    return "?";
}

wxString channel_label(Channel c) {
    switch (c) {
        case Channel::email:
            return _("Email");
        case Channel::sms:
            return _("SMS");
        case Channel::whatsapp_business:
            return _("WhatsApp Business");
        case Channel::phone_call:
            return _("Phone call");
        case Channel::postal:
            return _("Post");
    }
    return "?";
}

wxString short_channel_label(Channel c) {
    // Brand names read the same in Spanish and English; the others come from the catalogue.
    switch (c) {
        case Channel::email:
            return "Email";
        case Channel::whatsapp_business:
            return "WhatsApp";
        case Channel::sms:
            return "SMS";
        default:
            return channel_label(c);
    }
}

wxString purpose_label(Purpose p) {
    switch (p) {
        case Purpose::marketing:
            return _("Marketing");
        case Purpose::service:
            return _("Service");
    }
    return "?";
}

wxString action_label(ConsentAction a) {
    switch (a) {
        case ConsentAction::grant:
            return _("Granted");
        case ConsentAction::withdraw:
            return _("Withdrawn");
        case ConsentAction::confirm:
            return _("Confirmed");
        case ConsentAction::expire:
            return _("Expired");
    }
    return "?";
}

wxString method_label(ConsentMethod m) {
    switch (m) {
        case ConsentMethod::in_store_form:
            return _("Form in the shop");
        case ConsentMethod::paper:
            return _("Signed paper");
        case ConsentMethod::web_form:
            return _("Web form");
        case ConsentMethod::email_reply:
            return _("Email reply");
        case ConsentMethod::verbal_recorded:
            return _("Verbal, recorded");
        case ConsentMethod::import_attested:
            return _("Import (attested by the shop)");
        case ConsentMethod::phone_request:
            return _("Asked by telephone");
        case ConsentMethod::whatsapp_reply:
            return _("WhatsApp reply");
    }
    return "?";
}

wxString legal_basis_label(LegalBasis b) {
    switch (b) {
        case LegalBasis::consent:
            return _("Express consent");
        case LegalBasis::existing_customer:
            return _("Existing customer (LSSI art. 21.2)");
    }
    return "?";
}

wxString basis_label(Basis b) {
    switch (b) {
        case Basis::none:
            return _("none");
        case Basis::consent:
            return _("consent");
        case Basis::existing_customer:
            return _("existing customer");
        case Basis::contract:
            return _("contract");
    }
    return "?";
}

wxString status_label(ConsentState::Status s) {
    switch (s) {
        case ConsentState::Status::none:
            return _("No consent");
        case ConsentState::Status::granted:
            return _("Granted");
        case ConsentState::Status::withdrawn:
            return _("Withdrawn");
        case ConsentState::Status::expired:
            return _("Expired");
    }
    return "?";
}

wxString source_label(SourceKind s) {
    switch (s) {
        case SourceKind::manual:
            return _("Entered by hand");
        case SourceKind::import:
            return _("Imported");
        case SourceKind::demo:
            return _("Demo shop");
    }
    return "?";
}

wxString point_kind_label(const ContactPoint& p) {
    switch (p.kind) {
        case PointKind::phone:
            return p.is_mobile ? _("Mobile") : _("Phone");
        case PointKind::email:
            return _("Email");
        case PointKind::postal:
            return _("Address");
    }
    return "?";
}

wxString reason_short(BlockReason r) {
    switch (r) {
        case BlockReason::no_consent:
            return _("no consent");
        case BlockReason::withdrawn:
            return _("withdrawn");
        case BlockReason::not_confirmed:
            return _("not confirmed (double opt-in)");
        case BlockReason::expired:
            return _("expired");
        case BlockReason::no_contact_point:
            return _("no address or number");
        case BlockReason::not_mobile:
            return _("not a mobile");
        case BlockReason::suppressed:
            return _("on the suppression list");
        case BlockReason::undeliverable:
            return _("undeliverable address");
    }
    return "?";
}

wxString reason_long(BlockReason r) {
    // Same sentences as policy.cpp's describe(), so the English UI reads like the CLI.
    switch (r) {
        case BlockReason::no_consent:
            return _("The customer has not given consent for this channel and purpose.");
        case BlockReason::withdrawn:
            return _("The customer withdrew consent for this channel and purpose.");
        case BlockReason::not_confirmed:
            return _("The consent was collected remotely and has not been confirmed (double opt-in).");
        case BlockReason::expired:
            return _("The consent has expired.");
        case BlockReason::no_contact_point:
            return _("The customer has no address or number for this channel.");
        case BlockReason::not_mobile:
            return _("The customer's phone is not a mobile, so it cannot receive messages.");
        case BlockReason::suppressed:
            return _("The customer is on the suppression list.");
        case BlockReason::undeliverable:
            return _("The customer's email address was refused for good by their mail server (undeliverable).");
    }
    return "?";
}

wxString reasons_short(const std::vector<BlockReason>& reasons) {
    wxString out;
    for (BlockReason r : reasons) {
        if (!out.empty()) out += ", ";
        out += reason_short(r);
    }
    return out;
}

wxString marketing_summary(const std::vector<app::ChannelVerdict>& verdicts) {
    wxString out;
    for (const auto& v : verdicts) {
        if (!out.empty()) out += wxString::FromUTF8(" · ");
        out += short_channel_label(v.channel);
        out += v.allowed ? wxString::FromUTF8(" ✓") : wxString::FromUTF8(" ✗");
    }
    return out;
}

wxString channel_order_label(const std::vector<Channel>& order) {
    if (order.empty()) return wxString::FromUTF8("—");
    wxString out;
    for (Channel c : order) {
        if (!out.empty()) out += wxString::FromUTF8(" → ");
        out += channel_label(c);
    }
    return out;
}

wxString decision_label(const Decision& d) {
    if (d.allowed) {
        if (d.authorising_seq > 0) {
            return wxString::Format(_("Yes (%s, event %lld)"), basis_label(d.basis),
                                    static_cast<long long>(d.authorising_seq));
        }
        return wxString::Format(_("Yes (%s)"), basis_label(d.basis));
    }
    return wxString::Format(_("No: %s"), reasons_short(d.reasons));
}

}  // namespace clientela::ui
