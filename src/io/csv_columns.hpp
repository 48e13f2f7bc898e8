// Decides which RawRecord field each CSV column feeds: from the headers Google, Outlook
// (English and Spanish) and Spanish shop spreadsheets use, or from an explicit mapping.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace clientela::io {

enum class CsvField {
    ignore,
    name,
    given_name,
    middle_name,
    family_name,
    organization,
    notes,
    categories,
    address,
    phone,        // a phone value column (Google "Phone 1 - Value", Outlook "Mobile Phone", ...)
    email,        // an email value column
    phone_label,  // Google "Phone 1 - Type"/"Label": the label of the values in group N
    email_label,
};

struct CsvColumn {
    CsvField field = CsvField::ignore;
    std::string label;  // for phone/email columns with a fixed label ("mobile", "work", ...)
    bool mobile = false;
    int group = -1;  // Google's "Phone N": pairs a value column with its label column
};

// One entry per header. `mapping` (column header -> field name: name, given_name,
// family_name, phone, mobile, email, notes, organization, address, categories, ignore)
// overrides the automatic choice for the columns it names; headers match exactly or
// ignoring case and accents. Throws clientela::ValidationError for an unknown field name,
// a mapped column the file does not have, or when no column gives a name, phone or email.
std::vector<CsvColumn> plan_columns(const std::vector<std::string>& headers,
                                    const std::map<std::string, std::string>& mapping);

// The field names a mapping may use, in the order a person would pick them.
const std::vector<std::string>& mapping_fields();
// The mapping field name that gives `column` ("ignore" for columns read automatically
// without a field of their own, such as Google's phone labels).
std::string mapping_field(const CsvColumn& column);

}  // namespace clientela::io
