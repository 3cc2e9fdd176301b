# size_at_most.cmake - fail unless FILE exists and holds at most MAX bytes.
#   cmake -DFILE=path -DMAX=bytes -P size_at_most.cmake
if(NOT EXISTS "${FILE}")
  message(FATAL_ERROR "${FILE}: missing")
endif()
file(SIZE "${FILE}" size)
if(size GREATER MAX)
  message(FATAL_ERROR "${FILE}: ${size} bytes, more than ${MAX}")
endif()
message(STATUS "${FILE}: ${size} bytes (at most ${MAX})")
