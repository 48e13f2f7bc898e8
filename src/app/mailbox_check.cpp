#include "app/mailbox_check.hpp"

#include "app/database_choice.hpp"
#include "app/mailbox_config.hpp"
#include "core/errors.hpp"
#include "send/imap_client.hpp"
#include "store/settings_repo.hpp"

#include <algorithm>
#include <chrono>
#include <set>
#include <string>

namespace clientela::app {

bool mailbox_configured(Session& session) { return mailbox_configured(mailbox_settings(session)); }

namespace {

constexpr const char* kStatePrefix = "mailbox_state.";
constexpr std::int64_t kDay = 24 * 3600;

}  // namespace

std::int64_t read_mail_since(Session& session, std::int64_t now) {
    const auto state = store::settings_with_prefix(session.database(), kStatePrefix);
    const auto last = state.find("last_check");
    std::int64_t since = now - kReadMailFirstDays * kDay;
    if (last != state.end()) {
        try {
            // Two days of margin: SINCE counts whole days in the server's time zone.
            since = std::min<std::int64_t>(now - kReadMailDays * kDay, std::stoll(last->second) - 2 * kDay);
        } catch (const std::exception&) {  // unreadable: as on the first check
        }
    }
    return since;
}

MailboxCheckReport check_mailbox(Session& session, const SecretStore& secrets,
                                 const std::function<bool()>& cancelled) {
    // Only the manager's app checks the shop's mailbox, for every till (app/database_choice.hpp):
    // the check records where it got to in the settings, which a till's login may not write,
    // and the mailbox password is kept in the manager's secret store. Refused before anything
    // is read, so a till's check neither half-takes replies in nor fails at the end.
    if (!may_manage(session.database().access())) {
        throw ValidationError("only the shop's manager checks the shop's mailbox: this database login is a till's; "
                              "the manager's Clientela records the unsubscribes for every till",
                              "mailbox.manager_only");
    }
    const auto started = std::chrono::steady_clock::now();
    MailboxCheckReport report;
    const send::ImapSettings settings = imap_settings(mailbox_settings(session), secrets);
    report.server = "imap://" + settings.host + ":" + std::to_string(settings.port) + "/" + settings.folder;
    send::ImapClient imap(settings);
    const std::int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
    report.read_since = read_mail_since(session, now);
    const send::MailboxListing listing = imap.list_unseen(send::imap_date(report.read_since));
    report.folder = listing.folder;
    report.uidvalidity = listing.uidvalidity;
    report.unseen = listing.unseen.size();
    report.read = listing.read.size();
    std::set<std::uint32_t> known;
    for (std::int64_t uid : known_uids(session, listing.folder, listing.uidvalidity)) {
        known.insert(static_cast<std::uint32_t>(uid));
    }
    const std::vector<std::uint32_t> todo = send::new_uids(listing, known);
    report.already_seen = report.unseen + report.read - todo.size();
    const std::set<std::uint32_t> unread(listing.unseen.begin(), listing.unseen.end());

    // Fetched in batches, each taken in before the next is fetched, so memory stays bounded
    // and a failure later loses nothing already read. Every fetched unread UID gets its flag
    // back; the ones the owner had read stay read.
    constexpr std::size_t kBatch = 50;
    std::vector<std::uint32_t> fetched;
    auto restore = [&] {
        if (fetched.empty()) return;
        imap.restore_unseen(fetched);
        fetched.clear();
    };
    try {
        std::vector<RawMail> batch;
        auto take_batch = [&] {
            if (batch.empty()) return;
            IntakeReport part = take_in(session, batch);
            batch.clear();
            append_report(report.intake, std::move(part));
        };
        for (std::uint32_t uid : todo) {
            if (cancelled && cancelled()) break;
            RawMail m;
            m.folder = listing.folder;
            m.uidvalidity = listing.uidvalidity;
            m.uid = uid;
            m.source = report.server + ";UID=" + std::to_string(uid);
            try {
                m.bytes = imap.fetch(uid);
            } catch (const send::MailboxError& e) {
                if (e.kind() != send::MailboxError::Kind::message) throw;
                report.problems.push_back("UID " + std::to_string(uid) + ": " + e.what());
                continue;
            }
            if (unread.count(uid)) fetched.push_back(uid);
            ++report.fetched;
            batch.push_back(std::move(m));
            if (batch.size() == kBatch) {
                take_batch();
                restore();
            }
        }
        take_batch();
        restore();
        if (!(cancelled && cancelled())) {
            store::save_settings_with_prefix(session.database(), kStatePrefix, {{"last_check", std::to_string(now)}});
        }
    } catch (...) {
        try {
            restore();
        } catch (...) {  // the first error is the one to report
        }
        throw;
    }
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace clientela::app
