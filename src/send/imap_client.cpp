#include "send/imap_client.hpp"

#include "send/curl_support.hpp"

#include <curl/curl.h>
#include <date/date.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <sstream>

namespace clientela::send {

namespace {

// Every server reply line of the session (libcurl hands IMAP responses to the header
// callback): the SELECT answer carries "[UIDVALIDITY n]", a tagged NO/BAD tells why a
// command failed. Lines the client sent (the login) never come here.
struct Replies {
    std::string uidvalidity;
    std::string last_tagged;  // "NO [AUTHENTICATIONFAILED] Authentication failed."
    std::size_t exists = 0;   // "* 12 EXISTS" of the SELECT answer
};

std::size_t on_header(char* data, std::size_t size, std::size_t count, void* user) {
    auto* r = static_cast<Replies*>(user);
    std::string line(data, size * count);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    const auto at = line.find("[UIDVALIDITY ");
    if (at != std::string::npos) {
        const auto begin = at + std::strlen("[UIDVALIDITY ");
        const auto end = line.find(']', begin);
        if (end != std::string::npos) r->uidvalidity = line.substr(begin, end - begin);
    }
    if (line.size() > 9 && line.rfind("* ", 0) == 0 && line.compare(line.size() - 7, 7, " EXISTS") == 0) {
        const std::string n = line.substr(2, line.size() - 9);
        if (!n.empty() && n.size() < 10 && std::all_of(n.begin(), n.end(), [](unsigned char c) { return std::isdigit(c); }))
            r->exists = static_cast<std::size_t>(std::stoul(n));
    }
    // "A003 NO ..." / "A003 BAD ...": keep the status and text, not the tag.
    if (!line.empty() && line[0] != '*' && line[0] != '+') {
        const auto space = line.find(' ');
        if (space != std::string::npos) {
            const std::string rest = line.substr(space + 1);
            if (rest.rfind("NO", 0) == 0 || rest.rfind("BAD", 0) == 0) r->last_tagged = rest;
        }
    }
    return size * count;
}

std::uint32_t parse_uid(const std::string& s, const char* what) {
    try {
        std::size_t used = 0;
        const unsigned long long v = std::stoull(s, &used);
        if (used == s.size() && v > 0 && v <= 0xFFFFFFFFull) return static_cast<std::uint32_t>(v);
    } catch (const std::exception&) {
    }
    throw MailboxError(MailboxError::Kind::protocol,
                       std::string("the mail server sent a bad ") + what + " '" + s + "'");
}

// The folder as a URL path segment ("Bajas 2026" -> "Bajas%202026").
std::string url_folder(CURL* curl, const std::string& folder) {
    char* escaped = curl_easy_escape(curl, folder.c_str(), static_cast<int>(folder.size()));
    std::string out = escaped ? escaped : folder;
    curl_free(escaped);
    return out;
}

std::string join_uids(std::vector<std::uint32_t>::const_iterator begin,
                      std::vector<std::uint32_t>::const_iterator end) {
    std::string out;
    for (auto it = begin; it != end; ++it) out += (out.empty() ? "" : ",") + std::to_string(*it);
    return out;
}

}  // namespace

std::vector<std::uint32_t> new_uids(const MailboxListing& listing, const std::set<std::uint32_t>& known) {
    std::vector<std::uint32_t> out;
    for (const auto* uids : {&listing.unseen, &listing.read}) {
        for (auto uid : *uids) {
            if (!known.count(uid)) out.push_back(uid);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::string imap_date(std::int64_t unix_seconds) {
    static const char* const kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                          "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto day = date::floor<date::days>(date::sys_seconds{std::chrono::seconds{unix_seconds}});
    const date::year_month_day ymd{day};
    return std::to_string(static_cast<unsigned>(ymd.day())) + "-" +
           kMonths[static_cast<unsigned>(ymd.month()) - 1] + "-" + std::to_string(static_cast<int>(ymd.year()));
}

struct ImapClient::Impl {
    CURL* curl = nullptr;
    ~Impl() {
        if (curl) curl_easy_cleanup(curl);
    }
    // A new handle, its connections closed: an old connection's session would not know of
    // messages delivered since (IMAP tells a session about them on its next command), and
    // the first request of a new connection SELECTs, answering with the UIDVALIDITY.
    void reopen() {
        if (curl) curl_easy_cleanup(curl);
        curl = curl_easy_init();
        if (!curl) throw Error("could not start libcurl");
    }

    // One request on the kept connection. `path` follows "imap[s]://host:port/"; `custom`
    // is a command (empty: the URL's own FETCH). Returns the body libcurl wrote.
    std::string perform(const ImapSettings& s, const std::string& path, const std::string& custom, Replies& replies,
                        CURLcode& rc, std::string& detail) {
        const bool implicit_tls = s.security == SmtpSecurity::tls;
        const std::string url =
            std::string(implicit_tls ? "imaps://" : "imap://") + s.host + ":" + std::to_string(s.port) + "/" + path;
        long use_ssl = CURLUSESSL_NONE;
        if (s.security == SmtpSecurity::starttls || implicit_tls) use_ssl = CURLUSESSL_ALL;
        if (s.security == SmtpSecurity::starttls_if_offered) use_ssl = CURLUSESSL_TRY;
        std::string body;
        curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(curl, CURLOPT_USE_SSL, use_ssl);
        // Only when given: libcurl's default is the system's CA bundle, which NULL would switch off.
        if (!s.ca_file.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, s.ca_file.c_str());
        curl_easy_setopt(curl, CURLOPT_USERNAME, s.user.c_str());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, s.password.c_str());
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, custom.empty() ? nullptr : custom.c_str());
        curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append_to_string);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
        curl_easy_setopt(curl, CURLOPT_HEADERFUNCTION, on_header);
        curl_easy_setopt(curl, CURLOPT_HEADERDATA, &replies);
        Transfer t = perform_transfer(curl, s.timeout_seconds);
        curl_easy_setopt(curl, CURLOPT_WRITEDATA, nullptr);
        curl_easy_setopt(curl, CURLOPT_HEADERDATA, nullptr);
        curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, nullptr);
        rc = t.code;
        detail = std::move(t.detail);
        return body;
    }
};

