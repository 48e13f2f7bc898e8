# write_if_changed(PATH TEXT): writes TEXT to PATH only when it differs, so a generated
# source keeps its time stamp and nothing that includes it is rebuilt for nothing.
function(write_if_changed path text)
  if(EXISTS "${path}")
    file(READ "${path}" old)
  else()
    set(old "")
  endif()
  if(NOT old STREQUAL text)
    file(WRITE "${path}" "${text}")
  endif()
endfunction()
