# Script mode: writes a C++ source with one function returning a file's text.
# Usage: cmake -DIN=file -DOUT=out.cpp -DFUNC=name -DNS=namespace -P EmbedText.cmake
file(READ "${IN}" text)
string(FIND "${text}" ")txt\"" bad)
if(NOT bad EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw-string terminator )txt\"")
endif()
set(body "// Generated from ${IN} by cmake/EmbedText.cmake. Do not edit.\nnamespace ${NS} {\nconst char* ${FUNC}() {\n    return R\"txt(${text})txt\";\n}\n}  // namespace ${NS}\n")
include("${CMAKE_CURRENT_LIST_DIR}/WriteIfChanged.cmake")
write_if_changed("${OUT}" "${body}")
