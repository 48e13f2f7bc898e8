# wxWidgets 3.2 has no CMake config file on Debian 12: wrap FindwxWidgets (wx-config) into
# the imported target wx::core (core, base and html: the help pages). Headers are SYSTEM so our -Wpedantic does not judge them.
find_package(wxWidgets 3.2 REQUIRED COMPONENTS html core base)
add_library(wx::core INTERFACE IMPORTED)
target_include_directories(wx::core SYSTEM INTERFACE ${wxWidgets_INCLUDE_DIRS})
target_compile_definitions(wx::core INTERFACE ${wxWidgets_DEFINITIONS})
separate_arguments(_wx_cxx_flags UNIX_COMMAND "${wxWidgets_CXX_FLAGS}")
target_compile_options(wx::core INTERFACE ${_wx_cxx_flags})
target_link_libraries(wx::core INTERFACE ${wxWidgets_LIBRARIES})
