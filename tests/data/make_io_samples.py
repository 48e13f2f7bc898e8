#!/usr/bin/env python3
"""Writes the sample contact files used by tests/unit/io (vCard and CSV quirks).

The files are committed; this script documents their exact bytes (Windows-1252, UTF-16,
CR/LF mixes, quoted-printable breaks inside UTF-8 sequences) and can regenerate them:
    python3 tests/data/make_io_samples.py
"""
import csv
import io
import os

HERE = os.path.dirname(os.path.abspath(__file__))


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def crlf(lines):
    return "".join(line + "\r\n" for line in lines).encode("utf-8")


# --- vCard 2.1 as Android writes it ------------------------------------------------------
# Card 1: the FN quoted-printable soft break falls between the two bytes of "ñ" (=C3= / =B1),
# multi-line NOTE in QP (=0D=0A) with a soft break, bare TEL types, an unwanted QP property
# with a soft break (must not leak as a garbage line).
android = [
    "BEGIN:VCARD",
    "VERSION:2.1",
    "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:N=C3=BA=C3=B1ez;Jos=C3=A9;;;",
    "FN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Jos=C3=A9 N=C3=BA=C3=",
    "=B1ez",
    "X-ANDROID-CUSTOM;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:vnd.android.cursor.item/nickname;=50=65=70=",
    "=65;1;;;;;;;;;;;;;",
    "TEL;CELL:+34 612 345 678",
    "TEL;HOME;VOICE:91 555 12 34",
    "TEL;WORK;FAX:91 555 99 99",
    "TEL;PREF;CELL:612000111",
    "EMAIL;HOME:jose@example.es",
    "NOTE;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Cliente desde 2019.=0D=0ALe gusta el caf=C3=A9 =",
    "solo.",
    "END:VCARD",
    # Card 2 (line 16): ISO-8859-1 in quoted-printable.
    "BEGIN:VCARD",
    "VERSION:2.1",
    "N;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Pe=F1a;Mar=EDa;;;",
    "FN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Mar=EDa Pe=F1a",
    "TEL;CELL;VOICE:+34600111222",
    "END:VCARD",
]
data = crlf(android)
# Card 3 (line 22): raw Windows-1252 bytes (0x80 is the euro sign, absent from Latin-1).
data += (
    b"BEGIN:VCARD\r\nVERSION:2.1\r\n"
    b"FN;CHARSET=WINDOWS-1252:Ram\xf3n Ib\xe1\xf1ez\r\n"
    b"NOTE;CHARSET=Windows-1252:Pag\xf3 50\x80 por adelantado\r\n"
    b"TEL;CELL:611223344\r\n"
    b"END:VCARD\r\n"
)
# Card 4 (line 28): base64 PHOTO, vCard 2.1 style, indented lines ending at a blank line,
# then a second PHOTO whose base64 lines are not indented at all.
data += crlf([
    "BEGIN:VCARD",
    "VERSION:2.1",
    "N:Foto;Ana;;;",
    "FN:Ana Foto",
    "PHOTO;ENCODING=BASE64;JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8U",
    "  HRofHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgy",
    "  IRwhMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjIyMjL/wAAR",
    "",
    "TEL;CELL:622334455",
    "LOGO;ENCODING=BASE64;TYPE=PNG:",
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk",
    "YPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    "",
    "EMAIL;WORK:ana@example.es",
    "END:VCARD",
    # Card 5 (line 43): a vCard 2.1 AGENT with its own card nested inside.
    "BEGIN:VCARD",
    "VERSION:2.1",
    "FN:Jefe Agente",
    "TEL;WORK:915550000",
    "AGENT:",
    "BEGIN:VCARD",
    "VERSION:2.1",
    "FN:Secretaria",
    "TEL;WORK:915550001",
    "END:VCARD",
    "EMAIL;WORK:jefe@example.es",
    "END:VCARD",
])
write("android_v21.vcf", data)

