// A date typed as the window's language writes it ("04/12/2026" in Spanish, "2026-12-04"
// otherwise), never as the C library's locale would: GTK's date picker follows LC_TIME, so
// `--lang es` on a system without es_ES showed "12/04/2026". Invalid text turns the field
// red and date() empty; the dialog says what to type.
#pragma once

#include <wx/datetime.h>
#include <wx/textctrl.h>

#include <optional>

namespace clientela::ui {

class DateField : public wxTextCtrl {
public:
    DateField(wxWindow* parent, const wxString& name);

    void set_date(const wxDateTime& date);
    // The date typed (at midnight), or nothing when the text is not a real date.
    std::optional<wxDateTime> date() const;
    // "dd/mm/aaaa" or "aaaa-mm-dd" in the window's language: what to type.
    static wxString pattern_hint();

private:
    void show_validity();
};

// Parses "d/m/yyyy" (also with - or .) and "yyyy-mm-dd"; nothing for anything else or a day
// that does not exist (31/02/2026).
std::optional<wxDateTime> parse_date_text(const wxString& text);

}  // namespace clientela::ui
