// Printed consent forms (their codes, what they hold, for whom) and the scans of signed
// forms, in SQLite (db/016_consent_forms.sql). Outside the ledger: a form links to the
// events recorded from it by their sequence numbers.
#pragma once

#include "core/contact.hpp"
#include "store/database.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace clientela::store {

struct ConsentFormRow {
    std::int64_t id = 0;
    std::string code;                       // canonical (core/form_code.hpp)
    std::string contact_uuid;               // empty: a blank form not yet recorded
    std::vector<std::int64_t> wording_ids;  // in print order
    std::vector<Channel> channels;          // the tick boxes
    std::string language = "es";
    Timestamp printed_at{};
    std::string printed_by;
    std::optional<Timestamp> bound_at;     // when a blank form got its customer
    std::vector<std::int64_t> event_seqs;  // events recorded from it, ascending
};

struct FormScanRow {
    std::int64_t id = 0;
    std::string form_code;
    std::string contact_uuid;
    std::string mime_type;
    std::string sha256;  // lower-case hex of the content
    std::int64_t size = 0;
    Timestamp added_at{};
};

class ConsentFormsRepo {
public:
    explicit ConsentFormsRepo(Database& db) : db_(db) {}

    // Stores a printed form; false when its code is taken (the caller draws another).
    bool insert(const ConsentFormRow& form);
    std::optional<ConsentFormRow> find(const std::string& code);
    // Gives a blank form its customer (only while it has none); false when it had one.
    bool bind(const std::string& code, const std::string& contact_uuid, Timestamp at);
    void add_event(const std::string& code, std::int64_t event_seq);
    // The forms printed for or recorded from a customer, oldest first.
    std::vector<ConsentFormRow> for_contact(const std::string& contact_uuid);

    std::int64_t add_scan(const FormScanRow& scan, const std::string& content);
    std::vector<FormScanRow> scans_of(const std::string& contact_uuid);
    std::string scan_content(std::int64_t scan_id);
    // Erasure: deletes every scan of the customer; returns how many. Caller's transaction.
    std::size_t delete_scans(const std::string& contact_uuid);

private:
    Database& db_;
};

}  // namespace clientela::store