# --- vCard 3.0 as iOS writes it -----------------------------------------------------------
NBSP = "\u00a0"
ios = [
    "BEGIN:VCARD",
    "VERSION:3.0",
    "PRODID:-//Apple Inc.//iPhone OS 17.1//EN",
    "N:Fernández;Lucía;;;",
    "FN:Lucía Fernández",
    "ORG:Panadería La Espiga;",
    "item1.TEL;type=pref:+34 612 000 001",
    "item1.X-ABLabel:_$!<Mobile>!$_",
    "item2.TEL:91 444 55 66",
    "item2.X-ABLabel:_$!<HomeFAX>!$_",
    "TEL;type=CELL;type=VOICE:" + NBSP + "+34" + NBSP + "699" + NBSP + "888" + NBSP + "777 ",
    "item3.X-ABLabel:Tienda",
    "item3.TEL:+34 955 000 111",
    "EMAIL;type=INTERNET;type=HOME;type=pref:lucia@example.es",
    "item4.EMAIL;type=INTERNET:pedidos@laespiga.es",
    "item4.X-ABLabel:_$!<Work>!$_",
    "item5.ADR;type=HOME;type=pref:;;Calle Real 5\\, 2º B;Sevilla;Sevilla;41001;España",
    "item5.X-ABADR:es",
    "NOTE:Encarga pan sin sal los viernes.\\nAlérgica a las nueces\\; avisar.",
    "CATEGORIES:Clientes,VIP",
    "PHOTO;ENCODING=b;TYPE=JPEG:/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAgGBgcGBQgHBwcJCQgKDBQNDAsLDBkSEw8UHRo",
    " fHh0aHBwgJC4nICIsIxwcKDcpLDAxNDQ0Hyc5PTgyPC4zNDL/2wBDAQkJCQwLDBgNDRgyIRwh",
    " MjIy",
    "UID:2F9C3B1A-0000-4E5D-9F00-123456789ABC",
    "END:VCARD",
]
data = crlf(ios)
# Card 2 (line 26): the FN fold falls between the two bytes of "á" (0xC3 | 0xA1), and
# escapes in ORG.
data += (
    b"BEGIN:VCARD\r\nVERSION:3.0\r\n"
    + "N:Ibáñez de la Concepción;María José;;;\r\n".encode()
    + b"FN:Mar\xc3\xada Jos\xc3\xa9 Ib\xc3\r\n \xa1\xc3\xb1ez de la Concepci\xc3\xb3n\r\n"
    + "ORG:Café \\\\ Bar\\, S.L.;Ventas\r\n".encode()
    + "NOTE:Una nota muy larga que se pliega en varias líneas porque supera los setenta y\r\n".encode()
    + b"  cinco octetos\r\n"
    + b"TEL;TYPE=CELL:600 700 800\r\nEND:VCARD\r\n"
)
write("ios_v30.vcf", data)

# --- vCard 3.0 as Google Contacts exports it ------------------------------------------------
google = [
    "BEGIN:VCARD",
    "VERSION:3.0",
    "FN:Carmen Ruiz",
    "N:Ruiz;Carmen;;;",
    "EMAIL;TYPE=INTERNET;TYPE=HOME:carmen.ruiz@example.com",
    "EMAIL;TYPE=INTERNET;TYPE=WORK:cruiz@empresa.es",
    "TEL;TYPE=CELL:+34 611 22 33 44",
    "TEL;TYPE=CELL,VOICE:622 33 44 55",
    "TEL;TYPE=WORK:+34 91 123 45 67",
    "ADR;TYPE=HOME:;;Gran Vía 28;Madrid;;28013;España",
    "ORG:Ruiz Moda",
    "item1.TEL:+34 633 44 55 66",
    "item1.X-ABLabel:Tienda",
    "NOTE:Prefiere WhatsApp\\, no llamadas",
    "CATEGORIES:myContacts,Clientes",
    "END:VCARD",
    # Card 2 (line 17): nothing but an email.
    "BEGIN:VCARD",
    "VERSION:3.0",
    "FN:",
    "N:;;;;",
    "EMAIL;TYPE=INTERNET:solo.email@example.org",
    "END:VCARD",
    # Card 3 (line 23): a business without a person's name.
    "BEGIN:VCARD",
    "VERSION:3.0",
    "FN:",
    "N:;;;;",
    "ORG:Fontanería Gómez",
    "TEL;TYPE=WORK:954 11 22 33",
    "END:VCARD",
]
write("google_v30.vcf", crlf(google))

