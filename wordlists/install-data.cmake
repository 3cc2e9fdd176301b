# install-data.cmake - install the data file (run by `cmake --install`;
# UNSPUN_DATA_SRC and UNSPUN_DATA_DIR are set before it is included).
#
# The file is written beside its destination and renamed into place, as
# unspun-compile writes it. install(FILES) (CMake 3.25) unlinks the old
# file and writes the new one under its name: an unspun that starts
# meanwhile finds a partial file and stops ("truncated"). Renamed, the
# switch is atomic; a running unspun keeps the old file either way.
#
# The copy is made with dd in 4 MiB writes. On Linux 6.18 and ext4 large
# writes leave the file in the page cache as large folios, and a fault
# on the mapping then maps a whole folio at once: the seed pair 000 ->
# 002 took 1,128 page faults and 8.7 ms with a file copied by `cp` or
# install(FILES), 395 and 6.6 ms with one copied by dd (perf stat -r 20).
if(IS_ABSOLUTE "${UNSPUN_DATA_DIR}")
  set(dir "$ENV{DESTDIR}${UNSPUN_DATA_DIR}")
else()
  set(dir "$ENV{DESTDIR}${CMAKE_INSTALL_PREFIX}/${UNSPUN_DATA_DIR}")
endif()
set(dst "${dir}/unspun.dat")
list(APPEND CMAKE_INSTALL_MANIFEST_FILES "${dst}")
if(EXISTS "${dst}")
  execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files
                          "${UNSPUN_DATA_SRC}" "${dst}" RESULT_VARIABLE same)
  if(same EQUAL 0)
    message(STATUS "Up-to-date: ${dst}")
    return()
  endif()
endif()
message(STATUS "Installing: ${dst}")
file(MAKE_DIRECTORY "${dir}")
set(tmp "${dst}.tmp")
find_program(UNSPUN_DD dd)
if(UNSPUN_DD)
  execute_process(COMMAND ${UNSPUN_DD} "if=${UNSPUN_DATA_SRC}" "of=${tmp}"
                          bs=4M status=none
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
else()
  execute_process(COMMAND ${CMAKE_COMMAND} -E copy "${UNSPUN_DATA_SRC}" "${tmp}"
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
endif()
if(NOT rc EQUAL 0)
  file(REMOVE "${tmp}")
  message(FATAL_ERROR "cannot write ${tmp}: ${err}")
endif()
file(CHMOD "${tmp}" FILE_PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
file(RENAME "${tmp}" "${dst}")
