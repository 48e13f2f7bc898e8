// Shop settings shared by the CLI and the UI (stored in the database, travel with backups).
#pragma once

#include <string>
#include <vector>

namespace clientela {

struct ShopSettings {
    std::string shop_name;
    std::string shop_address;
    std::string default_region = "ES";  // phone numbers without +CC are read in this region
    std::string time_zone = "Europe/Madrid";
    bool double_opt_in_required = false;
    int expiry_months = 24;  // 0 = consent never expires by time
    std::string unsubscribe_address;
    std::string privacy_url;         // https link to the privacy notice, in every campaign email's footer
    std::vector<std::string> staff;  // names offered for recorded_by
};

}  // namespace clientela