# --- vCard 4.0 (RFC 6350) ---------------------------------------------------------------------
v4 = [
    "BEGIN:VCARD",
    "VERSION:4.0",
    "FN:Dr. Álvaro Martín",
    "N:Martín;Álvaro;;Dr.;",
    'TEL;VALUE=uri;TYPE="cell,voice";PREF=1:tel:+34-612-111-222',
    "TEL;VALUE=uri;TYPE=work:tel:+34-91-555-0000;ext=123",
    "TEL;TYPE=home;PREF=2:+34 91 555 1111",
    "EMAIL;TYPE=work;PREF=1:alvaro@clinica.es",
    "EMAIL:alvaro.personal@example.com",
    'ADR;TYPE=work;LABEL="Clínica: Calle Luna 3; Valencia":;;Calle Luna 3;Valencia;;46001;España',
    "UID:urn:uuid:4fbe8971-0bc3-424c-9c26-36c3e1eff6b1",
    "KIND:individual",
    "END:VCARD",
]
write("rfc6350_v40.vcf", crlf(v4))

# --- UTF-16 with BOM (LE and BE) --------------------------------------------------------------
utf16_text = "".join(line + "\r\n" for line in [
    "BEGIN:VCARD", "VERSION:3.0", "FN:Begoña Zubizarreta", "TEL;TYPE=CELL:+34 677 888 999",
    "EMAIL:begona@example.eus", "END:VCARD",
    "BEGIN:VCARD", "VERSION:3.0", "FN:Jürgen Müller 😀", "TEL:+49 30 1234567", "END:VCARD",
])
write("utf16_bom.vcf", b"\xff\xfe" + utf16_text.encode("utf-16-le"))
write("utf16be_bom.vcf", b"\xfe\xff" + utf16_text.encode("utf-16-be"))

# --- CR, LF and CRLF mixed; lower-case names; a tab-folded line; no final line break ------------
write("mixed_newlines.vcf",
      "begin:vcard\r\n"             # 1
      "version:3.0\n"               # 2
      "fn:Pilar Sánchez\r"          # 3
      "tel;type=cell:+34 644 555 666\r\n"  # 4
      "email;type=internet:pilar@example.es\n"  # 5
      "end:vcard\r\n"               # 6
      "\r\n"                        # 7
      "BEGIN:VCARD\r"               # 8
      "VERSION:3.0\r"               # 9
      "FN:Tomás O\r\n"              # 10
      "\trtega\n"                   # 11
      "TEL:600111000\r"             # 12
      "END:VCARD".encode())         # 13

# --- Malformed: text outside cards, missing END, garbage, empty card, binary, truncated --------
write("malformed.vcf",
      b"this is junk before any card\r\n"      # 1
      b"more junk\r\n"                         # 2
      b"BEGIN:VCARD\r\n"                       # 3
      b"VERSION:3.0\r\n"                       # 4
      b"FN:Sin Final\r\n"                      # 5
      b"TEL:611000001\r\n"                     # 6
      b"BEGIN:VCARD\r\n"                       # 7
      b"VERSION:3.0\r\n"                       # 8
      b"FN:Segunda Tarjeta\r\n"                # 9
      b"garbage line without a colon\r\n"      # 10
      b"TEL;TYPE=CELL:611000002\r\n"           # 11
      b"END:VCARD\r\n"                         # 12
      b"END:VCARD\r\n"                         # 13
      b"BEGIN:VCARD\r\n"                       # 14
      b"VERSION:3.0\r\n"                       # 15
      b"NOTE:solo una nota\r\n"                # 16
      b"END:VCARD\r\n"                         # 17
      b"\x00\x01\xff\xfe binary \x89PNG\x1a\r\n"  # 18
      b"BEGIN:VCARD\r\n"                       # 19
      b"VERSION:3.0\r\n"                       # 20
      b"FN:Truncada\r\n"                       # 21
      b"EMAIL:truncada@example.es\r\n")        # 22, then EOF without END:VCARD


# --- CSV ------------------------------------------------------------------------------------------
def csv_bytes(rows, delimiter=",", quoting=csv.QUOTE_MINIMAL, encoding="utf-8", bom=False):
    out = io.StringIO()
    w = csv.writer(out, delimiter=delimiter, quoting=quoting, lineterminator="\r\n")
    for r in rows:
        w.writerow(r)
    data = out.getvalue().encode(encoding)
    return (b"\xef\xbb\xbf" if bom else b"") + data


