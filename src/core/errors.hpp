// Typed errors of Clientela: one base class, caught once at the CLI/UI boundary.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace clientela {

// Base of every error the program reports to a person. what() is a readable English
// sentence (the CLI prints it). Errors a shop owner meets in the window also carry a code and
// the values the sentence names, in order, so the desktop app can say them in its own
// language (ui/messages.cpp: message_text); src/ has no translations of its own.
class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
    Error(const std::string& message, std::string code, std::vector<std::string> args = {})
        : std::runtime_error(message), code_(std::move(code)), args_(std::move(args)) {}
    // Empty when only the English sentence exists.
    const std::string& code() const noexcept { return code_; }
    const std::vector<std::string>& args() const noexcept { return args_; }

private:
    std::string code_;
    std::vector<std::string> args_;
};

// Input that breaks a domain rule (bad phone for a mobile-only field, bad email, ...).
class ValidationError : public Error {
public:
    using Error::Error;
};

// A record that would collide with an existing one (same mobile or email, ...).
class ConflictError : public Error {
public:
    using Error::Error;
};

// A contact, wording, event ... that does not exist.
class NotFoundError : public Error {
public:
    using Error::Error;
};

// Database could not be opened, migrated or written.
class StorageError : public Error {
public:
    using Error::Error;
};

// A file that cannot be read as what it claims to be. Carries file and line (1-based).
class ParseError : public Error {
public:
    ParseError(std::string file, std::size_t line, const std::string& message)
        : Error(file + ":" + std::to_string(line) + ": " + message),
          file_(std::move(file)),
          line_(line),
          detail_(message) {}
    const std::string& file() const { return file_; }
    std::size_t line() const { return line_; }
    const std::string& detail() const { return detail_; }

private:
    std::string file_;
    std::size_t line_;
    std::string detail_;
};

}  // namespace clientela
