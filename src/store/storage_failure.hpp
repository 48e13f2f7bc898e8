// Failures of the database engine as the project's own error type: the store seam's error
// contract, so that app/, cli/ and ui/ never see (or name) an engine's exception.
#pragma once

#include "core/errors.hpp"

#include <exception>
#include <string>
#include <utility>

namespace clientela::store {

// A failure the database engine reported (full disk, I/O error, busy, damaged file ...),
// translated by the store: what() is the sentence a shop owner reads (the one clientela-cli
// has always printed), detail() the engine's own words, kind() what a caller may act on.
class StorageFailure : public StorageError {
public:
    enum class Kind { full, io, busy, read_only, damaged, not_allowed, unreachable, other };
    StorageFailure(Kind kind, const std::string& detail);
    Kind kind() const { return kind_; }
    const std::string& detail() const { return detail_; }

private:
    Kind kind_;
    std::string detail_;
};

// Where engine exceptions become StorageFailure. Repositories let the engine's exceptions
// (SQLiteCpp's today, libpqxx's later) fly through their method bodies unchanged: wrapping
// every method of every repository would be hundreds of try blocks. Instead the few places
// where control comes back to the program run their store work through
// translate_failures(): clientela-cli's main (every command), and the callers that put their
// own words around a failure (the importer's commit). A store-owned catch is the only place
// that names the engine's exception type.
//
// Rethrows `failure` as a StorageFailure when it is an engine exception, unchanged otherwise.
[[noreturn]] void rethrow_translated(std::exception_ptr failure);

// Runs `work()` and returns what it returns; an engine exception escaping it is rethrown
// as a StorageFailure, anything else unchanged.
template <class Work>
decltype(auto) translate_failures(Work&& work) {
    try {
        return std::forward<Work>(work)();
    } catch (...) {
        rethrow_translated(std::current_exception());
    }
}

}  // namespace clientela::store
