# Project-wide warning and sanitizer flags, applied through the interface target clientela_flags.
add_library(clientela_flags INTERFACE)
target_compile_options(clientela_flags INTERFACE -Wall -Wextra -Wpedantic)
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  # GCC 12 reports false maybe-uninitialized warnings inside date::from_stream (date.h);
  # the sanitizer build and valgrind cover real uninitialised reads.
  target_compile_options(clientela_flags INTERFACE -Wno-maybe-uninitialized)
endif()
if(CLIENTELA_WERROR)
  target_compile_options(clientela_flags INTERFACE -Werror)
endif()
if(CLIENTELA_SANITIZE)
  target_compile_options(clientela_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                   -fno-sanitize-recover=undefined)
  target_link_options(clientela_flags INTERFACE -fsanitize=address,undefined)
endif()
