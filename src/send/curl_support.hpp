// What the libcurl transports (SMTP, IMAP, WhatsApp) share: libcurl's global set-up, done
// once before the first handle, the write callback that collects a response body, and the
// options, the perform and the error sentence every transfer has in common.
#pragma once

#include <curl/curl.h>

#include <cstddef>
#include <string>

namespace clientela::send {

// curl_global_init once per process, thread-safe; call before curl_easy_init.
void init_curl_once();

// CURLOPT_WRITEFUNCTION that appends to the std::string given as CURLOPT_WRITEDATA.
std::size_t append_to_string(char* data, std::size_t size, std::size_t count, void* user);

// What one transfer came to.
struct Transfer {
    CURLcode code = CURLE_OK;
    long response = 0;   // the server's last response code (SMTP reply, HTTP status); 0: none came
    std::string detail;  // libcurl's sentence for a failure: its error buffer, else curl_easy_strerror
};

// Sets the options every transfer shares (20 s to connect, `timeout_seconds` in all, no
// signals: the transfers run on worker threads, an error buffer), performs the transfer the
// caller set up on `curl`, and unsets the error buffer again so the handle can be kept.
Transfer perform_transfer(CURL* curl, long timeout_seconds);

}  // namespace clientela::send
