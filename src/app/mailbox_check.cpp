#include "app/mailbox_check.hpp"

#include "app/mailbox_config.hpp"
#include "send/imap_client.hpp"

#include <chrono>
#include <set>

namespace clientela::app {

bool mailbox_configured(Session& session) { return mailbox_configured(mailbox_settings(session)); }

MailboxCheckReport check_mailbox(Session& session, const SecretStore& secrets,
                                 const std::function<bool()>& cancelled) {
    const auto started = std::chrono::steady_clock::now();
    MailboxCheckReport report;
    const send::ImapSettings settings = imap_settings(mailbox_settings(session), secrets);
    report.server = "imap://" + settings.host + ":" + std::to_string(settings.port) + "/" + settings.folder;
    send::ImapClient imap(settings);
    const send::MailboxListing listing = imap.list_unseen();
    report.folder = listing.folder;
    report.uidvalidity = listing.uidvalidity;
    report.unseen = listing.unseen.size();
    std::set<std::uint32_t> known;
    for (std::int64_t uid : known_uids(session, listing.folder, listing.uidvalidity)) {
        known.insert(static_cast<std::uint32_t>(uid));
    }
    const std::vector<std::uint32_t> todo = send::new_uids(listing, known);
    report.already_seen = report.unseen - todo.size();

    // Fetched in batches, each taken in before the next is fetched, so memory stays bounded
    // and a failure later loses nothing already read. Every fetched UID gets its flag back.
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
            fetched.push_back(uid);
            ++report.fetched;
            batch.push_back(std::move(m));
            if (batch.size() == kBatch) {
                take_batch();
                restore();
            }
        }
        take_batch();
        restore();
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
