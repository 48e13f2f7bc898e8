#include "store/audience_export_query.hpp"
#include "store/sql.hpp"

namespace clientela::store {

AudienceExportQuery::AudienceExportQuery(Database& db)
    : contact_(db.conn(), "SELECT uuid, display_name, given_name, family_name FROM contacts WHERE id = ?"),
      points_(db.conn(),
              "SELECT kind, raw_value, normalized, label, is_mobile FROM contact_points "
              "WHERE contact_id = ? AND is_valid = 1 AND kind IN ('phone', 'email') ORDER BY position, id"),
      state_(db.conn(),
             "SELECT point_hash FROM consent_state WHERE contact_uuid = ? AND channel = ? AND purpose = ?") {}

std::optional<ExportContact> AudienceExportQuery::contact(std::int64_t id) {
    contact_.reset();
    contact_.bind(1, id);
    if (!contact_.executeStep()) return std::nullopt;
    ExportContact c;
    c.uuid = contact_.getColumn(0).getString();
    c.display_name = contact_.getColumn(1).getString();
    c.given_name = contact_.getColumn(2).getString();
    c.family_name = contact_.getColumn(3).getString();
    points_.reset();
    points_.bind(1, id);
    while (points_.executeStep()) {
        ContactPoint p;
        p.kind = point_kind_from_string(points_.getColumn(0).getString());
        p.raw = points_.getColumn(1).getString();
        p.normalized = points_.getColumn(2).isNull() ? std::string() : points_.getColumn(2).getString();
        p.label = points_.getColumn(3).getString();
        p.is_mobile = points_.getColumn(4).getInt() != 0;
        p.is_valid = true;
        c.points.push_back(std::move(p));
    }
    return c;
}

std::string AudienceExportQuery::consent_point_hash(const std::string& contact_uuid, Channel channel, Purpose purpose) {
    state_.reset();
    state_.bind(1, contact_uuid);
    state_.bind(2, std::string(to_string(channel)));
    state_.bind(3, std::string(to_string(purpose)));
    return state_.executeStep() ? state_.getColumn(0).getString() : std::string();
}

}  // namespace clientela::store
