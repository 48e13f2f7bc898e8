// Output to a terminal that stored values cannot drive: control characters in what the CLI
// prints are shown as visible escapes, so a customer's name cannot clear the screen,
// retitle the window, hide text or reverse a line.
#pragma once

#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

namespace clientela::cli {

// --escape: `automatic` escapes a stream only when it is a terminal (isatty).
enum class EscapeMode { automatic, always, never };

// "auto", "always" or "never" (CLI11 checks the set before this is called).
EscapeMode escape_mode_from_name(const std::string& name);

// Appends `text` with every character a terminal could act on written as an escape:
// C0 controls except the line feed and bytes that are not UTF-8 as \x1b, \xff; DEL, C1
// controls (U+0080..U+009F) and the Unicode direction controls (U+061C, U+200E, U+200F,
// U+202A..U+202E, U+2066..U+2069) as \u007f, \u009b, \u202e (JSON escapes, so --json on a
// terminal stays valid JSON). Everything else is copied.
void append_escaped_for_terminal(std::string_view text, std::string& out);
std::string escape_for_terminal(std::string_view text);

// While alive, std::cout and std::cerr pass everything written to them through
// append_escaped_for_terminal (each stream when it is a terminal, for `automatic`), so
// every printer of the CLI is covered, including error messages that quote input. JSON
// output needs no help (it escapes controls itself) and stays byte-exact on a pipe.
class TerminalEscaping {
public:
    explicit TerminalEscaping(EscapeMode mode);
    ~TerminalEscaping();
    TerminalEscaping(const TerminalEscaping&) = delete;
    TerminalEscaping& operator=(const TerminalEscaping&) = delete;

private:
    struct Filter;
    std::unique_ptr<Filter> out_, err_;
};

}  // namespace clientela::cli