google_headers = (
    "Name,Given Name,Additional Name,Family Name,Yomi Name,Given Name Yomi,Additional Name Yomi,"
    "Family Name Yomi,Name Prefix,Name Suffix,Initials,Nickname,Short Name,Maiden Name,Birthday,"
    "Gender,Location,Billing Information,Directory Server,Mileage,Occupation,Hobby,Sensitivity,"
    "Priority,Subject,Notes,Language,Photo,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
    "E-mail 2 - Type,E-mail 2 - Value,Phone 1 - Type,Phone 1 - Value,Phone 2 - Type,Phone 2 - Value,"
    "Address 1 - Type,Address 1 - Formatted,Address 1 - Street,Address 1 - City,Address 1 - PO Box,"
    "Address 1 - Region,Address 1 - Postal Code,Address 1 - Country,Address 1 - Extended Address,"
    "Organization 1 - Type,Organization 1 - Name,Organization 1 - Title"
).split(",")


def google_row(**cells):
    row = [""] * len(google_headers)
    for key, value in cells.items():
        row[google_headers.index(key)] = value
    return row


google_rows = [
    google_headers,
    # line 2..5: notes with a quote, comma and line break; formatted address over 3 lines
    google_row(**{
        "Name": "Rocío Domínguez", "Given Name": "Rocío", "Family Name": "Domínguez",
        "Notes": 'Prefiere "WhatsApp Business", no llamadas\nVuelve en septiembre',
        "Group Membership": "* myContacts ::: Clientes ::: VIP",
        "E-mail 1 - Type": "* Home", "E-mail 1 - Value": "rocio@example.es",
        "Phone 1 - Type": "* Mobile", "Phone 1 - Value": "+34 612 345 678 ::: 91 555 12 34",
        "Phone 2 - Type": "Work Fax", "Phone 2 - Value": "91 555 99 88",
        "Address 1 - Type": "Home", "Address 1 - Formatted": "Calle Feria 12\nSevilla 41003\nEspaña",
        "Address 1 - Street": "Calle Feria 12", "Address 1 - City": "Sevilla",
        "Organization 1 - Name": "Herboristería Rocío",
    }),
    [""] * len(google_headers),  # line 6: empty row
    google_row(**{"E-mail 1 - Type": "Work", "E-mail 1 - Value": "facturas@proveedor.es"}),  # line 7
    google_row(**{"Notes": "sin datos de contacto"}),  # line 8: skipped
    google_row(**{"Name": "Bar Manolo", "Phone 1 - Type": "Tienda", "Phone 1 - Value": "955 12 34 56"}),  # 9
]
write("google_contacts.csv", csv_bytes(google_rows))

# Newer Google export (First/Last Name, "Labels", "- Label" columns), with a BOM.
write("google_contacts_2024.csv", csv_bytes([
    ["First Name", "Middle Name", "Last Name", "Nickname", "Notes", "Labels",
     "E-mail 1 - Label", "E-mail 1 - Value", "Phone 1 - Label", "Phone 1 - Value",
     "Phone 2 - Label", "Phone 2 - Value", "Organization Name"],
    ["Javier", "Ángel", "Soto", "Javi", "", "Clientes ::: * myContacts", "* Work", "javier@soto.es",
     "Mobile", "+34 650 123 456", "Home", "+34 91 000 11 22", ""],
], bom=True))

outlook_en_headers = [
    "Title", "First Name", "Middle Name", "Last Name", "Suffix", "Company", "Department", "Job Title",
    "Business Street", "Business City", "Business Postal Code", "Business Country/Region",
    "Business Fax", "Business Phone", "Business Phone 2", "Home Phone", "Mobile Phone", "Other Phone",
    "Pager", "Categories", "E-mail Address", "E-mail Type", "E-mail Display Name", "E-mail 2 Address",
    "E-mail 2 Type", "Notes",
]


def outlook_row(headers, **cells):
    row = [""] * len(headers)
    for key, value in cells.items():
        row[headers.index(key)] = value
    return row


