#include "io/csv_columns.hpp"

#include "core/errors.hpp"
#include "io/text_util.hpp"

#include <cctype>
#include <string_view>

namespace clientela::io {
namespace {

struct KnownHeader {
    std::string_view key;  // fold_key() form
    CsvField field;
    std::string_view label = {};
    bool mobile = false;
};

// Headers of Google, Outlook (English and Spanish) and hand-made Spanish spreadsheets, in
// folded form. "Nombre" is missing on purpose: it means the given name next to an
// "Apellidos" column and the whole name on its own (see plan_columns).
constexpr KnownHeader known_headers[] = {
    {"name", CsvField::name},
    {"fullname", CsvField::name},
    {"displayname", CsvField::name},
    {"nombrecompleto", CsvField::name},
    {"nombreyapellidos", CsvField::name},
    {"nombreapellidos", CsvField::name},
    {"cliente", CsvField::name},
    {"nombrecliente", CsvField::name},
    {"nombredelcliente", CsvField::name},
    {"givenname", CsvField::given_name},
    {"firstname", CsvField::given_name},
    {"nombredepila", CsvField::given_name},
    {"additionalname", CsvField::middle_name},
    {"middlename", CsvField::middle_name},
    {"segundonombre", CsvField::middle_name},
    {"familyname", CsvField::family_name},
    {"lastname", CsvField::family_name},
    {"surname", CsvField::family_name},
    {"apellidos", CsvField::family_name},
    {"apellido", CsvField::family_name},
    {"primerapellido", CsvField::family_name},
    {"segundoapellido", CsvField::family_name},
    {"company", CsvField::organization},
    {"organization", CsvField::organization},
    {"organisation", CsvField::organization},
    {"organizationname", CsvField::organization},
    {"empresa", CsvField::organization},
    {"organizacion", CsvField::organization},
    {"compania", CsvField::organization},
    {"razonsocial", CsvField::organization},
    {"negocio", CsvField::organization},
    {"notes", CsvField::notes},
    {"note", CsvField::notes},
    {"notas", CsvField::notes},
    {"nota", CsvField::notes},
    {"observaciones", CsvField::notes},
    {"observacion", CsvField::notes},
    {"comentarios", CsvField::notes},
    {"comentario", CsvField::notes},
    {"groupmembership", CsvField::categories},
    {"labels", CsvField::categories},
    {"categories", CsvField::categories},
    {"categorias", CsvField::categories},
    {"categoria", CsvField::categories},
    {"grupo", CsvField::categories},
    {"grupos", CsvField::categories},
    {"etiquetas", CsvField::categories},
    {"address", CsvField::address},
    {"direccion", CsvField::address},
    {"domicilio", CsvField::address},
    {"direccionpostal", CsvField::address},
    {"email", CsvField::email},
    {"mail", CsvField::email},
    {"correo", CsvField::email},
    {"correoelectronico", CsvField::email},
    {"emailaddress", CsvField::email},
    {"direcciondecorreoelectronico", CsvField::email},
    {"direcciondelcorreoelectronico", CsvField::email},
    {"mobilephone", CsvField::phone, "mobile", true},
    {"mobile", CsvField::phone, "mobile", true},
    {"movil", CsvField::phone, "mobile", true},
    {"telefonomovil", CsvField::phone, "mobile", true},
    {"celular", CsvField::phone, "mobile", true},
    {"telefonocelular", CsvField::phone, "mobile", true},
    {"cellphone", CsvField::phone, "mobile", true},
    {"cell", CsvField::phone, "mobile", true},
    {"numeromovil", CsvField::phone, "mobile", true},
    {"tlfmovil", CsvField::phone, "mobile", true},
    {"telmovil", CsvField::phone, "mobile", true},
    {"homephone", CsvField::phone, "home"},
    {"telefonoparticular", CsvField::phone, "home"},
    {"telefonocasa", CsvField::phone, "home"},
    {"telefonodecasa", CsvField::phone, "home"},
    {"businessphone", CsvField::phone, "work"},
    {"telefonodeltrabajo", CsvField::phone, "work"},
    {"telefonotrabajo", CsvField::phone, "work"},
    {"telefonooficina", CsvField::phone, "work"},
    {"companymainphone", CsvField::phone, "main"},
    {"primaryphone", CsvField::phone, "main"},
    {"telefonoprincipal", CsvField::phone, "main"},
    {"numerodecentralitadelaorganizacion", CsvField::phone, "main"},
    {"otherphone", CsvField::phone, "other"},
    {"otrotelefono", CsvField::phone, "other"},
    {"carphone", CsvField::phone, "other"},
    {"telefonodelautomovil", CsvField::phone, "other"},
    {"callback", CsvField::phone, "other"},
    {"devoluciondellamada", CsvField::phone, "other"},
    {"radiophone", CsvField::phone, "other"},
    {"radiotelefono", CsvField::phone, "other"},
    {"assistantsphone", CsvField::phone, "other"},
    {"telefonodelayudante", CsvField::phone, "other"},
    {"isdn", CsvField::phone, "other"},
    {"rdsi", CsvField::phone, "other"},
    {"businessfax", CsvField::phone, "fax"},
    {"homefax", CsvField::phone, "fax"},
    {"otherfax", CsvField::phone, "fax"},
    {"faxdeltrabajo", CsvField::phone, "fax"},
    {"faxparticular", CsvField::phone, "fax"},
    {"otrofax", CsvField::phone, "fax"},
    {"fax", CsvField::phone, "fax"},
    {"pager", CsvField::phone, "pager"},
    {"localizador", CsvField::phone, "pager"},
    {"phone", CsvField::phone},
    {"telefono", CsvField::phone},
    {"tel", CsvField::phone},
    {"tlf", CsvField::phone},
    {"tfno", CsvField::phone},
    {"telf", CsvField::phone},
    {"phonenumber", CsvField::phone},
    {"numerodetelefono", CsvField::phone},
    {"telefonofijo", CsvField::phone},
    {"fijo", CsvField::phone},
};

const KnownHeader* find_known(std::string_view key) {
    for (const KnownHeader& h : known_headers) {
        if (h.key == key) return &h;
    }
    return nullptr;
}

// Google numbers repeated groups: "Phone 2 - Value" folds to "phone2value". Outlook does
// the same for "E-mail 2 Address".
bool numbered_column(std::string_view key, CsvColumn& out) {
    std::size_t i = 0;
    while (i < key.size() && std::isalpha(static_cast<unsigned char>(key[i]))) ++i;
    std::size_t digits = i;
    while (i < key.size() && std::isdigit(static_cast<unsigned char>(key[i]))) ++i;
    if (digits == 0 || i == digits || i == key.size() || i - digits > 4) return false;
    std::string_view prefix = key.substr(0, digits);
    std::string_view suffix = key.substr(i);
    int group = std::stoi(std::string(key.substr(digits, i - digits)));
    bool is_label = suffix == "type" || suffix == "label";
    if (prefix == "phone" && suffix == "value") {
        out = {CsvField::phone, {}, false, group};
    } else if (prefix == "phone" && is_label) {
        out = {CsvField::phone_label, {}, false, group};
    } else if (prefix == "email" && suffix == "value") {
        out = {CsvField::email, {}, false, group};
    } else if (prefix == "email" && is_label) {
        out = {CsvField::email_label, {}, false, group};
    } else if (prefix == "email" && suffix == "address") {
        out = {CsvField::email, {}, false, -1};  // Outlook "E-mail 2 Address"
    } else if (prefix == "address" && suffix == "formatted") {
        out = {CsvField::address, {}, false, -1};
    } else if (prefix == "organization" && suffix == "name") {
        out = {CsvField::organization, {}, false, -1};
    } else {
        out = {};  // other numbered Google columns (websites, events, relations, ...)
    }
    return true;
}

CsvColumn automatic_column(const std::string& header) {
    std::string key = fold_key(header);
    CsvColumn column;
    if (numbered_column(key, column)) return column;
    const KnownHeader* known = find_known(key);
    if (known == nullptr) {
        // "Teléfono 2", "Home Phone 2", "Dirección del correo electrónico 3"
        std::size_t end = key.size();
        while (end > 0 && std::isdigit(static_cast<unsigned char>(key[end - 1]))) --end;
        if (end < key.size() && end > 0) known = find_known(std::string_view(key).substr(0, end));
    }
    if (known != nullptr) {
        column.field = known->field;
        column.label = std::string(known->label);
        column.mobile = known->mobile;
    }
    return column;
}

std::string quoted_list(const std::vector<std::string>& headers) {
    std::string out;
    for (const std::string& h : headers) {
        if (!out.empty()) out += ", ";
        out += '"' + h + '"';
    }
    return out.empty() ? std::string("none") : out;
}

CsvColumn mapped_column(const std::string& header, const std::string& field) {
    static const std::pair<std::string_view, CsvField> fields[] = {
        {"name", CsvField::name},
        {"given_name", CsvField::given_name},
        {"family_name", CsvField::family_name},
        {"phone", CsvField::phone},
        {"mobile", CsvField::phone},
        {"email", CsvField::email},
        {"notes", CsvField::notes},
        {"organization", CsvField::organization},
        {"address", CsvField::address},
        {"categories", CsvField::categories},
        {"ignore", CsvField::ignore},
    };
    for (const auto& [name, value] : fields) {
        if (name == field) {
            CsvColumn column;
            column.field = value;
            if (name == "mobile") {
                column.label = "mobile";
                column.mobile = true;
            }
            return column;
        }
    }
    std::string names;
    for (const auto& f : mapping_fields()) names += (names.empty() ? "" : ", ") + f;
    throw ValidationError("the column mapping gives \"" + header + "\" the unknown field \"" + field +
                          "\"; the fields are: " + names);
}

}  // namespace

const std::vector<std::string>& mapping_fields() {
    static const std::vector<std::string> names{"name",  "given_name", "family_name",  "phone",   "mobile",    "email",
                                                "notes", "organization", "address", "categories", "ignore"};
    return names;
}

std::string mapping_field(const CsvColumn& column) {
    switch (column.field) {
        case CsvField::name: return "name";
        case CsvField::given_name: return "given_name";
        case CsvField::family_name: return "family_name";
        case CsvField::organization: return "organization";
        case CsvField::notes: return "notes";
        case CsvField::categories: return "categories";
        case CsvField::address: return "address";
        case CsvField::phone: return column.mobile ? "mobile" : "phone";
        case CsvField::email: return "email";
        case CsvField::middle_name:
        case CsvField::phone_label:
        case CsvField::email_label:
        case CsvField::ignore: break;
    }
    return "ignore";  // read automatically (labels, middle names) or not at all
}

std::vector<CsvColumn> plan_columns(const std::vector<std::string>& headers,
                                    const std::map<std::string, std::string>& mapping) {
    std::vector<CsvColumn> plan(headers.size());
    std::vector<bool> mapped(headers.size(), false);
    for (const auto& [header, field] : mapping) {
        bool found = false;
        for (std::size_t i = 0; i < headers.size(); ++i) {
            if (headers[i] == header || fold_key(headers[i]) == fold_key(header)) {
                plan[i] = mapped_column(header, field);
                mapped[i] = true;
                found = true;
            }
        }
        if (!found) {
            throw ValidationError("the column mapping names the column \"" + header +
                                  "\", but the file has no such column; its columns are: " + quoted_list(headers));
        }
    }
    bool has_family = false;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        if (!mapped[i]) plan[i] = automatic_column(headers[i]);
        if (plan[i].field == CsvField::family_name) has_family = true;
    }
    for (std::size_t i = 0; i < headers.size(); ++i) {
        if (!mapped[i] && fold_key(headers[i]) == "nombre") {
            plan[i].field = has_family ? CsvField::given_name : CsvField::name;
        }
    }
    for (const CsvColumn& c : plan) {
        switch (c.field) {
            case CsvField::name:
            case CsvField::given_name:
            case CsvField::family_name:
            case CsvField::phone:
            case CsvField::email:
                return plan;
            default:
                break;
        }
    }
    throw ValidationError("no column holds a name, phone or email; the columns are: " + quoted_list(headers) +
                          ". Give a column mapping to say which column is which");
}

}  // namespace clientela::io
