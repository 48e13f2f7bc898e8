// libFuzzer entry point: see fuzz_bodies.hpp.
#include "fuzz_bodies.hpp"

extern "C" int LLVMFuzzerTestOneInput(const unsigned char* data, unsigned long size) {
    clientela::fuzz::mail_message(data, size);
    return 0;
}