ImapClient::ImapClient(ImapSettings settings) : settings_(std::move(settings)), impl_(std::make_unique<Impl>()) {
    if (settings_.host.empty())
        throw ValidationError("the mailbox server is not set (clientela-cli mailbox set --host ...)",
                              "mailbox.host_missing");
    if (settings_.port <= 0 || settings_.port > 65535)
        throw ValidationError("the mailbox port must be 1-65535", "mailbox.port");
    if (settings_.user.empty())
        throw ValidationError("the mailbox user is not set (clientela-cli mailbox set --user ...)",
                              "mailbox.user_missing");
    if (settings_.folder.empty()) settings_.folder = "INBOX";
    init_curl_once();
    impl_->reopen();
}

ImapClient::~ImapClient() = default;

namespace {

// The owner-readable error for a failed request.
[[noreturn]] void fail(const ImapSettings& s, CURLcode rc, const std::string& detail, const Replies& replies,
                       const std::string& doing) {
    const std::string server = "the mail server " + s.host + ":" + std::to_string(s.port);
    const std::string host = s.host, port = std::to_string(s.port);
    const std::string said = replies.last_tagged.empty() ? "" : " (the server said: " + replies.last_tagged + ")";
    using K = MailboxError::Kind;
    switch (rc) {
        case CURLE_COULDNT_RESOLVE_HOST:
        case CURLE_COULDNT_CONNECT:
        case CURLE_OPERATION_TIMEDOUT:
        case CURLE_RECV_ERROR:
        case CURLE_SEND_ERROR:
        case CURLE_GOT_NOTHING:
            throw MailboxError(K::connection, "cannot reach " + server + " while " + doing + ": " + detail +
                                                  " (check the host and port: clientela-cli mailbox set)",
                               "mailbox.no_connection", {host, port});
        case CURLE_PEER_FAILED_VERIFICATION:
        case CURLE_SSL_CACERT_BADFILE:
            throw MailboxError(K::tls, "the TLS certificate of " + server + " is not trusted: " + detail +
                                           ". If the shop's mail server uses its own certificate authority, give "
                                           "its certificate with clientela-cli mailbox set --ca-file PEM",
                               "mailbox.certificate", {host, port});
        case CURLE_SSL_CONNECT_ERROR:
            throw MailboxError(K::tls, "the TLS connection to " + server + " failed: " + detail +
                                           " (check --security and --port: tls is usually 993, starttls 143)",
                               "mailbox.tls", {host, port});
        case CURLE_USE_SSL_FAILED:
            throw MailboxError(K::tls, server + " does not offer STARTTLS: " + detail +
                                           " (use --security tls on port 993 if it offers that)",
                               "mailbox.no_starttls", {host});
        case CURLE_LOGIN_DENIED:
            // libcurl reports a refused SELECT with the same code as a refused login.
            if (detail.find("Select") != std::string::npos || detail.find("select") != std::string::npos) {
                throw MailboxError(K::folder, "the folder '" + s.folder + "' cannot be opened in the mailbox of " +
                                                  s.user + " on " + s.host + said +
                                                  ": check its name (clientela-cli mailbox set --folder ...)",
                                   "mailbox.folder", {s.folder, host});
            }
            throw MailboxError(K::login, server + " refused the login of '" + s.user + "'" + said +
                                             ": check the user and password (clientela-cli mailbox set --user ... "
                                             "--password-stdin)",
                               "mailbox.login_refused", {host, s.user});
        default:
            break;
    }
    if (rc == CURLE_REMOTE_FILE_NOT_FOUND && detail.find("UIDVALIDITY") != std::string::npos) {
        throw MailboxError(K::changed, "the folder '" + s.folder + "' on " + s.host +
                                           " was renumbered since it was listed (UIDVALIDITY changed): check again");
    }
    throw MailboxError(K::protocol, server + " failed while " + doing + ": " + detail + said, "mailbox.failed",
                       {host, detail + said});
}

}  // namespace

