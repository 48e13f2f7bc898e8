#include "app/consent_forms.hpp"

#include "app/local_time.hpp"
#include "app/output_guard.hpp"
#include "app/wording_scopes.hpp"
#include "core/errors.hpp"
#include "core/form_code.hpp"
#include "core/sha256.hpp"
#include "io/consent_form_pdf.hpp"

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace clientela::app {

namespace {

std::string recorder(const Session& session, const std::string& given) {
    if (!given.empty()) return given;
    if (!session.settings().staff.empty()) return session.settings().staff.front();
    if (const char* user = std::getenv("USER"); user && *user) return user;
    return "unknown";
}

bool contains(const std::vector<Channel>& list, Channel c) {
    return std::find(list.begin(), list.end(), c) != list.end();
}

// The newest version of each wording name asked for, with the channels to tick.
std::vector<std::pair<ScopedWording, std::vector<Channel>>> chosen_wordings(Session& session,
                                                                            const ConsentFormRequest& r) {
    std::map<std::string, ScopedWording> newest;
    std::vector<std::string> order;  // names in the order first added
    for (auto& sw : list_scoped_wordings(session)) {
        if (!newest.count(sw.name)) order.push_back(sw.name);
        newest[sw.name] = sw;
    }
    std::vector<std::string> names = r.wording_names.empty() ? order : r.wording_names;
    std::vector<std::pair<ScopedWording, std::vector<Channel>>> out;
    for (const auto& name : names) {
        auto it = newest.find(name);
        if (it == newest.end()) {
            throw NotFoundError("there is no wording named '" + name + "' (see `wording list`)",
                                "consent_form.no_such_wording", {name});
        }
        std::vector<Channel> channels;
        for (Channel c : it->second.scope.channels) {
            if (r.channels.empty() || contains(r.channels, c)) channels.push_back(c);
        }
        if (!channels.empty()) out.emplace_back(it->second, channels);
    }
    if (out.empty()) {
        throw ValidationError("no wording to print for those channels: add one with `wording add`",
                              "consent_form.nothing_to_print");
    }
    return out;
}

struct PreparedForm {
    PrintedConsentForm printed;
    io::ConsentFormSheet sheet;
};

PreparedForm prepare(Session& session, const ConsentFormRequest& r) {
    PreparedForm p;
    auto& f = p.printed.form;
    if (!r.contact_ref.empty()) {
        p.printed.contact = session.contact(r.contact_ref);
        f.contact_uuid = p.printed.contact->uuid;
        p.sheet.customer_name = p.printed.contact->display_name;
        for (const auto& pt : p.printed.contact->points) {
            if (pt.is_valid && (pt.kind == PointKind::email || (pt.kind == PointKind::phone && pt.is_mobile))) {
                p.sheet.customer_points.push_back(pt.raw.empty() ? pt.normalized : pt.raw);
            }
        }
        if (p.printed.contact->language == "en") p.sheet.language = "en";
    }
    for (auto& [sw, channels] : chosen_wordings(session, r)) {
        f.wording_ids.push_back(sw.wording.id);
        for (Channel c : channels) {
            if (!contains(f.channels, c)) f.channels.push_back(c);
        }
        p.sheet.wordings.push_back({sw.wording.text, channels});
    }
    f.language = p.sheet.language;
    f.printed_by = recorder(session, r.printed_by);
    f.printed_at = now_utc();
    const auto& settings = session.settings();
    p.sheet.shop_name = settings.shop_name;
    p.sheet.shop_address = settings.shop_address;
    const std::string when = format_display(f.printed_at, policy_zone(session.policy_settings()), p.sheet.language);
    p.sheet.printed_on = when.substr(0, when.find(' '));  // the date alone
    return p;
}

// Draws codes until one is free, stores the form in the caller's write transaction and
// writes the PDF through `write`.
PrintedConsentForm store_and_write(Session& session, const ConsentFormRequest& r,
                                   const std::function<std::uintmax_t(const std::string& pdf)>& write) {
    PreparedForm p = prepare(session, r);
    store::ConsentFormsRepo repo(session.database());
    auto tx = session.database().begin_write();
    for (int attempt = 0;; ++attempt) {
        p.printed.form.code = new_form_code();
        if (repo.insert(p.printed.form)) break;
        if (attempt > 20) throw StorageError("could not draw a free consent form code");
    }
    p.sheet.code = p.printed.form.code;
    std::ostringstream pdf;
    io::write_consent_form_pdf(pdf, p.sheet);
    p.printed.bytes = write(pdf.str());
    tx.commit();  // the code is kept only when its paper exists
    p.printed.form = *repo.find(p.printed.form.code);
    return p.printed;
}

std::string typed_problem_code(FormCodeProblem p) {
    switch (p) {
        case FormCodeProblem::empty: return "consent_form.code_empty";
        case FormCodeProblem::wrong_length: return "consent_form.code_length";
        case FormCodeProblem::bad_character: return "consent_form.code_character";
        case FormCodeProblem::wrong_check: return "consent_form.code_check";
        case FormCodeProblem::none: break;
    }
    return {};
}

}  // namespace

PrintedConsentForm print_consent_form(Session& session, const ConsentFormRequest& request,
                                      const std::string& out_path) {
    refuse_shop_file(session, out_path);
    return store_and_write(session, request, [&](const std::string& pdf) {
        return write_output_file(session, out_path, [&](std::ostream& out) { out << pdf; });
    });
}

PrintedConsentForm print_consent_form(Session& session, const ConsentFormRequest& request, std::ostream& out) {
    return store_and_write(session, request, [&](const std::string& pdf) {
        out << pdf;
        return static_cast<std::uintmax_t>(pdf.size());
    });
}

FormCodeCheck check_form_code(Session& session, const std::string& typed, const std::string& contact_uuid) {
    FormCodeCheck out;
    const TypedFormCode t = read_form_code(typed);
    out.code = t.code;
    if (t.problem == FormCodeProblem::empty) return out;
    if (!t.ok()) {
        out.status = FormCodeStatus::mistyped;
        return out;
    }
    out.form = store::ConsentFormsRepo(session.database()).find(t.code);
    if (!out.form) {
        out.status = FormCodeStatus::unknown;
    } else if (!contact_uuid.empty() && !out.form->contact_uuid.empty() && out.form->contact_uuid != contact_uuid) {
        out.status = FormCodeStatus::other_customer;
    } else {
        out.status = FormCodeStatus::usable;
    }
    return out;
}

ConsentFormDetails consent_form_details(Session& session, const std::string& typed_code) {
    const std::string code = checked_form_code(typed_code);
    store::ConsentFormsRepo repo(session.database());
    auto form = repo.find(code);
    if (!form) {
        throw NotFoundError("no consent form with code " + display_form_code(code) + " was printed here",
                            "consent_form.unknown", {display_form_code(code)});
    }
    ConsentFormDetails d;
    d.form = std::move(*form);
    for (auto id : d.form.wording_ids) {
        if (auto w = session.ledger().wording(id)) d.wordings.push_back(*w);
    }
    if (!d.form.contact_uuid.empty()) {
        try {
            d.contact_name = session.contact(d.form.contact_uuid).display_name;
        } catch (const NotFoundError&) {
            // erased: the form's code stays as the ledger's evidence, the name is gone
        }
        for (auto& s : repo.scans_of(d.form.contact_uuid)) {
            if (s.form_code == d.form.code) d.scans.push_back(std::move(s));
        }
    }
    return d;
}

std::string form_scan_type(const std::string& c) {
    if (c.size() >= 3 && static_cast<unsigned char>(c[0]) == 0xFF && static_cast<unsigned char>(c[1]) == 0xD8 &&
        static_cast<unsigned char>(c[2]) == 0xFF) {
        return "image/jpeg";
    }
    if (c.compare(0, 8, std::string("\x89PNG\r\n\x1a\n", 8)) == 0) return "image/png";
    if (c.compare(0, 5, "%PDF-") == 0) return "application/pdf";
    return {};
}

FormScan read_form_scan(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw ValidationError("cannot read the scan " + path, "consent_form.scan_unreadable", {path});
    in.seekg(0, std::ios::end);
    const auto size = static_cast<std::uintmax_t>(in.tellg());
    if (size > kMaxFormScanBytes) {
        throw ValidationError("the scan " + path + " is larger than 10 MB: scan at a lower resolution",
                              "consent_form.scan_too_big", {path});
    }
    in.seekg(0);
    FormScan s;
    s.content.assign(static_cast<std::size_t>(size), '\0');
    in.read(s.content.data(), static_cast<std::streamsize>(size));
    if (!in) throw ValidationError("cannot read the scan " + path, "consent_form.scan_unreadable", {path});
    s.mime_type = form_scan_type(s.content);
    if (s.mime_type.empty()) {
        throw ValidationError("the scan " + path + " is not a JPEG, PNG or PDF file", "consent_form.scan_type", {path});
    }
    return s;
}

std::string form_evidence(const std::string& code, const std::string& scan_sha256, const std::string& more) {
    std::string e = "formulario " + display_form_code(code);
    if (!scan_sha256.empty()) e += "; escaneo sha256:" + scan_sha256;
    if (!more.empty()) e += "; " + more;
    return e;
}

FormConsentResult record_consent_from_form(Session& session, const std::vector<ConsentRequest>& grants,
                                           const std::string& typed_code, const std::optional<FormScan>& scan) {
    FormConsentResult out;
    const TypedFormCode typed = read_form_code(typed_code);
    if (!typed.ok()) {
        checked_form_code(typed_code);  // throws the sentence for this problem
        throw ValidationError("not a form code", typed_problem_code(typed.problem), {typed_code});
    }
    out.code = typed.code;
    if (grants.empty()) throw ValidationError("nothing to record from the form");
    if (scan) {
        if (scan->content.size() > kMaxFormScanBytes) {
            throw ValidationError("the scan is larger than 10 MB", "consent_form.scan_too_big", {""});
        }
        if (form_scan_type(scan->content).empty()) {
            throw ValidationError("the scan is not a JPEG, PNG or PDF file", "consent_form.scan_type", {""});
        }
        out.scan_sha256 = sha256_hex(scan->content);
    }
    const std::string shown = display_form_code(out.code);

    auto tx = session.database().begin_write();
    store::ConsentFormsRepo repo(session.database());
    const auto form = repo.find(out.code);
    if (!form) {
        throw NotFoundError("no consent form with code " + shown + " was printed here: check the code on the paper",
                            "consent_form.unknown", {shown});
    }
    const Contact contact = session.contact(grants.front().contact_ref);
    if (!form->contact_uuid.empty() && form->contact_uuid != contact.uuid) {
        std::string other = form->contact_uuid;
        try {
            other = session.contact(form->contact_uuid).display_name;
        } catch (const NotFoundError&) {
        }
        throw ConflictError("the consent form " + shown + " belongs to " + other + ", not to " + contact.display_name,
                            "consent_form.other_customer", {shown, other, contact.display_name});
    }
    for (const auto& g : grants) {
        if (session.contact(g.contact_ref).uuid != contact.uuid) {
            throw ValidationError("one form is for one customer");
        }
        if (g.action != ConsentAction::grant) {
            throw ValidationError("a signed consent form records grants", "consent_form.not_a_grant", {shown});
        }
        if (std::find(form->wording_ids.begin(), form->wording_ids.end(), g.wording_id) == form->wording_ids.end()) {
            throw ValidationError("wording " + std::to_string(g.wording_id) + " is not printed on the form " + shown,
                                  "consent_form.wording_not_on_form", {std::to_string(g.wording_id), shown});
        }
        if (!contains(form->channels, g.channel)) {
            throw ValidationError("the form " + shown + " has no tick box for " + std::string(to_string(g.channel)),
                                  "consent_form.channel_not_on_form", {std::string(to_string(g.channel)), shown});
        }
    }
    const Timestamp now = now_utc();
    if (form->contact_uuid.empty()) out.bound_now = repo.bind(out.code, contact.uuid, now);
    if (scan) {
        store::FormScanRow row;
        row.form_code = out.code;
        row.contact_uuid = contact.uuid;
        row.mime_type = form_scan_type(scan->content);
        row.sha256 = out.scan_sha256;
        row.added_at = now;
        repo.add_scan(row, scan->content);
    }
    for (const auto& g : grants) {
        ConsentRequest r = g;
        r.evidence = form_evidence(out.code, out.scan_sha256, g.evidence);
        out.recorded.push_back(record_consent_in_transaction(session, r));
        repo.add_event(out.code, out.recorded.back().event.seq);
    }
    tx.commit();
    return out;
}

}  // namespace clientela::app
