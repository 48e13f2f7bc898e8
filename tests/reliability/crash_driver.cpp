// crash_driver DB WORKDIR: the child of the crash test. Writes for ever through the real use
// cases - an import of a 20-card vCard file, then a consent event, and again - and prints one
// acknowledgement line on stdout after each committed write:
//   ACK import <batch> <cards>      every card of the batch is in the database
//   ACK consent <event uuid>        the event is in the ledger
//   ACK backup <events>             WORKDIR/driver-backup.db holds a whole copy
// The parent kills it with SIGKILL at a random moment and checks every acknowledged write.
#include "app/consent_desk.hpp"
#include "app/importer.hpp"
#include "app/session.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iostream>
#include <random>
#include <string>

using namespace clientela;

namespace {

constexpr int kCardsPerBatch = 20;

// One write(2) per line, so the parent never sees half an acknowledgement.
void ack(const std::string& line) {
    const std::string l = line + "\n";
    if (::write(1, l.data(), l.size()) != static_cast<ssize_t>(l.size())) ::_exit(3);
}

std::string write_batch(const std::string& dir, const std::string& batch) {
    const std::string path = dir + "/batch-" + batch + ".vcf";
    std::ofstream out(path, std::ios::trunc);
    for (int i = 0; i < kCardsPerBatch; ++i) {
        out << "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Lote " << batch << " Persona " << i << "\r\nEMAIL:p" << i << ".b"
            << batch << "@example.es\r\nEND:VCARD\r\n";
    }
    return path;
}

// The customer whose consent the driver keeps changing, and the wording it grants with.
struct Base {
    std::string contact;
    std::int64_t wording = 0;
};

Base prepare(app::Session& s) {
    Base b;
    const auto wordings = s.ledger().wordings();
    b.wording = wordings.empty() ? app::add_wording(s, "Acepto ofertas de La Aguja por email.", "es", "email").wording.id
                                 : wordings.front().id;
    const auto found = s.list_contacts("base.cliente@example.es", 0, 1);
    if (!found.empty()) {
        b.contact = found.front().uuid;
    } else {
        app::NewContact c;
        c.name = "Base Cliente";
        c.emails = {"base.cliente@example.es"};
        b.contact = s.add_contact(c).contact.uuid;
    }
    return b;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3) {
        std::cerr << "usage: crash_driver DB WORKDIR\n";
        return 2;
    }
    ::umask(077);
    try {
        app::Session s(argv[1]);
        const Base base = prepare(s);
        std::random_device rd;
        std::mt19937_64 rng(rd());
        for (;;) {
            const std::string batch = std::to_string(rng() % 1000000000000ULL);
            app::ImportOptions options;
            options.format = io::Format::vcard;
            const std::string file = write_batch(argv[2], batch);
            const auto report = app::import_files(s, {file}, options);
            ::unlink(file.c_str());
            if (!report.committed || report.contacts_created != kCardsPerBatch) {
                std::cerr << "unexpected import result\n";
                return 1;
            }
            ack("ACK import " + batch + " " + std::to_string(kCardsPerBatch));

            app::ConsentRequest r;
            r.contact_ref = base.contact;
            r.channel = Channel::email;
            r.purpose = Purpose::marketing;
            const auto state = s.ledger().state(base.contact, Channel::email, Purpose::marketing);
            const bool granted = state && state->status == ConsentState::Status::granted;
            r.action = granted ? ConsentAction::withdraw : ConsentAction::grant;
            r.method = granted ? ConsentMethod::email_reply : ConsentMethod::in_store_form;
            r.wording_id = granted ? 0 : base.wording;
            r.evidence = "hoja " + batch;
            r.recorded_by = "driver";
            ack("ACK consent " + app::record_consent(s, r).event.event_uuid);

            // Every fourth round a backup, so kills also land inside one.
            if (rng() % 4 == 0) {
                s.database().backup_to(std::string(argv[2]) + "/driver-backup.db");
                ack("ACK backup " + std::to_string(s.ledger().event_count()));
            }
        }
    } catch (const std::exception& e) {
        std::cerr << "crash_driver: " << e.what() << "\n";
        return 1;
    }
}
