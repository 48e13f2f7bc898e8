#include "app/export_desk.hpp"

#include "app/audience.hpp"
#include "app/consent_desk.hpp"
#include "app/ledger_proof.hpp"
#include "app/local_time.hpp"
#include "core/errors.hpp"
#include "core/point_key.hpp"
#include "core/text.hpp"
#include "app/output_guard.hpp"
#include "io/atomic_file.hpp"
#include "io/exporters_ledger.hpp"
#include "io/exporters_pdf.hpp"
#include "store/audience_export_query.hpp"
#include "store/contact_names.hpp"
#include "store/messages_repo.hpp"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <map>
#include <ostream>
#include <unordered_map>

namespace clientela::app {
namespace {

Timestamp or_now(Timestamp t) {
    return t == Timestamp{} ? now_utc() : t;
}

// The customer's UUID: a live contact by UUID or prefix, or the full UUID of an erased one
// (whose events stay in the ledger).
std::string resolve_contact_uuid(Session& session, const std::string& ref) {
    try {
        return session.contact(ref).uuid;
    } catch (const NotFoundError&) {
        if (ref.size() == 36 && !session.ledger().history(ref).empty()) return ref;
        throw;
    }
}

class ExportContext {
public:
    explicit ExportContext(Session& s) : session_(s), zone_(s.policy_settings().zone) {}

    io::LedgerExportEvent enrich(ConsentEvent e) {
        io::LedgerExportEvent x;
        x.contact_name = name_of(e.contact_uuid);
        if (e.wording_id != 0) {
            auto it = wordings_.find(e.wording_id);
            if (it == wordings_.end()) {
                auto w = session_.ledger().wording(e.wording_id);
                std::string name = w ? session_.ledger().wording_name(e.wording_id) : std::string();
                it = wordings_.emplace(e.wording_id, std::make_pair(std::move(w), std::move(name))).first;
            }
            x.wording = it->second.first;
            x.wording_name = it->second.second;
        }
        x.occurred_local = format_local_iso(e.occurred_at, zone_);
        x.recorded_local = format_local_iso(e.recorded_at, zone_);
        x.event = std::move(e);
        return x;
    }

    const date::time_zone* zone() const { return zone_; }

    // Every name at once, for exports of the whole ledger (one query instead of one per contact).
    void preload_names() {
        names_ = store::contact_names_by_uuid(session_.database());
        preloaded_ = true;
    }

private:
    const std::string& name_of(const std::string& uuid) {
        auto it = names_.find(uuid);
        if (it == names_.end() && preloaded_) it = names_.emplace(uuid, std::string()).first;  // erased
        if (it == names_.end()) {
            auto c = session_.contacts_repo().find_by_uuid(uuid);
            it = names_.emplace(uuid, c ? c->display_name : std::string()).first;
        }
        return it->second;
    }

    Session& session_;
    const date::time_zone* zone_;
    std::unordered_map<std::string, std::string> names_;
    bool preloaded_ = false;
    std::map<std::int64_t, std::pair<std::optional<ConsentWording>, std::string>> wordings_;
};

// Writes to the atomic file or to the caller's stream.
// The file is checked first: it is never one of the shop's own files (output_guard).
template <typename Write>
std::uintmax_t write_output(Session& session, const std::string& path, std::ostream* stream, Write&& write) {
    if (path.empty()) {
        if (!stream) throw ValidationError("no output file given");
        write(*stream);
        stream->flush();
        return 0;
    }
    return write_output_file(session, path, write);
}

// The contact point the consent was given for (its hash is in the ledger), else the first
// valid one that fits the channel.
const ContactPoint* exported_point(const store::ExportContact& c, Channel channel,
                                   const std::string& consent_point_hash, PointHasher& hasher) {
    auto fits = [&](const ContactPoint& p) {
        if (!p.is_valid) return false;
        switch (channel) {
            case Channel::email:
                return p.kind == PointKind::email;
            case Channel::sms:
            case Channel::whatsapp_business:
                return p.kind == PointKind::phone && p.is_mobile;
            case Channel::phone_call:
                return p.kind == PointKind::phone;
            case Channel::postal:
                return false;
        }
        return false;
    };
    if (!consent_point_hash.empty()) {
        for (const auto& p : c.points) {
            if (fits(p) && hasher(point_key(p)) == consent_point_hash) return &p;
        }
    }
    for (const auto& p : c.points) {
        if (fits(p)) return &p;
    }
    return nullptr;
}

}  // namespace

std::string format_local_iso(Timestamp t, const date::time_zone* zone) {
    if (!zone) return format_utc(t);
    // By hand rather than date::format (a stream per call): exports format two times per event.
    const date::sys_info info = zone->get_info(t);
    const auto local = t + info.offset;
    const auto day = date::floor<date::days>(local);
    const date::year_month_day ymd{day};
    const date::hh_mm_ss<std::chrono::seconds> tod{local - day};
    const long offset_minutes = static_cast<long>(info.offset.count() / 60);
    const long abs_offset = offset_minutes < 0 ? -offset_minutes : offset_minutes;
    char buf[128];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld%c%02ld:%02ld", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                  static_cast<long>(tod.hours().count()), static_cast<long>(tod.minutes().count()),
                  static_cast<long>(tod.seconds().count()), offset_minutes < 0 ? '-' : '+', abs_offset / 60,
                  abs_offset % 60);
    return buf;
}

