// The "choose" scenario: the import wizard on a phone export with family, tradesmen and
// groups. The owner unticks one person, a whole group and what a search finds, says one
// conflict is the same person (and leaves the other apart), answers "Not yet" once, imports,
// and the lines printed prove who came in and who did not.
#include "ui_test_driver.hpp"
#include "ui_test_support.hpp"

#include "import_dialog.hpp"
#include "main_frame.hpp"

#include <wx/button.h>
#include <wx/filename.h>
#include <wx/uiaction.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>

namespace clientela::ui {

using test::text_of;
using test::say;

namespace {

ImportDialog* import_dialog() { return dynamic_cast<ImportDialog*>(wxWindow::FindWindowByName("import_dialog")); }

// The visible row whose text starts with `name |`, or -1.
int person_row(const ImportDialog& dlg, const std::string& name) {
    for (int i = 0; i < dlg.people_rows(); ++i) {
        if (dlg.person_text(i).utf8_string().rfind(name + " |", 0) == 0) return i;
    }
    return -1;
}

}  // namespace

void UiTestDriver::build_choose() {
    wait_until_ready();
    const std::string dir = wxFileName::GetTempDir().utf8_string() + "/clientela-ui-choose-" +
                            std::to_string(wxGetProcessId());
    wxFileName::Mkdir(wxString::FromUTF8(dir), 0700, wxPATH_MKDIR_FULL);
    const std::string vcf = dir + "/telefono.vcf";
    {
        std::ofstream out(vcf, std::ios::binary);
        auto card = [&out](const std::string& body) { out << "BEGIN:VCARD\r\nVERSION:3.0\r\n" << body << "END:VCARD\r\n"; };
        card("FN:Mamá\r\nTEL;TYPE=CELL:+34 699 111 222\r\nCATEGORIES:Familia\r\n");
        card("FN:Fontanero\r\nTEL;TYPE=CELL:655 12 98 76\r\nCATEGORIES:Casa\r\n");
        card("FN:Tío Paco\r\nTEL;TYPE=CELL:+34 699 111 333\r\nCATEGORIES:Familia\r\n");
        card("FN:Electricista Juan\r\nTEL;TYPE=CELL:+34 655 000 111\r\nEMAIL:juan.luz@example.es\r\nCATEGORIES:Casa\r\n");
        card("FN:Carmen Ruiz Gil\r\nTEL;TYPE=CELL:+34 622 10 20 30\r\nEMAIL:carmen.ruiz@example.es\r\nCATEGORIES:Clientes\r\n");
        card("FN:Óscar Peña\r\nTEL;TYPE=CELL:622 33 44 55\r\nTEL:12345\r\nCATEGORIES:Clientes\r\n");
        card("FN:Lola Martín\r\nEMAIL:lola.martin@example.es\r\n");
        // Ana Núñez Pérez's mobile (demo shop) under another name: the owner says it is her.
        card("FN:Anita\r\nTEL;TYPE=CELL:612 34 56 78\r\nEMAIL:anita.casa@example.es\r\n");
        // Lucía Jiménez Díaz's mobile on a neighbour's card: not the same person.
        card("FN:Pepe Vecino\r\nTEL;TYPE=CELL:666 778 899\r\nEMAIL:pepe.vecino@example.es\r\n");
    }
    add("open import", [this] {
        frame_->CallAfter([this] { frame_->open_import(); });
        return true;
    });
    add("choose file", [vcf] {
        auto* dlg = import_dialog();
        if (!dlg || !dlg->IsShown()) return false;
        dlg->set_file(wxString::FromUTF8(vcf));
        say("choose steps=" + dlg->step_numbers() + " import_enabled=" + (dlg->import_enabled() ? "yes" : "no"));
        dlg->preview();
        return true;
    });
    add("preview done", [] {
        auto* dlg = import_dialog();
        if (!dlg || dlg->busy() || !dlg->report()) return false;
        std::string groups;
        for (const auto& g : dlg->groups()) groups += (groups.empty() ? "" : ",") + g;
        say("choose preview people=" + std::to_string(dlg->people_total()) + " ticked=" +
            std::to_string(dlg->people_ticked()) + " conflicts=" + std::to_string(dlg->conflict_rows()) +
            " groups=" + groups);
        say("choose first person=\"" + text_of(dlg->person_text(0)) + "\"");
        for (int i = 0; i < dlg->problem_rows(); ++i) {
            const std::string text = text_of(dlg->problem_text(i));
            if (text.find("12345") != std::string::npos) say("choose problem=\"" + text + "\"");
        }
        return true;
    });
    screenshot("choose_people");
    // A real click on Lola Martín's tick box unticks her; a second click ticks her again.
    auto sim = std::make_shared<wxUIActionSimulator>();
    auto clicks = std::make_shared<int>(0);
    add("scroll to her", [this] {
        auto* dlg = import_dialog();
        if (!dlg) return false;
        dlg->reveal_person(person_row(*dlg, "Lola Martín"));  // at 1024x600 the list shows four rows
        return true;
    });
    pause(300);
    add("click tick", [this, sim, clicks] {
        auto* dlg = import_dialog();
        if (!dlg) return false;
        const int lola = person_row(*dlg, "Lola Martín");
        if (lola < 0) fail("no row for Lola Martín");
        if (*clicks == 1 && dlg->person_ticked(lola)) return false;  // the click is still on its way
        if (*clicks == 1) say("choose click ticked=" + std::to_string(dlg->people_ticked()));
        if (*clicks == 2) {
            if (!dlg->person_ticked(lola)) return false;
            say("choose click again ticked=" + std::to_string(dlg->people_ticked()));
            return true;
        }
        const wxPoint at = dlg->person_tick_on_screen(lola);
        sim->MouseMove(at);
        sim->MouseClick();
        ++*clicks;
        return false;
    });
    // The space bar on the focused row does the same.
    auto keys = std::make_shared<int>(0);
    add("space tick", [this, sim, keys] {
        auto* dlg = import_dialog();
        if (!dlg) return false;
        const int lola = person_row(*dlg, "Lola Martín");
        if (*keys == 0) dlg->focus_person(lola);
        if (*keys == 1 && dlg->person_ticked(lola)) return false;
        if (*keys == 1) say("choose space ticked=" + std::to_string(dlg->people_ticked()));
        if (*keys == 2) {
            if (!dlg->person_ticked(lola)) return false;
            say("choose space again ticked=" + std::to_string(dlg->people_ticked()));
            return true;
        }
        sim->Char(WXK_SPACE);
        ++*keys;
        return false;
    });
    add("untick", [this] {
        auto* dlg = import_dialog();
        if (!dlg) return false;
        // One person by a click on the tick box of their row.
        const int paco = person_row(*dlg, "Tío Paco");
        if (paco < 0) fail("no row for Tío Paco");
        dlg->toggle_person(paco);
        // A whole group: the tradesmen.
        const int casa = dlg->untick_group("Casa");
        // What a search finds (case and accents aside).
        dlg->search_people("MAMA");
        const int found = dlg->people_rows();
        const int unticked = dlg->untick_found();
        say("choose untick paco_ticked=" + std::string(dlg->person_ticked(person_row(*dlg, "Tío Paco")) ? "yes" : "no") +
            " group_casa=" + std::to_string(casa) + " search_found=" + std::to_string(found) +
            " search_unticked=" + std::to_string(unticked) + " ticked=" + std::to_string(dlg->people_ticked()));
        return true;
    });
    screenshot("choose_search");
    add("same person", [this] {
        auto* dlg = import_dialog();
        if (!dlg) return false;
        dlg->search_people("");
        int anita = -1;
        for (int i = 0; i < dlg->conflict_rows(); ++i) {
            say("choose conflict=\"" + text_of(dlg->conflict_text(i)) + "\"");
            if (dlg->conflict_text(i).utf8_string().rfind("Anita |", 0) == 0) anita = i;
        }
        if (anita < 0) fail("no conflict for Anita");
        dlg->set_same_person(anita, true);
        dlg->show_page(1);
        say("choose same_person anita=" + std::string(dlg->same_person(anita) ? "yes" : "no") +
            " other=" + (dlg->same_person(anita == 0 ? 1 : 0) ? "yes" : "no"));
        return true;
    });
    screenshot("choose_conflicts");
    add("not yet", [] {
        auto* dlg = import_dialog();
        if (!dlg) return false;
        dlg->import_declined();  // what Enter on "Save these contacts now?" answers
        say("choose not_yet state=\"" + text_of(dlg->state_text()) + "\" import_enabled=" +
            (dlg->import_enabled() ? "yes" : "no"));
        dlg->import();
        return true;
    });
    add("imported", [this] {
        auto* dlg = import_dialog();
        if (!dlg || dlg->busy() || !dlg->report() || dlg->last_run_was_preview()) return false;
        const auto& r = *dlg->report();
        say("choose imported new=" + std::to_string(r.contacts_created) + " merged=" + std::to_string(r.contacts_merged) +
            " left_out=" + std::to_string(r.skipped_on_request) + " conflicts=" + std::to_string(r.conflicts));
        auto& s = frame_->session();
        auto named = [&s](const std::string& name, const std::string& search) {
            for (const auto& row : s.list_contacts(search, 0, 20)) {
                if (row.display_name == name) return s.contact(row.uuid);
            }
            return Contact{};
        };
        std::string in, out;
        for (const char* name : {"Mamá", "Fontanero", "Tío Paco", "Electricista Juan", "Carmen Ruiz Gil", "Óscar Peña",
                                 "Lola Martín", "Anita", "Pepe Vecino"}) {
            const std::string n = name;
            std::string& list = named(n, n).uuid.empty() ? out : in;
            list += (list.empty() ? "" : ",") + n;
        }
        say("choose came_in=" + in);
        say("choose not_in=" + out);
        auto has = [](const Contact& c, const std::string& value) {
            for (const auto& p : c.points) {
                if (p.normalized == value) return true;
            }
            return false;
        };
        const Contact ana = named("Ana Núñez Pérez", "Ana Núñez");
        const Contact pepe = named("Pepe Vecino", "Pepe Vecino");
        const Contact lucia = named("Lucía Jiménez Díaz", "Lucía Jiménez");
        say(std::string("choose ana_got_anita_email=") + (has(ana, "anita.casa@example.es") ? "yes" : "no") +
            " pepe_has_lucia_mobile=" + (has(pepe, "+34666778899") ? "yes" : "no") +
            " lucia_got_pepe_email=" + (has(lucia, "pepe.vecino@example.es") ? "yes" : "no"));
        say("choose after import_enabled=" + std::string(dlg->import_enabled() ? "yes" : "no") + " import_label=\"" +
            text_of(dlg->import_label()) + "\" state=\"" + text_of(dlg->state_text()) + "\"");
        return true;
    });
    screenshot("choose_done");
    // A phone export of 100 000 cards: the list stays a virtual list, searching and unticking
    // a group take a moment, not a freeze (the figures are printed, not asserted).
    const std::string big = dir + "/agenda_100000.vcf";
    add("big preview", [big] {
        auto* dlg = import_dialog();
        if (!dlg) return false;
        {
            std::ofstream out(big, std::ios::binary);
            for (int i = 0; i < 100000; ++i) {
                out << "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Cliente " << i << "\r\nTEL;TYPE=CELL:7" << (10000000 + i)
                    << "\r\nCATEGORIES:Grupo " << i % 7 << "\r\nEND:VCARD\r\n";
            }
        }
        dlg->set_file(wxString::FromUTF8(big));
        dlg->preview();
        return true;
    });
    add("big choose", [] {
        auto* dlg = import_dialog();
        if (!dlg || dlg->busy() || !dlg->report()) return false;
        using Clock = std::chrono::steady_clock;
        auto t = Clock::now();
        dlg->search_people("cliente 99999");
        const double search_ms = std::chrono::duration<double, std::milli>(Clock::now() - t).count();
        const int found = dlg->people_rows();
        dlg->search_people("");
        t = Clock::now();
        const int unticked = dlg->untick_group("Grupo 3");
        const double group_ms = std::chrono::duration<double, std::milli>(Clock::now() - t).count();
        say("choose big people=" + std::to_string(dlg->people_total()) + " found=" + std::to_string(found) +
            " group_unticked=" + std::to_string(unticked) + " ticked=" + std::to_string(dlg->people_ticked()));
        std::cout << "ui-test figures big_choices_ms=" << static_cast<long>(dlg->choices_ms())
                  << " search_ms=" << static_cast<long>(search_ms) << " untick_group_ms=" << static_cast<long>(group_ms)
                  << std::endl;
        return true;
    });
    screenshot("choose_big");
    add("close", [dir] {
        auto* dlg = import_dialog();
        if (!dlg) return false;
        wxFileName::Rmdir(wxString::FromUTF8(dir), wxPATH_RMDIR_RECURSIVE);
        auto* close = dynamic_cast<wxButton*>(dlg->FindWindow(wxID_CLOSE));
        if (!close) return false;
        wxCommandEvent click(wxEVT_BUTTON, wxID_CLOSE);
        click.SetEventObject(close);
        close->GetEventHandler()->ProcessEvent(click);
        return true;
    });
}

}  // namespace clientela::ui