write("outlook_en.csv", csv_bytes([
    outlook_en_headers,
    outlook_row(outlook_en_headers, **{
        "Title": "Mr.", "First Name": "John", "Last Name": "Smith", "Company": "Acme Ltd",
        "Business Phone": "+44 20 7946 0000", "Mobile Phone": "+44 7700 900123",
        "Business Fax": "+44 20 7946 0001", "Categories": "Suppliers;VIP",
        "E-mail Address": "john@acme.co.uk", "E-mail Type": "SMTP", "E-mail Display Name": "John Smith",
        "E-mail 2 Address": "j.smith@example.com", "Notes": "Met at the fair, 2023",
    }),
    outlook_row(outlook_en_headers, **{
        "First Name": "Ana", "Last Name": "García López", "Mobile Phone": "+34 612 000 333",
        "Home Phone": "91 111 22 33", "E-mail Address": "ana@example.es",
    }),
], quoting=csv.QUOTE_ALL))

outlook_es_headers = [
    "Tratamiento", "Nombre", "Segundo nombre", "Apellidos", "Sufijo", "Organización", "Departamento",
    "Puesto", "Calle del trabajo", "Ciudad de trabajo", "Código postal del trabajo", "Fax del trabajo",
    "Teléfono del trabajo", "Teléfono del trabajo 2", "Teléfono particular", "Teléfono móvil",
    "Otro teléfono", "Categorías", "Dirección de correo electrónico", "Tipo de correo electrónico",
    "Nombre mostrado del correo electrónico", "Dirección del correo electrónico 2", "Notas",
]
write("outlook_es_cp1252.csv", csv_bytes([
    outlook_es_headers,
    outlook_row(outlook_es_headers, **{
        "Tratamiento": "Sr.", "Nombre": "Íñigo", "Apellidos": "Etxeberria Muñoz",
        "Organización": "Sidrería Etxeberria", "Teléfono del trabajo": "943 12 34 56",
        "Teléfono móvil": "+34 688 777 666", "Dirección de correo electrónico": "inigo@sidreria.eus",
        "Tipo de correo electrónico": "SMTP", "Notas": "Pedido mínimo: 20 € — paga en efectivo",
    }),
    outlook_row(outlook_es_headers, **{
        "Nombre": "Begoña", "Apellidos": "Añorga", "Teléfono particular": "943 00 11 22",
        "Dirección del correo electrónico 2": "begona@example.es",
    }),
], quoting=csv.QUOTE_ALL, encoding="cp1252"))

# A shop's own spreadsheet saved by Spanish Excel: ';', Windows-1252, CRLF.
tienda = (
    "Nombre;Apellidos;Móvil;Teléfono;Correo electrónico;Observaciones;Fecha alta\r\n"  # 1
    'Mª José;Pérez Núñez;34612345678;954112233;mjose@example.es;"Clienta habitual; paga con tarjeta";03/02/2021\r\n'  # 2
    "Ángel;Gil;612 34 56 78;;;;\r\n"                                   # 3
    ";;;;;;\r\n"                                                      # 4 empty: silent
    "Sofía;;;;;Solo nombre;\r\n"                                       # 5
    ";;;;;Nota sin nadie;\r\n"                                         # 6 skipped
    "Raúl;Sáez;699000111\r\n"                                          # 7 short row
    'Elena;Vidal;="0034611222333";;elena@example.es;;\r\n'             # 8 Excel formula
)
write("tienda_es_cp1252.csv", tienda.encode("cp1252"))

# Unknown headers, tab separated: needs a column mapping.
write("mapping_needed.tsv",
      "Persona\tNúmero WhatsApp\tDirección electrónica\tApuntes\r\n"
      "Lola Flores\t+34 600 123 123\tlola@example.es\tVIP\r\n"
      "Paco Gil\t600 999 888\t\t\r\n".encode())

# Outlook "Unicode text" export: UTF-16LE with BOM, tab separated.
write("outlook_unicode.txt", b"\xff\xfe" + (
    "Nombre\tApellidos\tTeléfono móvil\tDirección de correo electrónico\r\n"
    "Nuria\tCastaño\t+34 633 000 111\tnuria@example.es\r\n").encode("utf-16-le"))
