#include "dovecot_server.hpp"

#include "process.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#ifndef CLIENTELA_DOVECOT
#define CLIENTELA_DOVECOT "/usr/sbin/dovecot"
#endif
#ifndef CLIENTELA_OPENSSL
#define CLIENTELA_OPENSSL "/usr/bin/openssl"
#endif

namespace clientela::test {

namespace fs = std::filesystem;

namespace {

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path);
}

void openssl(const std::vector<std::string>& args) {
    std::vector<std::string> argv{CLIENTELA_OPENSSL};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto r = run_process(argv);
    if (r.exit_code != 0) throw std::runtime_error("openssl " + args.at(0) + " failed: " + r.err);
}

// A port nobody listens on now (the kernel's pick for port 0).
int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = 0;
    socklen_t len = sizeof a;
    if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        if (fd >= 0) ::close(fd);
        throw std::runtime_error("cannot find a free port");
    }
    ::close(fd);
    return ntohs(a.sin_port);
}

bool accepts(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    return ok;
}

std::string unique_name() {
    static std::atomic<int> counter{0};
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(now).count()) + ".M" +
           std::to_string(++counter) + "P" + std::to_string(::getpid()) + ".clientela-test";
}

}  // namespace

TestCertificates make_test_certificates(const std::string& dir) {
    TestCertificates c{dir + "/ca.pem", dir + "/server.pem", dir + "/server.key"};
    const std::string ca_key = dir + "/ca.key", csr = dir + "/server.csr", ext = dir + "/server.ext";
    openssl({"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", c.ca_file, "-days", "2",
             "-subj", "/CN=Clientela test CA"});
    openssl({"req", "-newkey", "rsa:2048", "-nodes", "-keyout", c.key_file, "-out", csr, "-subj", "/CN=127.0.0.1"});
    write_file(ext, "subjectAltName=IP:127.0.0.1,DNS:localhost\n");
    openssl({"x509", "-req", "-in", csr, "-CA", c.ca_file, "-CAkey", ca_key, "-CAcreateserial", "-out", c.cert_file,
             "-days", "2", "-extfile", ext});
    return c;
}

DovecotServer::DovecotServer(Options options) : options_(std::move(options)) {
    std::string templ = (fs::temp_directory_path() / "clientela-dovecot-XXXXXX").string();
    if (!::mkdtemp(templ.data())) throw std::runtime_error("mkdtemp failed");
    dir_ = templ;
    // Who runs the server: never root (dovecot refuses), so `nobody` when we are root.
    const passwd* pw = ::geteuid() == 0 ? ::getpwnam("nobody") : ::getpwuid(::geteuid());
    if (!pw) throw std::runtime_error("no user to run dovecot as");
    uid_ = pw->pw_uid;
    gid_ = pw->pw_gid;
    user_name_ = pw->pw_name;
    const group* gr = ::getgrgid(gid_);
    if (!gr) throw std::runtime_error("no group for dovecot's user");
    group_name_ = gr->gr_name;
    try {
        for (const char* sub : {"run", "state"}) fs::create_directories(dir_ + "/" + sub);
        add_folder("INBOX");
        write_file(dir_ + "/passwd", options_.user + ":{PLAIN}" + options_.password + "::::::\n");
        if (options_.tls) certs_ = make_test_certificates(dir_);
        start();
    } catch (...) {
        stop();
        throw;
    }
}

DovecotServer::~DovecotServer() {
    stop();
}

void DovecotServer::stop() {
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }
    if (!dir_.empty()) {
        std::error_code ec;
        fs::remove_all(dir_, ec);
        dir_.clear();
    }
}

std::string DovecotServer::log() const {
    return slurp(dir_ + "/dovecot.log") + slurp(dir_ + "/stderr.log");
}

std::string DovecotServer::maildir(const std::string& folder) const {
    const std::string root = dir_ + "/mail/" + options_.user;
    return folder == "INBOX" ? root : root + "/." + folder;
}

void DovecotServer::give_to_server_user(const std::string& path) const {
    if (::geteuid() != 0) return;
    if (::chown(path.c_str(), uid_, gid_) != 0) throw std::runtime_error("cannot chown " + path);
}

void DovecotServer::add_folder(const std::string& folder) {
    const std::string base = maildir(folder);
    for (const char* sub : {"new", "cur", "tmp"}) fs::create_directories(base + "/" + sub);
    if (::geteuid() == 0) {
        // Everything up to the temp directory belongs to the server's user.
        for (const auto& e : fs::recursive_directory_iterator(dir_)) give_to_server_user(e.path().string());
        give_to_server_user(dir_);
    }
}