namespace {

// The UIDs of the "* SEARCH ..." lines of a UID SEARCH answer, ascending, each once.
std::vector<std::uint32_t> search_uids(const std::string& body) {
    std::vector<std::uint32_t> out;
    std::istringstream lines(body);
    std::string line;
    while (std::getline(lines, line)) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.rfind("* SEARCH", 0) != 0) continue;
        std::istringstream words(line.substr(std::strlen("* SEARCH")));
        std::string w;
        while (words >> w) out.push_back(parse_uid(w, "UID"));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace

MailboxListing ImapClient::list_unseen(const std::string& read_since) {
    const std::string folder = url_folder(impl_->curl, settings_.folder);
    Replies replies;
    CURLcode rc = CURLE_OK;
    std::string detail;
    impl_->reopen();  // fetch() and restore_unseen() then go on this connection
    const std::string body = impl_->perform(settings_, folder, "UID SEARCH UNSEEN", replies, rc, detail);
    if (rc != CURLE_OK)
        fail(settings_, rc, detail, replies, "listing the unseen messages of '" + settings_.folder + "'");
    if (replies.uidvalidity.empty()) {
        throw MailboxError(
            MailboxError::Kind::protocol,
            "the mail server " + settings_.host + " did not say the UIDVALIDITY of '" + settings_.folder + "'");
    }
    MailboxListing out;
    out.folder = settings_.folder;
    out.uidvalidity = parse_uid(replies.uidvalidity, "UIDVALIDITY");
    out.unseen = search_uids(body);
    uidvalidity_ = out.uidvalidity;
    if (!read_since.empty()) {
        Replies more;
        const std::string seen = impl_->perform(settings_, folder + ";UIDVALIDITY=" + std::to_string(uidvalidity_),
                                                "UID SEARCH SEEN SINCE " + read_since, more, rc, detail);
        if (rc != CURLE_OK)
            fail(settings_, rc, detail, more, "listing the messages of '" + settings_.folder + "' read since " + read_since);
        out.read = search_uids(seen);
    }
    return out;
}

std::string ImapClient::fetch(std::uint32_t uid) {
    if (uidvalidity_ == 0) throw Error("ImapClient::fetch called before list_unseen");
    const std::string folder = url_folder(impl_->curl, settings_.folder);
    Replies replies;
    CURLcode rc = CURLE_OK;
    std::string detail;
    std::string body = impl_->perform(
        settings_, folder + ";UIDVALIDITY=" + std::to_string(uidvalidity_) + ";UID=" + std::to_string(uid), "", replies,
        rc, detail);
    if (rc == CURLE_REMOTE_FILE_NOT_FOUND && detail.find("UIDVALIDITY") == std::string::npos) {
        throw MailboxError(MailboxError::Kind::message, "message UID " + std::to_string(uid) + " is no longer in '" +
                                                            settings_.folder + "' on " + settings_.host);
    }
    if (rc != CURLE_OK) fail(settings_, rc, detail, replies, "reading message UID " + std::to_string(uid));
    return body;
}

void ImapClient::restore_unseen(const std::vector<std::uint32_t>& uids) {
    if (uids.empty()) return;
    if (uidvalidity_ == 0) throw Error("ImapClient::restore_unseen called before list_unseen");
    const std::string folder = url_folder(impl_->curl, settings_.folder);
    constexpr std::size_t kChunk = 200;  // keeps each command line short
    for (std::size_t i = 0; i < uids.size(); i += kChunk) {
        const auto end = uids.begin() + static_cast<std::ptrdiff_t>(std::min(uids.size(), i + kChunk));
        const std::string set = join_uids(uids.begin() + static_cast<std::ptrdiff_t>(i), end);
        Replies replies;
        CURLcode rc = CURLE_OK;
        std::string detail;
        impl_->perform(settings_, folder + ";UIDVALIDITY=" + std::to_string(uidvalidity_),
                       "UID STORE " + set + " -FLAGS.SILENT (\\Seen)", replies, rc, detail);
        if (rc != CURLE_OK) fail(settings_, rc, detail, replies, "marking messages unread again");
        if (!replies.last_tagged.empty()) {
            throw MailboxError(
                MailboxError::Kind::protocol,
                "the mail server " + settings_.host + " refused to mark messages unread again: " + replies.last_tagged);
        }
    }
}

}  // namespace clientela::send

namespace clientela::send {

MailboxStatus ImapClient::check() {
    const std::string folder = url_folder(impl_->curl, settings_.folder);
    Replies replies;
    CURLcode rc = CURLE_OK;
    std::string detail;
    impl_->reopen();
    // The URL's folder is SELECTed (EXISTS and UIDVALIDITY come with the answer) before the
    // search, which reads no message and sets no flag.
    const std::string body = impl_->perform(settings_, folder, "UID SEARCH UNSEEN", replies, rc, detail);
    if (rc != CURLE_OK) fail(settings_, rc, detail, replies, "opening the folder '" + settings_.folder + "'");
    MailboxStatus out;
    out.folder = settings_.folder;
    if (!replies.uidvalidity.empty()) out.uidvalidity = parse_uid(replies.uidvalidity, "UIDVALIDITY");
    out.messages = replies.exists;
    out.unseen = search_uids(body).size();
    return out;
}

}  // namespace clientela::send
