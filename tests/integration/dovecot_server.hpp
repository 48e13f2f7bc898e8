// A real IMAP server for one test: Debian's dovecot (dovecot-imapd) started on 127.0.0.1 with
// free ports, its configuration, maildir and logs in a temporary directory removed at the
// end. Dovecot's login process refuses to run as root: when the test runs as root the
// server runs as `nobody` (and the directory and delivered messages belong to it), else as
// the user running the test. Optionally with TLS (imaps and STARTTLS) under a certificate
// signed by a throwaway certificate authority whose PEM the test gives to the client.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace clientela::test {

// A throwaway CA and a server certificate for 127.0.0.1 / localhost signed by it, made with
// the openssl command in `dir` (ca.pem, server.pem, server.key).
struct TestCertificates {
    std::string ca_file;
    std::string cert_file;
    std::string key_file;
};
TestCertificates make_test_certificates(const std::string& dir);

class DovecotServer {
public:
    struct Options {
        std::string user = "tienda";
        std::string password = "s3cret-Ñ";
        bool tls = false;  // imaps on tls_port(), STARTTLS offered on port(); else plain only
    };

    // Starts the server and waits (up to 15 s) until it accepts connections. Throws
    // std::runtime_error with dovecot's log when it does not start.
    explicit DovecotServer(Options options);
    DovecotServer() : DovecotServer(Options{}) {}
    ~DovecotServer();  // stop(), then the directory is removed
    DovecotServer(const DovecotServer&) = delete;
    DovecotServer& operator=(const DovecotServer&) = delete;

    int port() const { return port_; }          // imap (STARTTLS offered when tls)
    int tls_port() const { return tls_port_; }  // imaps; 0 without tls
    const std::string& user() const { return options_.user; }
    const std::string& password() const { return options_.password; }
    const std::string& ca_file() const { return certs_.ca_file; }  // empty without tls

    // Creates a folder (maildir++ ".NAME") the server lists.
    void add_folder(const std::string& folder);
    // Drops a raw message into the folder's maildir, owned by the server's user: new/ when
    // unseen, cur/ with the \Seen flag (":2,S") when seen. Returns its maildir base name.
    std::string deliver(const std::string& raw, bool seen = false, const std::string& folder = "INBOX");
    // Whether the server keeps \Seen on that message now (the flags in its maildir name).
    bool is_seen(const std::string& name, const std::string& folder = "INBOX") const;
    // Dovecot's log so far (for failure messages).
    std::string log() const;
    void stop();

private:
    void start();
    std::string maildir(const std::string& folder) const;
    void give_to_server_user(const std::string& path) const;

    Options options_;
    std::string dir_;
    TestCertificates certs_;
    uid_t uid_ = 0;
    gid_t gid_ = 0;
    std::string user_name_, group_name_;
    pid_t pid_ = -1;
    int port_ = 0, tls_port_ = 0;
};

}  // namespace clientela::test
