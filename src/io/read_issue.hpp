// A problem a reader met in an input file: the line, whether the data was skipped, and why.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace clientela::io {

enum class IssueKind {
    warning,  // the data was read, but something was guessed or repaired
    skipped   // the data was left out of the result
};

struct ReadIssue {
    std::size_t line = 0;  // 1-based physical line of the input file
    IssueKind kind = IssueKind::warning;
    std::string message;  // plain English, for the CLI
    // The same in a form the desktop app translates (ui/messages.cpp: message_text): a
    // stable code such as "read.no_name" and the values the sentence names, in order.
    std::string code;
    std::vector<std::string> args;
};

}  // namespace clientela::io