std::string DovecotServer::deliver(const std::string& raw, bool seen, const std::string& folder) {
    const std::string name = unique_name();
    const std::string base = maildir(folder);
    const std::string tmp = base + "/tmp/" + name;
    write_file(tmp, raw);
    ::chmod(tmp.c_str(), 0600);
    give_to_server_user(tmp);
    const std::string final_path = seen ? base + "/cur/" + name + ":2,S" : base + "/new/" + name;
    fs::rename(tmp, final_path);
    return name;
}

bool DovecotServer::is_seen(const std::string& name, const std::string& folder) const {
    const std::string base = maildir(folder);
    for (const char* sub : {"new", "cur"}) {
        for (const auto& e : fs::directory_iterator(base + "/" + sub)) {
            const std::string file = e.path().filename().string();
            if (file != name && file.rfind(name + ":", 0) != 0) continue;
            const auto info = file.find(":2,");
            return info != std::string::npos && file.find('S', info + 3) != std::string::npos;
        }
    }
    throw std::runtime_error("no message " + name + " in the maildir of " + folder);
}

void DovecotServer::start() {
    // A port picked now may be taken before dovecot binds it: try again with new ones.
    for (int attempt = 0; attempt < 3; ++attempt) {
        port_ = free_port();
        tls_port_ = options_.tls ? free_port() : 0;
        std::string conf =
            "base_dir = " + dir_ + "/run\n" + "state_dir = " + dir_ + "/state\n" + "log_path = " + dir_ +
            "/dovecot.log\n" + "protocols = imap\n" + "listen = 127.0.0.1\n" + "default_login_user = " + user_name_ +
            "\n" + "default_internal_user = " + user_name_ + "\n" + "default_internal_group = " + group_name_ + "\n" +
            "mail_location = maildir:" + dir_ + "/mail/%u\n" + "disable_plaintext_auth = no\n" +
            "auth_mechanisms = plain login\n" +
            "passdb {\n  driver = passwd-file\n  args = scheme=PLAIN username_format=%u " + dir_ + "/passwd\n}\n" +
            "userdb {\n  driver = static\n  args = uid=" + std::to_string(uid_) + " gid=" + std::to_string(gid_) +
            " home=" + dir_ + "/mail/%u\n}\n" + "service imap-login {\n  chroot =\n" +
            "  inet_listener imap {\n    address = 127.0.0.1\n    port = " + std::to_string(port_) + "\n  }\n" +
            "  inet_listener imaps {\n    address = 127.0.0.1\n    port = " + std::to_string(tls_port_) + "\n  }\n}\n" +
            "service anvil {\n  chroot =\n}\n";
        if (options_.tls) {
            conf += "ssl = yes\nssl_cert = <" + certs_.cert_file + "\nssl_key = <" + certs_.key_file + "\n";
        } else {
            conf += "ssl = no\n";
        }
        write_file(dir_ + "/dovecot.conf", conf);
        if (::geteuid() == 0) {
            for (const auto& e : fs::recursive_directory_iterator(dir_)) give_to_server_user(e.path().string());
        }
        const std::string conf_path = dir_ + "/dovecot.conf", err_path = dir_ + "/stderr.log";
        pid_ = ::fork();
        if (pid_ < 0) throw std::runtime_error("fork failed");
        if (pid_ == 0) {
            const int fd = ::open(err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
            if (fd >= 0) {
                ::dup2(fd, 1);
                ::dup2(fd, 2);
            }
            if (::geteuid() == 0 && (::setgroups(0, nullptr) != 0 || ::setgid(gid_) != 0 || ::setuid(uid_) != 0)) {
                ::_exit(126);
            }
            ::execl(CLIENTELA_DOVECOT, "dovecot", "-F", "-c", conf_path.c_str(), static_cast<char*>(nullptr));
            ::_exit(127);
        }
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(15);
        bool exited = false;
        while (std::chrono::steady_clock::now() < deadline) {
            if (accepts(port_) && (!options_.tls || accepts(tls_port_))) return;
            int status = 0;
            if (::waitpid(pid_, &status, WNOHANG) == pid_) {
                exited = true;
                pid_ = -1;
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (!exited) {
            throw std::runtime_error("dovecot did not start within 15 s: " + log());
        }
        if (log().find("Address already in use") == std::string::npos) {
            throw std::runtime_error("dovecot exited at start: " + log());
        }
    }
    throw std::runtime_error("dovecot found no free port: " + log());
}

}  // namespace clientela::test
