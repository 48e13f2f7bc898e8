// What the libcurl transports (SMTP, IMAP, WhatsApp) share: libcurl's global set-up, done
// once before the first handle, and the write callback that collects a response body.
#pragma once

#include <cstddef>
#include <string>

namespace clientela::send {

// curl_global_init once per process, thread-safe; call before curl_easy_init.
void init_curl_once();

// CURLOPT_WRITEFUNCTION that appends to the std::string given as CURLOPT_WRITEDATA.
std::size_t append_to_string(char* data, std::size_t size, std::size_t count, void* user);

}  // namespace clientela::send
