# golden_compare.cmake - the check every golden-file script ends with
# (golden.cmake, golden_ref.cmake, golden_html.cmake): `out`, the output,
# against the file `expected` byte for byte, with a unified diff and the
# output kept as CMAKE_CURRENT_BINARY_DIR/PREFIX-XXXXXXXX.out on a
# mismatch; UNSPUN_UPDATE_GOLDEN=1 in the environment rewrites the file.
function(golden_compare out expected prefix)
  if("$ENV{UNSPUN_UPDATE_GOLDEN}" STREQUAL "1")
    file(WRITE ${expected} "${out}")
    message(STATUS "rewrote ${expected}")
    return()
  endif()
  if(NOT EXISTS ${expected})
    message(FATAL_ERROR "missing ${expected} (UNSPUN_UPDATE_GOLDEN=1 writes it)")
  endif()
  file(READ ${expected} want)
  if(NOT out STREQUAL want)
    string(RANDOM LENGTH 8 tag)
    set(got ${CMAKE_CURRENT_BINARY_DIR}/${prefix}-${tag}.out)
    file(WRITE ${got} "${out}")
    execute_process(COMMAND diff -u ${expected} ${got})
    message(FATAL_ERROR "output differs from ${expected} (got: ${got})")
  endif()
endfunction()
