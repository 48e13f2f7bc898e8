#include "send/mailbox_reader.hpp"

#include "core/errors.hpp"
#include "core/text.hpp"
#include "send/mime_message.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace clientela::send {

namespace {

std::string lower_ascii(std::string_view s) {
    std::string out;
    for (char c : s) out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string trim(std::string_view s) {
    const auto b = s.find_first_not_of(" \t\r\n");
    if (b == std::string_view::npos) return {};
    const auto e = s.find_last_not_of(" \t\r\n");
    return std::string(s.substr(b, e - b + 1));
}

// Whole word match on ASCII letters: "baja" in "Re: BAJA" but not in "bajada".
bool has_word(const std::string& text, const std::string& word) {
    for (std::size_t pos = text.find(word); pos != std::string::npos; pos = text.find(word, pos + 1)) {
        const bool start_ok = pos == 0 || !std::isalpha(static_cast<unsigned char>(text[pos - 1]));
        const std::size_t end = pos + word.size();
        const bool end_ok = end == text.size() || !std::isalpha(static_cast<unsigned char>(text[end]));
        if (start_ok && end_ok) return true;
    }
    return false;
}

}  // namespace

std::string address_of(std::string_view from_header) {
    const auto lt = from_header.rfind('<');
    if (lt != std::string_view::npos) {
        const auto gt = from_header.find('>', lt);
        if (gt != std::string_view::npos) return trim(from_header.substr(lt + 1, gt - lt - 1));
    }
    // Bare address, perhaps with a "(comment)".
    std::istringstream words{std::string(from_header)};
    std::string w;
    while (words >> w) {
        if (w.find('@') != std::string::npos) return trim(w);
    }
    return {};
}

MailHeaders parse_headers(std::string_view message, const std::string& source) {
    MailHeaders h;
    h.source = source;
    std::vector<std::string> fields;
    std::size_t pos = 0;
    while (pos < message.size()) {
        std::size_t end = message.find('\n', pos);
        if (end == std::string_view::npos) end = message.size();
        std::string line(message.substr(pos, end - pos));
        pos = end + 1;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty()) break;  // end of the header block
        if ((line[0] == ' ' || line[0] == '\t') && !fields.empty()) {
            fields.back() += line;  // folded continuation
        } else {
            fields.push_back(line);
        }
    }
    for (const auto& f : fields) {
        const auto colon = f.find(':');
        if (colon == std::string::npos) continue;
        const std::string name = lower_ascii(trim(f.substr(0, colon)));
        const std::string value = trim(f.substr(colon + 1));
        if (name == "from") h.from_address = address_of(decode_header_words(value));
        if (name == "subject") h.subject = decode_header_words(value);
        if (name == "date") h.date = value;
        if (name == "message-id") h.message_id = value;
    }
    return h;
}

std::vector<MailHeaders> read_mbox(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw NotFoundError("cannot open the mailbox file " + path);
    std::vector<MailHeaders> out;
    std::string line, current;
    std::size_t line_no = 0, start_line = 0;
    bool previous_blank = true;
    auto flush = [&] {
        if (start_line != 0) out.push_back(parse_headers(current, path + ":" + std::to_string(start_line)));
        current.clear();
    };
    while (std::getline(in, line)) {
        ++line_no;
        if (previous_blank && line.rfind("From ", 0) == 0) {
            flush();
            start_line = line_no;
            previous_blank = false;
            continue;
        }
        if (start_line != 0) current += line + "\n";
        previous_blank = line.empty() || line == "\r";
    }
    flush();
    return out;
}

std::vector<MailHeaders> read_maildir(const std::string& dir) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw NotFoundError("the maildir " + dir + " does not exist");
    std::vector<fs::path> dirs;
    for (const char* sub : {"new", "cur"}) {
        if (fs::is_directory(fs::path(dir) / sub, ec)) dirs.push_back(fs::path(dir) / sub);
    }
    if (dirs.empty()) dirs.push_back(dir);
    std::vector<fs::path> files;
    for (const auto& d : dirs) {
        for (const auto& entry : fs::directory_iterator(d)) {
            if (entry.is_regular_file() && entry.path().filename().string()[0] != '.') files.push_back(entry.path());
        }
    }
    std::sort(files.begin(), files.end());
    std::vector<MailHeaders> out;
    for (const auto& f : files) {
        std::ifstream in(f, std::ios::binary);
        std::string head, line;
        while (std::getline(in, line)) {  // headers only
            head += line + "\n";
            if (line.empty() || line == "\r") break;
        }
        out.push_back(parse_headers(head, f.string()));
    }
    return out;
}

bool is_unsubscribe_subject(std::string_view subject) {
    const std::string folded = fold_for_search(subject);
    for (const char* w : {"baja", "unsubscribe", "desuscribir", "desuscribirme", "cancelar suscripcion", "stop"}) {
        if (has_word(folded, w)) return true;
    }
    return false;
}

}  // namespace clientela::send
