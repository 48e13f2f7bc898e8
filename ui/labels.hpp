// Names people read for the domain's enums (channels, purposes, actions, methods, reasons),
// translated through gettext; the stable English names stay in the core for exports.
#pragma once

#include "app/contact_browser.hpp"
#include "core/consent.hpp"
#include "core/contact.hpp"
#include "core/message.hpp"
#include "core/policy.hpp"

#include <wx/string.h>

class wxWindow;

#include <vector>

namespace clientela::ui {

wxString channel_label(Channel c);
// For narrow columns: "WhatsApp" instead of "WhatsApp Business", "Email" in both languages.
wxString short_channel_label(Channel c);
wxString purpose_label(Purpose p);
wxString action_label(ConsentAction a);
wxString method_label(ConsentMethod m);
wxString legal_basis_label(LegalBasis b);
wxString basis_label(Basis b);
wxString status_label(ConsentState::Status s);
wxString source_label(SourceKind s);
wxString message_status_label(MessageStatus s);
wxString point_kind_label(const ContactPoint& p);
// Short form for lists ("sin consentimiento"); long form for the detail pane.
wxString reason_short(BlockReason r);
wxString reason_long(BlockReason r);
wxString reasons_short(const std::vector<BlockReason>& reasons);

// "Email ✓ · WhatsApp ✗ · SMS ✗": ticks and crosses next to words, so the column is
// readable without colour.
wxString marketing_summary(const std::vector<app::ChannelVerdict>& verdicts);
// "WhatsApp Business → Email" (preferred first), or a dash when none is stated.
wxString channel_order_label(const std::vector<Channel>& order);
// "Sí (consentimiento, evento 12)" or "No: sin consentimiento, caducado": the answer to
// "may we send?", short enough for a table cell.
wxString decision_label(const Decision& d);

// Labels the dialog's OK, Cancel and Close buttons through our catalogue: wxWidgets' own
// translations (package wx3.2-i18n) are often not installed, which left "Cancel" in
// English on a Spanish screen.
void translate_standard_buttons(wxWindow* dialog);

// Text of a wxString as UTF-8 for the app layer, and back.
inline std::string to_utf8(const wxString& s) {
    return s.utf8_string();
}
inline wxString from_utf8(const std::string& s) {
    return wxString::FromUTF8(s);
}

}  // namespace clientela::ui
