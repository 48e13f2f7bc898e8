#include "send/curl_support.hpp"

#include <mutex>

namespace clientela::send {

void init_curl_once() {
    static std::once_flag once;
    std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

std::size_t append_to_string(char* data, std::size_t size, std::size_t count, void* user) {
    static_cast<std::string*>(user)->append(data, size * count);
    return size * count;
}

Transfer perform_transfer(CURL* curl, long timeout_seconds) {
    char error_buffer[CURL_ERROR_SIZE] = {0};
    curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT, 20L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT, timeout_seconds);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, error_buffer);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    Transfer t;
    t.code = curl_easy_perform(curl);
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &t.response);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, nullptr);
    t.detail = error_buffer[0] ? error_buffer : curl_easy_strerror(t.code);
    return t;
}

}  // namespace clientela::send
