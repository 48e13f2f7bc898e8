#include "date_field.hpp"

#include "messages.hpp"

#include <wx/intl.h>
#include <wx/settings.h>

namespace clientela::ui {

namespace {

bool spanish() { return ui_language().rfind("es", 0) == 0; }

}  // namespace

std::optional<wxDateTime> parse_date_text(const wxString& raw) {
    const wxString text = raw.Strip(wxString::both);
    long a = 0, b = 0, c = 0;
    wxString rest;
    wxChar sep = 0;
    for (const wxChar s : {wxChar('/'), wxChar('-'), wxChar('.')}) {
        if (text.Freq(s) == 2) sep = s;
    }
    if (!sep) return std::nullopt;
    const wxString first = text.BeforeFirst(sep);
    const wxString second = text.AfterFirst(sep).BeforeFirst(sep);
    const wxString third = text.AfterLast(sep);
    if (!first.ToLong(&a) || !second.ToLong(&b) || !third.ToLong(&c)) return std::nullopt;
    long day = a, month = b, year = c;
    if (first.length() == 4) {  // yyyy-mm-dd
        year = a;
        day = c;
    } else if (third.length() != 4) {
        return std::nullopt;  // a two-digit year is ambiguous at a counter
    }
    if (year < 1900 || year > 2999 || month < 1 || month > 12 || day < 1) return std::nullopt;
    const auto m = static_cast<wxDateTime::Month>(month - 1);
    if (day > wxDateTime::GetNumberOfDays(m, static_cast<int>(year))) return std::nullopt;
    return wxDateTime(static_cast<wxDateTime::wxDateTime_t>(day), m, static_cast<int>(year));
}

DateField::DateField(wxWindow* parent, const wxString& name)
    : wxTextCtrl(parent, wxID_ANY, "", wxDefaultPosition, wxDefaultSize, 0, wxDefaultValidator, name) {
    SetHint(pattern_hint());
    // Wide enough for the date and a little more, in this font.
    SetInitialSize(wxSize(GetTextExtent("00/00/00000").GetWidth() + 24, -1));
    Bind(wxEVT_TEXT, [this](wxCommandEvent& e) {
        show_validity();
        e.Skip();
    });
}

wxString DateField::pattern_hint() { return spanish() ? _("dd/mm/yyyy") : wxString("yyyy-mm-dd"); }

void DateField::set_date(const wxDateTime& date) {
    ChangeValue(date.Format(spanish() ? "%d/%m/%Y" : "%Y-%m-%d"));
    show_validity();
}

std::optional<wxDateTime> DateField::date() const { return parse_date_text(GetValue()); }

void DateField::show_validity() {
    const bool ok = GetValue().Strip(wxString::both).empty() || date().has_value();
    SetForegroundColour(ok ? wxSystemSettings::GetColour(wxSYS_COLOUR_WINDOWTEXT) : *wxRED);
    Refresh();
}

}  // namespace clientela::ui
