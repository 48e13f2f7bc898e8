# libphonenumber ships no CMake config on Debian 12: find header + library, give an imported target.
find_path(PHONENUMBER_INCLUDE_DIR phonenumbers/phonenumberutil.h REQUIRED)
find_library(PHONENUMBER_LIBRARY phonenumber REQUIRED)
# Its metadata classes are protobuf messages: reading them (core/phone_ranges.cpp) needs libprotobuf.
find_library(PHONENUMBER_PROTOBUF_LIBRARY protobuf REQUIRED)
add_library(phonenumber::phonenumber UNKNOWN IMPORTED)
set_target_properties(phonenumber::phonenumber PROPERTIES
  IMPORTED_LOCATION "${PHONENUMBER_LIBRARY}"
  INTERFACE_INCLUDE_DIRECTORIES "${PHONENUMBER_INCLUDE_DIR}"
  INTERFACE_LINK_LIBRARIES "${PHONENUMBER_PROTOBUF_LIBRARY}")