ExportResult export_ledger(Session& session, const LedgerExportRequest& r, std::ostream* stream) {
    if (r.language != "en" && r.language != "es") {
        throw ValidationError("unknown language '" + r.language + "' for the ledger export (use es or en)",
                              "export.unknown_language", {r.language});
    }
    ExportResult out;
    out.path = r.out_path;
    auto& ledger = session.ledger();
    const std::string contact_uuid =
        r.contact_ref.empty() ? std::string() : resolve_contact_uuid(session, r.contact_ref);
    LedgerProofRequest proof_request;
    proof_request.source = "export";  // a verified export anchors the head (anchor_log.hpp)
    const LedgerProof proof = prove_ledger(session, proof_request);
    const store::LedgerCheck& check = proof.ledger;

    io::LedgerExportInfo info;
    info.pii_controller = session.settings().shop_name;
    info.pii_controller_address = session.settings().shop_address;
    info.jurisdiction = session.settings().default_region.empty() ? "ES" : session.settings().default_region;
    info.time_zone = session.settings().time_zone;
    info.exported_at = now_utc();
    info.contact_filter = contact_uuid;
    info.language = r.language;
    info.chain_head_hash = check.chain.head_hash;
    info.chain_verified = proof.ok();
    info.events_checked = static_cast<std::int64_t>(check.chain.events_checked);
    info.first_broken_seq = check.chain.first_broken_seq;
    info.problem = !check.chain.problem.empty() ? check.chain.problem : proof.first_problem();
    out.chain_verified = info.chain_verified;
    out.chain_head_hash = info.chain_head_hash;

    ExportContext ctx(session);
    if (contact_uuid.empty()) ctx.preload_names();
    out.bytes = write_output(session, r.out_path, stream, [&](std::ostream& os) {
        auto each = [&](const std::function<void(const io::LedgerExportEvent&)>& write) {
            if (contact_uuid.empty()) {
                ledger.for_each_event([&](const ConsentEvent& e) { write(ctx.enrich(e)); });
            } else {
                for (auto& e : ledger.history(contact_uuid)) write(ctx.enrich(std::move(e)));
            }
        };
        if (r.format == LedgerFormat::csv) {
            io::LedgerCsvWriter w(os, info, r.csv);
            each([&](const io::LedgerExportEvent& x) { w.write(x); });
            out.records = w.events_written();
        } else {
            io::LedgerJsonWriter w(os, info);
            each([&](const io::LedgerExportEvent& x) { w.write(x); });
            w.finish();
            out.records = w.events_written();
        }
    });
    return out;
}

io::AccessReportData access_report_data(Session& session, const std::string& contact_ref, const std::string& language,
                                        Timestamp at) {
    at = or_now(at);
    io::AccessReportData d;
    d.language = language.empty() ? "es" : language;
    const ShopSettings& shop = session.settings();
    d.shop_name = shop.shop_name;
    d.shop_address = shop.shop_address;
    d.unsubscribe_address = shop.unsubscribe_address;
    d.time_zone = shop.time_zone;
    const auto* zone = session.policy_settings().zone;
    d.generated_local = format_local(at, zone);

    const ConsentOverview o = consent_overview(session, contact_ref, at);
    d.contact = o.contact;
    d.created_local = format_local(o.contact.created_at, zone);
    d.updated_local = format_local(o.contact.updated_at, zone);
    d.preferences = o.preferences;
    for (const auto& cs : o.channels) {
        io::AccessReportConsent c;
        c.state = cs.state;
        c.allowed_now = cs.decision.allowed;
        if (cs.state.last_seq) c.since_local = format_local(cs.state.last_event_at, zone);
        if (cs.expires_at) c.expires_local = format_local(*cs.expires_at, zone);
        d.consents.push_back(std::move(c));
    }
    ExportContext ctx(session);
    for (const auto& h : o.events) d.events.push_back(ctx.enrich(h.event));
    for (auto& h : d.events) {  // the report reads better in the shop's words than ISO
        h.occurred_local = format_local(h.event.occurred_at, zone);
        h.recorded_local = format_local(h.event.recorded_at, zone);
    }
    store::MessagesRepo messages(session.database());
    for (auto& m : messages.history(o.contact.uuid)) {
        io::AccessReportMessage am;
        am.created_local = format_local(m.created_at, zone);
        am.message = std::move(m);
        d.messages.push_back(std::move(am));
    }
    const store::LedgerCheck check = session.ledger().verify();
    d.chain_head_hash = check.chain.head_hash;
    d.chain_verified = check.ok();
    return d;
}

