// What an audience export needs per included contact (names, valid contact points, the
// point the consent was given for), with statements prepared once for the whole export.
#pragma once

#include "core/contact.hpp"
#include "store/database.hpp"
#include "store/sql.hpp"

#include <optional>
#include <string>
#include <vector>

namespace clientela::store {

struct ExportContact {
    std::string uuid;
    std::string display_name;
    std::string given_name;
    std::string family_name;
    std::vector<ContactPoint> points;  // valid phones and emails, in the contact's order
};

class AudienceExportQuery {
public:
    explicit AudienceExportQuery(Database& db);

    std::optional<ExportContact> contact(std::int64_t id);
    // point_hash of the consent projection for (contact, channel, purpose); empty if none.
    std::string consent_point_hash(const std::string& contact_uuid, Channel channel, Purpose purpose);

private:
    sql::Statement contact_;
    sql::Statement points_;
    sql::Statement state_;
};

}  // namespace clientela::store
