#include "send/mail_message.hpp"

#include "core/text.hpp"

#include <gmime/gmime.h>
#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <mutex>
#include <sstream>
#include <utility>

namespace clientela::send {

namespace {

constexpr std::size_t kMaxRaw = 4 * 1024 * 1024;   // bigger messages are cut (attachments)
constexpr std::size_t kMaxText = 64 * 1024;        // body_text
constexpr std::size_t kMaxHeader = 1000;           // subject, names, ids
constexpr std::size_t kMaxMultiparts = 64;         // more: read the headers only
constexpr std::size_t kMaxDepth = 16;              // MIME parts followed this deep
constexpr std::size_t kMaxReferences = 50;
constexpr std::size_t kMaxRecipients = 200;        // per delivery report

void init_libraries() {
    static std::once_flag once;
    std::call_once(once, [] {
        g_mime_init();  // never shut down: other threads may still parse
        xmlInitParser();
    });
}

// Owns one GObject reference.
template <typename T>
struct GRef {
    T* p = nullptr;
    explicit GRef(T* x) : p(x) {}
    ~GRef() {
        if (p) g_object_unref(p);
    }
    GRef(const GRef&) = delete;
    GRef& operator=(const GRef&) = delete;
};

std::string cut_utf8(std::string s, std::size_t max) {
    if (s.size() <= max) return s;
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;
    s.resize(cut);
    return s;
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

std::string lower(std::string_view s) { return ascii_lower(s); }

std::string header_text(const char* value, std::size_t max = kMaxHeader) {
    if (!value) return {};
    std::string s = to_valid_utf8(value);
    // One line: no control characters (folding leftovers, NULs from binary headers).
    for (auto& c : s) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
    }
    return cut_utf8(trim(s), max);
}

std::string bracketed(const std::string& id) {
    if (id.empty()) return id;
    return id.front() == '<' ? id : "<" + id + ">";
}

// "<a@b>" ids of an In-Reply-To or References header.
std::vector<std::string> message_ids(const char* header) {
    std::vector<std::string> out;
    if (!header) return out;
    GMimeReferences* refs = g_mime_references_parse(nullptr, header);
    if (!refs) return out;
    const int n = g_mime_references_length(refs);
    for (int i = 0; i < n && out.size() < kMaxReferences; ++i) {
        const std::string id = header_text(g_mime_references_get_message_id(refs, i));
        if (!id.empty()) out.push_back(bracketed(id));
    }
    g_mime_references_free(refs);
    return out;
}

// The decoded content of a leaf part (transfer encoding undone, charset untouched).
std::string part_bytes(GMimePart* part, std::size_t max) {
    GMimeDataWrapper* content = g_mime_part_get_content(part);
    if (!content) return {};
    GRef<GMimeStream> mem(g_mime_stream_mem_new());
    g_mime_data_wrapper_write_to_stream(content, mem.p);
    GByteArray* bytes = g_mime_stream_mem_get_byte_array(GMIME_STREAM_MEM(mem.p));
    if (!bytes) return {};
    return std::string(reinterpret_cast<const char*>(bytes->data), std::min<std::size_t>(bytes->len, max));
}

// The text of a text part in UTF-8 (GMime converts from its charset; an unknown charset
// gives the bytes, read as Latin-1 when they are not UTF-8).
std::string text_of(GMimeTextPart* part) {
    char* text = g_mime_text_part_get_text(part);
    if (!text) return {};
    std::string s = cut_utf8(to_valid_utf8(text), 4 * kMaxText);
    g_free(text);
    return s;
}

bool is_attachment(GMimeObject* obj) {
    GMimeContentDisposition* d = g_mime_object_get_content_disposition(obj);
    return d && g_mime_content_disposition_is_attachment(d);
}

struct Found {
    std::string plain, html;
    bool report = false;
    std::string status_body;
};

// Walks the parts without recursion, no deeper than kMaxDepth; does not enter attached
// messages (a forwarded or returned message is not the sender's text).
void walk(GMimeObject* root, Found& f) {
    std::vector<std::pair<GMimeObject*, std::size_t>> stack{{root, 0}};
    while (!stack.empty()) {
        auto [obj, depth] = stack.back();
        stack.pop_back();
        if (!obj || depth > kMaxDepth) continue;
        GMimeContentType* ct = g_mime_object_get_content_type(obj);
        if (GMIME_IS_MULTIPART(obj)) {
            if (ct && g_mime_content_type_is_type(ct, "multipart", "report")) {
                const char* type = g_mime_content_type_get_parameter(ct, "report-type");
                if (type && lower(type) == "delivery-status") f.report = true;
            }
            GMimeMultipart* mp = GMIME_MULTIPART(obj);
            const int n = g_mime_multipart_get_count(mp);
            for (int i = n - 1; i >= 0; --i) stack.push_back({g_mime_multipart_get_part(mp, i), depth + 1});
            continue;
        }
        if (!GMIME_IS_PART(obj) || !ct) continue;
        if (g_mime_content_type_is_type(ct, "message", "delivery-status") ||
            g_mime_content_type_is_type(ct, "message", "global-delivery-status")) {
            f.report = true;
            if (f.status_body.empty()) f.status_body = part_bytes(GMIME_PART(obj), kMaxText);
            continue;
        }
        if (is_attachment(obj) || !GMIME_IS_TEXT_PART(obj)) continue;
        if (g_mime_content_type_is_type(ct, "text", "plain") && f.plain.empty()) {
            f.plain = text_of(GMIME_TEXT_PART(obj));
        } else if (g_mime_content_type_is_type(ct, "text", "html") && f.html.empty()) {
            f.html = text_of(GMIME_TEXT_PART(obj));
        }
    }
}

std::size_t count_ci(std::string_view hay, std::string_view needle, std::size_t stop_at) {
    std::size_t n = 0;
    const auto it_end = hay.end();
    for (auto it = hay.begin();; ++it) {
        it = std::search(it, it_end, needle.begin(), needle.end(),
                         [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
        if (it == it_end) return n;
        if (++n >= stop_at) return n;
    }
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
    return s.size() >= prefix.size() && lower(s.substr(0, prefix.size())) == prefix;
}

bool is_auto_reply(GMimeObject* msg, const std::string& subject) {
    if (const char* v = g_mime_object_get_header(msg, "Auto-Submitted")) {
        if (lower(trim(v)) != "no") return true;  // auto-replied, auto-generated ...
    }
    for (const char* h : {"X-Autoreply", "X-Autorespond"}) {
        if (g_mime_object_get_header(msg, h)) return true;
    }
    if (const char* p = g_mime_object_get_header(msg, "Precedence")) {
        if (lower(trim(p)) == "auto_reply") return true;
    }
    const std::string folded = fold_for_search(subject);
    for (const char* s : {"respuesta automatica", "out of office", "automatic reply", "auto-reply", "autoreply",
                          "fuera de la oficina", "fuera de oficina", "ausencia", "auto:"}) {
        if (folded.rfind(s, 0) == 0) return true;
    }
    return false;
}

}  // namespace

std::string to_valid_utf8(std::string_view bytes) {
    if (is_valid_utf8(bytes)) return std::string(bytes);
    std::string out;
    out.reserve(bytes.size() + bytes.size() / 4);
    for (char c : bytes) {
        const auto b = static_cast<unsigned char>(c);
        if (b < 0x80) {
            out += c;
        } else {
            out += static_cast<char>(0xC0 | (b >> 6));
            out += static_cast<char>(0x80 | (b & 0x3F));
        }
    }
    return out;
}

std::string address_of(std::string_view from_header) {
    const auto lt = from_header.rfind('<');
    if (lt != std::string_view::npos) {
        const auto gt = from_header.find('>', lt);
        if (gt != std::string_view::npos) return trim(from_header.substr(lt + 1, gt - lt - 1));
    }
    std::istringstream words{std::string(from_header)};
    std::string w;
    while (words >> w) {
        if (w.find('@') != std::string::npos) return trim(w);
    }
    return {};
}

std::vector<DeliveryStatus> parse_delivery_status(std::string_view body) {
    std::vector<DeliveryStatus> out;
    // Groups of fields separated by blank lines; continuation lines start with a space.
    std::vector<std::vector<std::string>> groups(1);
    std::size_t pos = 0;
    while (pos < body.size() && out.size() < kMaxRecipients) {
        std::size_t end = body.find('\n', pos);
        if (end == std::string_view::npos) end = body.size();
        std::string line(body.substr(pos, end - pos));
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (trim(line).empty()) {
            if (!groups.back().empty()) groups.emplace_back();
            if (groups.size() > kMaxRecipients + 1) break;
            continue;
        }
        if ((line[0] == ' ' || line[0] == '\t') && !groups.back().empty()) {
            if (groups.back().back().size() < kMaxHeader) groups.back().back() += " " + trim(line);
        } else {
            groups.back().push_back(line);
        }
    }
    for (const auto& g : groups) {
        DeliveryStatus d;
        bool recipient_block = false;
        std::string original;
        for (const auto& f : g) {
            const auto colon = f.find(':');
            if (colon == std::string::npos) continue;
            const std::string name = lower(trim(f.substr(0, colon)));
            std::string value = trim(f.substr(colon + 1));
            auto typed = [](const std::string& v) {  // "rfc822; ana@example.es" -> the address
                const auto semi = v.find(';');
                return trim(semi == std::string::npos ? v : v.substr(semi + 1));
            };
            if (name == "final-recipient") {
                d.final_recipient = address_of(typed(value));
                if (d.final_recipient.empty()) d.final_recipient = typed(value);
                recipient_block = true;
            } else if (name == "original-recipient") {
                original = typed(value);
                recipient_block = true;
            } else if (name == "action") {
                d.action = lower(value);
                recipient_block = true;
            } else if (name == "status") {
                const auto sp = value.find_first_of(" \t(");
                d.status = value.substr(0, sp);
            } else if (name == "diagnostic-code") {
                d.diagnostic_code = value;
            }
        }
        if (!recipient_block) continue;
        if (d.final_recipient.empty()) d.final_recipient = address_of(original);
        d.final_recipient = header_text(d.final_recipient.c_str());
        d.action = header_text(d.action.c_str());
        d.status = header_text(d.status.c_str(), 32);
        d.diagnostic_code = header_text(d.diagnostic_code.c_str());
        out.push_back(std::move(d));
    }
    return out;
}

std::string html_to_text(std::string_view html) {
    init_libraries();
    if (html.empty()) return {};
    const int size = static_cast<int>(std::min<std::size_t>(html.size(), kMaxRaw));
    htmlDocPtr doc = htmlReadMemory(html.data(), size, nullptr, "UTF-8",
                                    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
    if (!doc) return {};
    std::string out;
    auto is = [](const xmlNode* n, std::initializer_list<const char*> names) {
        for (const char* name : names) {
            if (n->name && xmlStrcasecmp(n->name, reinterpret_cast<const xmlChar*>(name)) == 0) return true;
        }
        return false;
    };
    auto block = [&](const xmlNode* n) {
        return is(n, {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "hr",
                      "pre", "body", "section", "article", "header", "footer", "dd", "dt"});
    };
    auto newline = [&] {
        if (!out.empty() && out.back() != '\n') out += '\n';
    };
    // Iterative walk: first child, then next sibling, climbing back up through parents.
    xmlNode* root = xmlDocGetRootElement(doc);
    xmlNode* n = root;
    while (n && out.size() < kMaxText) {
        bool descend = false;
        if (n->type == XML_ELEMENT_NODE) {
            if (!is(n, {"blockquote", "script", "style", "head", "title", "noscript", "template"})) {
                if (block(n)) newline();
                descend = n->children != nullptr;
            }
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            if (n->content) {
                // HTML whitespace: runs of spaces and line ends are one space.
                for (const xmlChar* c = n->content; *c; ++c) {
                    const char ch = static_cast<char>(*c);
                    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f') {
                        if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
                    } else {
                        out += ch;
                    }
                }
            }
        }
        if (descend) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next) {
            n = n->parent;
            if (n && n->type == XML_ELEMENT_NODE && block(n)) newline();
        }
        if (!n || n == root) break;
        n = n->next;
    }
    xmlFreeDoc(doc);
    // Trim every line.
    std::string text;
    std::istringstream lines(replace_unicode_spaces(to_valid_utf8(cut_utf8(out, kMaxText))));
    std::string line;
    while (std::getline(lines, line)) text += trim(line) + "\n";
    return trim(text);
}

std::string reply_text_of(std::string_view text) {
    std::vector<std::string> own;
    auto own_text_so_far = [&] {
        for (const auto& l : own) {
            if (!trim(l).empty()) return true;
        }
        return false;
    };
    std::vector<std::string> lines;
    {
        std::size_t pos = 0;
        while (pos < text.size() && pos < 4 * kMaxText) {
            std::size_t end = text.find('\n', pos);
            if (end == std::string_view::npos) end = text.size();
            std::string line(text.substr(pos, end - pos));
            if (!line.empty() && line.back() == '\r') line.pop_back();
            lines.push_back(std::move(line));
            pos = end + 1;
        }
    }
    auto header_like = [](const std::string& l) {
        for (const char* h : {"enviado:", "sent:", "fecha:", "date:", "para:", "to:", "asunto:", "subject:", "cc:"}) {
            if (starts_with_ci(trim(l), h)) return true;
        }
        return false;
    };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const std::string& raw = lines[i];
        const std::string t = trim(replace_unicode_spaces(raw));
        const std::string folded = fold_for_search(t);
        if (!t.empty() && t[0] == '>') continue;  // a quoted line
        if (raw == "-- " || t == "--" || folded.rfind("enviado desde mi ", 0) == 0 ||
            folded.rfind("sent from my ", 0) == 0) {
            break;  // signature
        }
        if (folded.find("original message") != std::string::npos || folded.find("mensaje original") != std::string::npos ||
            folded.find("forwarded message") != std::string::npos || folded.find("mensaje reenviado") != std::string::npos ||
            (t.size() >= 20 && t.find_first_not_of('_') == std::string::npos)) {
            break;  // Outlook's quote, a forward, or its separator line
        }
        if ((starts_with_ci(t, "de:") || starts_with_ci(t, "from:")) && i + 1 < lines.size() &&
            header_like(lines[i + 1])) {
            break;  // an Outlook "De: ... Enviado: ..." block: the original follows
        }
        const bool attribution = (folded.size() >= 8 && (folded.compare(folded.size() - 8, 8, "escribio") == 0)) ||
                                 (folded.size() >= 9 && folded.compare(folded.size() - 9, 9, "escribio:") == 0) ||
                                 (folded.size() >= 6 && folded.compare(folded.size() - 6, 6, "wrote:") == 0);
        if (attribution) {
            // "El lun, 1 dic 2026 a las 10:00, Tienda (<" + "tienda@x>) escribió:" wrapped in two.
            if (!own.empty()) {
                const std::string prev = fold_for_search(trim(own.back()));
                if ((prev.rfind("el ", 0) == 0 || prev.rfind("on ", 0) == 0) &&
                    fold_for_search(t).rfind("el ", 0) != 0 && fold_for_search(t).rfind("on ", 0) != 0) {
                    own.pop_back();
                }
            }
            if (own_text_so_far()) break;  // top-posted: the quote follows
            own.clear();                   // bottom-posted: the answer comes after the quote
            continue;
        }
        own.push_back(raw);
    }
    std::string out;
    for (const auto& l : own) out += trim(l) + "\n";
    return cut_utf8(to_valid_utf8(trim(replace_unicode_spaces(out))), kMaxText);
}

ParsedMail parse_mail(std::string_view raw, const std::string& source) {
    init_libraries();
    ParsedMail m;
    m.source = source;
    if (raw.size() > kMaxRaw) raw = raw.substr(0, kMaxRaw);
    // A structure nested too deeply is read as its header block only.
    if (count_ci(raw, "multipart", kMaxMultiparts + 1) > kMaxMultiparts ||
        count_ci(raw, "message/", kMaxMultiparts + 1) > kMaxMultiparts) {
        const auto head = raw.find("\n\n") != std::string_view::npos ? raw.find("\n\n") : raw.find("\r\n\r\n");
        raw = raw.substr(0, head == std::string_view::npos ? raw.size() : head + 1);
    }
    GRef<GMimeStream> stream(g_mime_stream_mem_new_with_buffer(raw.data(), raw.size()));
    GRef<GMimeParser> parser(g_mime_parser_new_with_stream(stream.p));
    g_mime_parser_set_format(parser.p, GMIME_FORMAT_MESSAGE);
    GRef<GMimeMessage> msg(g_mime_parser_construct_message(parser.p, nullptr));
    if (!msg.p) return m;
    GMimeObject* obj = GMIME_OBJECT(msg.p);

    if (InternetAddressList* from = g_mime_message_get_from(msg.p)) {
        const int n = internet_address_list_length(from);
        for (int i = 0; i < n && m.from_address.empty(); ++i) {
            InternetAddress* ia = internet_address_list_get_address(from, i);
            if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
                m.from_address = header_text(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)), 320);
                m.from_name = header_text(internet_address_get_name(ia));
            }
        }
    }
    if (m.from_address.find_first_of(" <>\"") != std::string::npos) m.from_address.clear();
    m.subject = header_text(g_mime_message_get_subject(msg.p));
    m.date = header_text(g_mime_object_get_header(obj, "Date"));
    m.message_id = bracketed(header_text(g_mime_message_get_message_id(msg.p)));
    if (const auto ids = message_ids(g_mime_object_get_header(obj, "In-Reply-To")); !ids.empty()) {
        m.in_reply_to = ids.front();
    }
    m.references = message_ids(g_mime_object_get_header(obj, "References"));
    m.auto_submitted = is_auto_reply(obj, m.subject);

    Found f;
    walk(g_mime_message_get_mime_part(msg.p), f);
    m.delivery_report = f.report;
    if (!f.status_body.empty()) m.delivery = parse_delivery_status(f.status_body);
    std::string text = !f.plain.empty() ? f.plain : html_to_text(f.html);
    m.body_text = cut_utf8(to_valid_utf8(text), kMaxText);
    m.reply_text = reply_text_of(m.body_text);
    return m;
}

}  // namespace clientela::send