ExportResult export_access_report(Session& session, const AccessReportRequest& r) {
    if (r.out_path.empty()) throw ValidationError("the access report needs an output file (--out)");
    refuse_shop_file(session, r.out_path);
    const io::AccessReportData d = access_report_data(session, r.contact_ref, r.language, r.at);
    ExportResult out;
    out.path = r.out_path;
    out.chain_verified = d.chain_verified;
    out.chain_head_hash = d.chain_head_hash;
    out.bytes = write_output_file(session, r.out_path, [&](std::ostream& os) {
        if (r.format == ReportFormat::pdf) {
            out.records = static_cast<std::size_t>(io::write_access_report_pdf(os, d));
        } else {
            io::write_access_report_html(os, d);
            out.records = 1;
        }
    });
    return out;
}

ExportResult export_audience(Session& session, const AudienceExportRequest& r) {
    io::check_layout_channel(r.layout, r.channel);
    if (r.out_path.empty()) throw ValidationError("the audience export needs an output file (--out)");
    refuse_shop_file(session, r.out_path);
    const Timestamp now = now_utc();
    AudienceRequest ar;
    ar.purpose = r.purpose;
    ar.channel = r.channel;
    ar.at = r.at == Timestamp{} ? now : r.at;
    Audience a = build_audience(session, ar);
    // In the order the contact list shows: accent- and case-folded names (Álvaro among the A's).
    std::vector<std::pair<std::string, std::size_t>> order;
    order.reserve(a.included.size());
    for (std::size_t k = 0; k < a.included.size(); ++k) {
        order.emplace_back(fold_for_search(a.included[k].contact.display_name) + '\x01' + a.included[k].contact.uuid,
                           k);
    }
    std::sort(order.begin(), order.end());

    ExportResult out;
    out.path = r.out_path;
    out.excluded = a.excluded.size();
    PointHasher hasher(session.database().identifier_secret());
    store::AudienceExportQuery query(session.database());
    const std::string destination =
        std::string(io::to_string(r.layout)) + ":" + std::filesystem::path(r.out_path).filename().string();

    io::AtomicFile file(r.out_path);
    io::AudienceWriter writer(file.stream(), r.layout, r.csv);
    std::vector<Message> log;
    log.reserve(a.included.size());
    for (const auto& [key, index] : order) {
        const AudienceMember& m = a.included[index];
        const auto c = query.contact(m.contact.id);
        if (!c) continue;
        const ContactPoint* p =
            exported_point(*c, r.channel, query.consent_point_hash(c->uuid, r.channel, r.purpose), hasher);
        if (!p) continue;  // the policy checked reachability; a point removed meanwhile is skipped
        io::AudienceExportRow row;
        row.contact_uuid = c->uuid;
        row.display_name = c->display_name;
        std::tie(row.first_name, row.last_name) = io::split_name(c->display_name, c->given_name, c->family_name);
        (r.channel == Channel::email ? row.email : row.mobile) = p->normalized;
        row.channel = r.channel;
        row.purpose = r.purpose;
        row.basis = std::string(to_string(m.basis));
        row.consent_seq = m.authorising_seq;
        writer.write(row);

        Message msg;
        msg.contact_uuid = c->uuid;
        msg.channel = r.channel;
        msg.purpose = r.purpose;
        msg.kind = MessageKind::exported;
        msg.status = MessageStatus::exported;
        msg.consent_seq = m.authorising_seq;
        msg.basis = row.basis;
        msg.destination = destination;
        msg.recipient = p->normalized;
        msg.created_at = now;
        log.push_back(std::move(msg));
    }
    out.records = writer.rows_written();

    // The file is renamed into place only after every log entry is written, just before the
    // commit: a failed log leaves no file, a failed rename rolls the log back.
    auto tx = session.database().begin_write();
    store::MessagesRepo messages(session.database());
    for (const auto& msg : log) messages.log(msg);
    out.bytes = file.commit();
    tx.commit();
    out.logged = log.size();
    return out;
}

}  // namespace clientela::app
