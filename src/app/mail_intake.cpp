#include "app/mail_intake.hpp"

#include "app/confirmation_request.hpp"
#include "app/consent_desk.hpp"
#include "app/one_click.hpp"
#include "app/undeliverable.hpp"
#include "app/unsubscribe.hpp"
#include "core/email.hpp"
#include "core/errors.hpp"
#include "core/sha256.hpp"
#include "core/text.hpp"
#include "send/mail_message.hpp"
#include "send/reply_classifier.hpp"
#include "store/messages_repo.hpp"
#include "store/shop_summary_repo.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <tuple>

namespace clientela::app {

namespace {

constexpr std::size_t kPendingText = 4 * 1024;  // of a reply kept in the pending list

std::string cut(std::string s, std::size_t max) {
    if (s.size() <= max) return s;
    std::size_t at = max;
    while (at > 0 && (static_cast<unsigned char>(s[at]) & 0xC0) == 0x80) --at;
    s.resize(at);
    return s + "…";
}

// What the ledger keeps as evidence of a withdrawal read from a reply.
std::string reply_evidence(const std::string& what, const std::string& subject, const std::string& date,
                           const std::string& message_id, const std::string& source, const std::string& text) {
    std::string e = what + " \"" + subject + "\"";
    if (!date.empty()) e += " of " + date;
    if (!message_id.empty()) e += ", Message-ID " + message_id;
    if (!source.empty()) e += " (" + source + ")";
    if (!text.empty()) e += ": \"" + cut(text, 300) + "\"";
    return e;
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

// The customer who uses this address, if any (uuid, name).
std::pair<std::string, std::string> owner_of(Session& session, const std::string& address) {
    const EmailInfo email = normalize_email(address);
    if (!email.valid) return {};
    if (const auto owner = session.contacts_repo().owner_of_identity(email.normalized)) {
        return {owner->uuid, owner->display_name};
    }
    return {};
}

// One mailbox may stand for several customers (a database from before one mailbox, one
// person): the first withdrawn among them, else the first, and the names of the others.
UnsubscribeResult first_of(const std::vector<UnsubscribeResult>& all, std::string& others) {
    const auto withdrawn = std::find_if(all.begin(), all.end(), [](const auto& r) { return r.outcome == "withdrawn"; });
    const UnsubscribeResult first = withdrawn != all.end() ? *withdrawn : all.front();
    for (const auto& r : all) {
        if (r.contact_uuid != first.contact_uuid && !r.contact_name.empty()) {
            others += (others.empty() ? "" : ", ") + r.contact_name + " (" + r.outcome + ")";
        }
    }
    return first;
}

void count(IntakeReport& r, const std::string& outcome) {
    if (outcome == "duplicate") ++r.duplicates;
    else if (outcome == "withdrawn") ++r.withdrawn;
    else if (outcome == "confirmed" || outcome == "already_confirmed") ++r.confirmed;
    else if (outcome == "pending") ++r.pending;
    else if (outcome == "bounce_hard") ++r.bounces_hard;
    else if (outcome == "bounce_soft") ++r.bounces_soft;
    else if (outcome == "ignored") ++r.ignored;
    else if (outcome == "already_withdrawn") ++r.already_withdrawn;
    else if (outcome == "unknown_address") ++r.unknown_address;
    else if (outcome == "invalid_address") ++r.invalid_address;
    else ++r.errors;
}

// A yes that answers a confirmation request (its Message-ID in In-Reply-To or References)
// confirms the grant it asked about, inside the open write transaction. False when it
// answers none, or the grant is no longer the one asked about (then the owner decides).
bool confirm(Session& session, const send::ParsedMail& m, IntakeItem& item) {
    std::vector<std::string> referenced = m.references;
    referenced.push_back(m.in_reply_to);
    const auto request = answered_request(session, referenced);
    if (!request) return false;
    const auto contact = session.contacts_repo().find_by_uuid(request->contact_uuid);
    if (!contact) return false;  // erased since
    item.contact_uuid = contact->uuid;
    item.contact_name = contact->display_name;
    const auto state = session.ledger().state(request->contact_uuid, request->channel, request->purpose);
    if (!state || state->status != ConsentState::Status::granted || state->grant_seq != request->grant_seq) {
        return false;
    }
    if (state->confirmed) {
        item.outcome = "already_confirmed";
        item.detail = "grant #" + std::to_string(request->grant_seq);
        return true;
    }
    ConsentRequest cr;
    cr.contact_ref = contact->uuid;
    cr.action = ConsentAction::confirm;
    cr.channel = request->channel;
    cr.purpose = request->purpose;
    cr.method = ConsentMethod::email_reply;
    cr.evidence = reply_evidence("confirmation reply to " + request->provider_id, m.subject, m.date, m.message_id,
                                 m.source, m.reply_text);
    for (const auto& p : contact->points) {  // the address the request went to, when it still is theirs
        if (p.kind == PointKind::email && ascii_lower(p.normalized) == ascii_lower(m.from_address)) cr.point = p.normalized;
    }
    const RecordedConsent recorded = record_consent_in_transaction(session, cr);
    item.outcome = "confirmed";
    item.event_seq = recorded.event.seq;
    item.detail = "grant #" + std::to_string(request->grant_seq);
    return true;
}

// Acts on one classified message inside the open write transaction.
void act(Session& session, const send::ParsedMail& m, const send::Classification& c, IntakeItem& item) {
    using send::ReplyKind;
    switch (c.kind) {
        case ReplyKind::withdraw: {
            UnsubscribeRequest req;
            req.address = m.from_address;
            req.evidence = reply_evidence("unsubscribe reply", m.subject, m.date, m.message_id, m.source,
                                          c.reason == "reply text" ? m.reply_text : std::string());
            std::string others;
            const std::vector<UnsubscribeResult> all = withdraw_in_transaction(session, req);
            // A reply to a campaign's message unsubscribes from that campaign: linked for the
            // Resumen's "last campaigns" (by In-Reply-To or References, as the SMTP Message-ID).
            std::vector<std::string> referenced = m.references;
            referenced.push_back(m.in_reply_to);
            if (const auto campaign = store::campaign_of_messages(session.database(), referenced)) {
                for (const auto& one : all) {
                    if (one.outcome == "withdrawn" && one.event_seq != 0) {
                        store::link_withdrawal(session.database(), one.event_seq, *campaign);
                    }
                }
            }
            const UnsubscribeResult r = first_of(all, others);
            item.outcome = r.outcome;
            item.contact_uuid = r.contact_uuid;
            item.contact_name = r.contact_name;
            item.event_seq = r.event_seq;
            item.detail = c.reason + (others.empty() ? "" : "; same mailbox: " + others);
            return;
        }
        case ReplyKind::bounce_hard:
        case ReplyKind::bounce_soft: {
            item.outcome = c.kind == ReplyKind::bounce_hard ? "bounce_hard" : "bounce_soft";
            for (const auto& d : c.failed) item.failed_addresses.push_back(d.final_recipient);
            item.detail = joined(item.failed_addresses);  // the addresses only
            // An address that does not exist (5.1.x) is marked undeliverable; a full mailbox
            // (5.2.2) or a policy refusal (5.7.x) says nothing about the address: counted only.
            int marked = 0;
            for (const auto& d : c.failed) {
                if (c.kind != ReplyKind::bounce_hard || !is_permanent_address_status(d.status)) continue;
                marked += mark_undeliverable_in_transaction(
                    session, d.final_recipient,
                    "delivery report " + (m.message_id.empty() ? std::string() : m.message_id + " ") + "Status " +
                        d.status + (d.diagnostic_code.empty() ? "" : ", " + d.diagnostic_code));
            }
            if (marked > 0) item.detail += " (marked undeliverable)";
            return;
        }
        case ReplyKind::auto_reply:
            item.outcome = "ignored";
            item.detail = c.reason;
            return;
        case ReplyKind::confirm_yes:
            if (confirm(session, m, item)) return;
            break;  // a yes that answers no confirmation request: for the owner
        case ReplyKind::unsubscribe_url: {
            // A one-click URL the shop's web host forwarded: its token decides, not the sender.
            const OneClickResult r = apply_unsubscribe_url_in_transaction(
                session, c.url, "forwarded by email" + (m.message_id.empty() ? "" : ", Message-ID " + m.message_id));
            if (r.outcome == "withdrawn" || r.outcome == "already_withdrawn") {
                item.outcome = r.outcome;
                item.contact_uuid = r.contact_uuid;
                item.contact_name = r.contact_name;
                item.event_seq = r.event_seq;
                item.detail = "one-click URL of campaign " + r.campaign_name;
                return;
            }
            break;  // refused (bad token) or the customer is gone: for the owner, with the URL
        }
        case ReplyKind::unclassified: break;  // for the owner: below
    }
    std::tie(item.contact_uuid, item.contact_name) = owner_of(session, m.from_address);
    std::vector<std::string> referenced = m.references;
    referenced.push_back(m.in_reply_to);
    if (item.contact_uuid.empty() && c.kind != ReplyKind::unsubscribe_url &&
        !store::MessagesRepo(session.database()).any_sent_with_provider_id(referenced)) {
        // The shop's inbox holds more than replies (suppliers, newsletters): a message from
        // nobody the shop knows that answers nothing it sent is none of this, and is not kept.
        item.outcome = "ignored";
        item.detail = "not from a customer and not a reply to the shop's messages";
        return;
    }
    store::PendingReply p;
    p.contact_uuid = item.contact_uuid;
    p.from_address = m.from_address;
    p.subject = m.subject;
    p.sent_date = m.date;
    p.message_id = m.message_id;
    p.in_reply_to = m.in_reply_to;
    p.reply_text = cut(m.reply_text.empty() ? m.body_text : m.reply_text, kPendingText);
    p.classification = send::to_string(c.kind);
    p.detail = c.url;
    p.source = m.source;
    p.received_at = now_utc();
    item.pending_id = store::add_pending_reply(session.database(), p);
    item.outcome = "pending";
    item.detail = c.kind == send::ReplyKind::unclassified ? "#" + std::to_string(item.pending_id)
                                                           : "#" + std::to_string(item.pending_id) + " " + p.classification;
}

}  // namespace

const std::vector<std::string>& intake_outcomes() {
    static const std::vector<std::string> all{"withdrawn",   "already_withdrawn", "unknown_address", "invalid_address",
                                              "confirmed",   "already_confirmed", "pending",         "bounce_hard",
                                              "bounce_soft", "ignored",           "duplicate",       "error"};
    return all;
}

IntakeReport take_in(Session& session, const std::vector<RawMail>& mails) {
    IntakeReport report;
    auto& db = session.database();
    const std::string secret = db.identifier_secret();
    for (const auto& raw : mails) {
        ++report.read;
        const send::ParsedMail m = send::parse_mail(raw.bytes, raw.source);
        const send::Classification c = send::classify(m);
        IntakeItem item;
        item.source = raw.source;
        item.message_id = m.message_id;
        item.from = m.from_address;
        item.subject = m.subject;
        item.classification = send::to_string(c.kind);
        item.in_reply_to = m.in_reply_to;
        item.references = m.references;
        item.url = c.url;
        // Keyed hashes, so the table holds no address or Message-ID of anyone (erasure).
        store::MailKey key{raw.folder, raw.uidvalidity, raw.uid,
                           m.message_id.empty() ? "sha256:" + sha256_hex(raw.bytes)
                                                : "mid:" + hmac_sha256_hex(secret, "message-id " + m.message_id)};
        try {
            auto tx = db.begin_write();
            if (store::mail_processed(db, key)) {
                item.outcome = "duplicate";
            } else {
                act(session, m, c, item);
                store::remember_mail(db, key, item.outcome, now_utc());
                tx.commit();
            }
        } catch (const ValidationError& e) {
            item.outcome = "error";
            item.detail = e.what();
        } catch (const NotFoundError& e) {
            item.outcome = "error";
            item.detail = e.what();
        }
        count(report, item.outcome);
        report.items.push_back(std::move(item));
    }
    return report;
}

void append_report(IntakeReport& into, IntakeReport part) {
    for (auto& item : part.items) into.items.push_back(std::move(item));
    into.read += part.read;
    into.duplicates += part.duplicates;
    into.withdrawn += part.withdrawn;
    into.pending += part.pending;
    into.bounces_hard += part.bounces_hard;
    into.bounces_soft += part.bounces_soft;
    into.ignored += part.ignored;
    into.already_withdrawn += part.already_withdrawn;
    into.unknown_address += part.unknown_address;
    into.invalid_address += part.invalid_address;
    into.errors += part.errors;
    into.confirmed += part.confirmed;
}

std::set<std::int64_t> known_uids(Session& session, const std::string& folder, std::int64_t uidvalidity) {
    return store::processed_uids(session.database(), folder, uidvalidity);
}

std::vector<store::PendingReply> list_pending(Session& session) { return store::pending_replies(session.database()); }

ResolvedPending resolve_pending(Session& session, std::int64_t id, PendingDecision decision) {
    auto& db = session.database();
    auto tx = db.begin_write();
    const auto found = store::pending_reply(db, id);
    if (!found) throw NotFoundError("there is no pending reply #" + std::to_string(id));
    ResolvedPending out;
    out.reply = *found;
    out.outcome = "ignored";
    if (decision == PendingDecision::withdraw) {
        UnsubscribeRequest req;
        req.address = found->from_address;
        req.evidence = reply_evidence("reply, judged a withdrawal by the owner,", found->subject, found->sent_date,
                                      found->message_id, found->source, found->reply_text);
        std::string others;
        const UnsubscribeResult r = first_of(withdraw_in_transaction(session, req), others);
        if (r.outcome == "unknown_address" || r.outcome == "invalid_address") {
            throw ValidationError("no customer uses the address " + found->from_address +
                                  " of pending reply #" + std::to_string(id) + ": record the withdrawal by hand");
        }
        out.outcome = r.outcome;
        out.contact_uuid = r.contact_uuid;
        out.contact_name = r.contact_name;
        out.event_seq = r.event_seq;
    }
    store::remove_pending_reply(db, id);
    tx.commit();
    return out;
}

std::vector<RawMail> read_mbox(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw NotFoundError("cannot open the mailbox file " + path);
    std::vector<RawMail> out;
    std::string line, current;
    std::size_t line_no = 0, start_line = 0;
    bool previous_blank = true;
    auto flush = [&] {
        if (start_line != 0) {
            // The blank line before the next "From " belongs to the separator.
            if (current.size() >= 2 && current.compare(current.size() - 2, 2, "\n\n") == 0) current.pop_back();
            RawMail m;
            m.source = path + ":" + std::to_string(start_line);
            m.bytes = std::move(current);
            out.push_back(std::move(m));
        }
        current.clear();
    };
    while (std::getline(in, line)) {
        ++line_no;
        if (previous_blank && line.rfind("From ", 0) == 0) {
            flush();
            start_line = line_no;
            previous_blank = false;
            continue;
        }
        previous_blank = line.empty() || line == "\r";
        if (start_line == 0) continue;
        // mboxrd: ">From " (any number of '>') was escaped when written.
        const auto gt = line.find_first_not_of('>');
        if (gt != std::string::npos && gt > 0 && line.compare(gt, 5, "From ") == 0) line.erase(0, 1);
        current += line;
        current += '\n';
    }
    flush();
    return out;
}

std::vector<RawMail> read_maildir(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw NotFoundError("the maildir " + dir + " does not exist");
    std::vector<fs::path> dirs;
    for (const char* sub : {"new", "cur"}) {
        if (fs::is_directory(fs::path(dir) / sub, ec)) dirs.push_back(fs::path(dir) / sub);
    }
    if (dirs.empty()) dirs.push_back(dir);
    std::vector<fs::path> files;
    for (const auto& d : dirs) {
        for (const auto& entry : fs::directory_iterator(d)) {
            if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<RawMail> out;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::stringstream ss;
        ss << in.rdbuf();
        RawMail m;
        m.source = f.string();
        m.bytes = ss.str();
        out.push_back(std::move(m));
    }
    return out;
}

}  // namespace clientela::app
