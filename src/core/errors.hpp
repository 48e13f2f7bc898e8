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

// A mobile number or email that already identifies another customer; names that customer so
// the window can say who (and offer to open them).
class IdentityTakenError : public ConflictError {
public:
    IdentityTakenError(bool is_email, std::string value, std::string owner_name, std::string owner_uuid)
        : ConflictError(std::string(is_email ? "the email " : "the mobile number ") + value + " already belongs to " +
                            owner_name + " (" + owner_uuid + ")",
                        is_email ? "point.email_taken" : "point.mobile_taken", {value, owner_name}),
          is_email_(is_email),
          value_(std::move(value)),
          owner_name_(std::move(owner_name)),
          owner_uuid_(std::move(owner_uuid)) {}
    bool is_email() const { return is_email_; }
    const std::string& value() const { return value_; }
    const std::string& owner_name() const { return owner_name_; }
    const std::string& owner_uuid() const { return owner_uuid_; }

private:
    bool is_email_;
    std::string value_;
    std::string owner_name_;
    std::string owner_uuid_;
};

}  // namespace clientela
