#include "store/consent_forms_repo.hpp"

#include "core/errors.hpp"
#include "core/wording_scope.hpp"
#include "store/sql.hpp"
#include "store/time_columns.hpp"

namespace clientela::store {

namespace {

std::string join_ids(const std::vector<std::int64_t>& ids) {
    std::string out;
    for (auto id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
    return out;
}

std::vector<std::int64_t> split_ids(const std::string& text) {
    std::vector<std::int64_t> out;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find(',', start);
        if (end == std::string::npos) end = text.size();
        if (end > start) out.push_back(std::stoll(text.substr(start, end - start)));
        start = end + 1;
    }
    return out;
}

constexpr const char* kFormColumns =
    "id, code, contact_uuid, wording_ids, channels, language, printed_at, printed_by, bound_at";

ConsentFormRow read_form(sql::Statement& q) {
    ConsentFormRow f;
    f.id = q.getColumn(0).getInt64();
    f.code = q.getColumn(1).getString();
    if (!q.getColumn(2).isNull()) f.contact_uuid = q.getColumn(2).getString();
    f.wording_ids = split_ids(q.getColumn(3).getString());
    const std::string channels = q.getColumn(4).getString();
    if (!channels.empty()) f.channels = channels_from_string(channels);
    f.language = q.getColumn(5).getString();
    f.printed_at = from_seconds(q.getColumn(6).getInt64());
    f.printed_by = q.getColumn(7).getString();
    if (!q.getColumn(8).isNull()) f.bound_at = from_seconds(q.getColumn(8).getInt64());
    return f;
}

}  // namespace

bool ConsentFormsRepo::insert(const ConsentFormRow& form) {
    sql::Statement q(db_.conn(),
                        "INSERT INTO consent_forms (code, contact_uuid, wording_ids, channels, language, printed_at, "
                        "printed_by) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (code) DO NOTHING");
    q.bind(1, form.code);
    if (form.contact_uuid.empty()) {
        q.bind(2);
    } else {
        q.bind(2, form.contact_uuid);
    }
    q.bind(3, join_ids(form.wording_ids));
    q.bind(4, channels_to_string(form.channels));
    q.bind(5, form.language);
    q.bind(6, to_seconds(form.printed_at));
    q.bind(7, form.printed_by);
    return q.exec() == 1;
}

std::optional<ConsentFormRow> ConsentFormsRepo::find(const std::string& code) {
    sql::Statement q(db_.conn(), std::string("SELECT ") + kFormColumns + " FROM consent_forms WHERE code = ?");
    q.bind(1, code);
    if (!q.executeStep()) return std::nullopt;
    ConsentFormRow f = read_form(q);
    sql::Statement e(db_.conn(), "SELECT event_seq FROM consent_form_events WHERE form_id = ? ORDER BY event_seq");
    e.bind(1, f.id);
    while (e.executeStep()) f.event_seqs.push_back(e.getColumn(0).getInt64());
    return f;
}

bool ConsentFormsRepo::bind(const std::string& code, const std::string& contact_uuid, Timestamp at) {
    sql::Statement q(db_.conn(),
                        "UPDATE consent_forms SET contact_uuid = ?, bound_at = ? WHERE code = ? AND contact_uuid IS NULL");
    q.bind(1, contact_uuid);
    q.bind(2, to_seconds(at));
    q.bind(3, code);
    return q.exec() == 1;
}

void ConsentFormsRepo::add_event(const std::string& code, std::int64_t event_seq) {
    sql::Statement id(db_.conn(), "SELECT id FROM consent_forms WHERE code = ?");
    id.bind(1, code);
    if (!id.executeStep()) throw NotFoundError("there is no consent form with code " + code);
    sql::Statement q(db_.conn(),
                     "INSERT INTO consent_form_events (form_id, event_seq) VALUES (?, ?) ON CONFLICT DO NOTHING");
    q.bind(1, id.getColumn(0).getInt64());
    q.bind(2, event_seq);
    q.exec();
}

std::vector<ConsentFormRow> ConsentFormsRepo::for_contact(const std::string& contact_uuid) {
    std::vector<ConsentFormRow> out;
    sql::Statement q(db_.conn(), std::string("SELECT ") + kFormColumns +
                                       " FROM consent_forms WHERE contact_uuid = ? ORDER BY printed_at, id");
    q.bind(1, contact_uuid);
    while (q.executeStep()) out.push_back(read_form(q));
    return out;
}

std::int64_t ConsentFormsRepo::add_scan(const FormScanRow& scan, const std::string& content) {
    sql::Statement q(db_.conn(),
                        "INSERT INTO consent_form_scans (form_id, contact_uuid, mime_type, sha256, size, content, "
                        "added_at) SELECT id, CAST(? AS text), CAST(? AS text), CAST(? AS text), CAST(? AS bigint), " +
                            // bytea would be NUMERIC affinity in SQLite: there the blob goes in bare
                            std::string(db_.on_postgresql() ? "CAST(? AS bytea)" : "?") +
                            ", CAST(? AS bigint) FROM consent_forms WHERE code = ? RETURNING id");
    q.bind(1, scan.contact_uuid);
    q.bind(2, scan.mime_type);
    q.bind(3, scan.sha256);
    q.bind(4, static_cast<std::int64_t>(content.size()));
    q.bind_blob(5, content);
    q.bind(6, to_seconds(scan.added_at));
    q.bind(7, scan.form_code);
    if (!q.executeStep()) throw NotFoundError("there is no consent form with code " + scan.form_code);
    return q.getColumn(0).getInt64();
}

std::vector<FormScanRow> ConsentFormsRepo::scans_of(const std::string& contact_uuid) {
    std::vector<FormScanRow> out;
    sql::Statement q(db_.conn(),
                        "SELECT s.id, f.code, s.contact_uuid, s.mime_type, s.sha256, s.size, s.added_at "
                        "FROM consent_form_scans s JOIN consent_forms f ON f.id = s.form_id "
                        "WHERE s.contact_uuid = ? ORDER BY s.id");
    q.bind(1, contact_uuid);
    while (q.executeStep()) {
        FormScanRow r;
        r.id = q.getColumn(0).getInt64();
        r.form_code = q.getColumn(1).getString();
        r.contact_uuid = q.getColumn(2).getString();
        r.mime_type = q.getColumn(3).getString();
        r.sha256 = q.getColumn(4).getString();
        r.size = q.getColumn(5).getInt64();
        r.added_at = from_seconds(q.getColumn(6).getInt64());
        out.push_back(std::move(r));
    }
    return out;
}

std::string ConsentFormsRepo::scan_content(std::int64_t scan_id) {
    sql::Statement q(db_.conn(), "SELECT content FROM consent_form_scans WHERE id = ?");
    q.bind(1, scan_id);
    if (!q.executeStep()) throw NotFoundError("there is no scan with id " + std::to_string(scan_id));
    return q.getColumn(0).getBlob();
}

std::size_t ConsentFormsRepo::delete_scans(const std::string& contact_uuid) {
    sql::Statement q(db_.conn(), "DELETE FROM consent_form_scans WHERE contact_uuid = ?");
    q.bind(1, contact_uuid);
    return static_cast<std::size_t>(q.exec());
}

}  // namespace clientela::store
