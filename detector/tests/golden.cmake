# golden.cmake - run `unspun score --format json` on fixture(s) in DIR and
# compare with the expected file byte for byte; print a unified diff on a
# mismatch. UNSPUN_UPDATE_GOLDEN=1 in the environment rewrites the file.
#   -DUNSPUN=exe -DDATA=file -DDIR=dir -DINPUT=name|* -DEXPECTED=file
#   [-DEXPECT_RC=n] [-DWRAP=valgrind;...]
if(NOT DEFINED EXPECT_RC)
  set(EXPECT_RC 0)
endif()
if(INPUT STREQUAL "*")
  file(GLOB inputs RELATIVE ${DIR} ${DIR}/*)
  list(REMOVE_ITEM inputs ${EXPECTED} README.md)
  list(SORT inputs)
else()
  set(inputs ${INPUT})
endif()
execute_process(
  COMMAND ${WRAP} ${UNSPUN} score --format json --data ${DATA} ${inputs}
  WORKING_DIRECTORY ${DIR}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL EXPECT_RC)
  message(FATAL_ERROR "exit status ${rc}, expected ${EXPECT_RC}\n${err}")
endif()
if("$ENV{UNSPUN_UPDATE_GOLDEN}" STREQUAL "1")
  file(WRITE ${DIR}/${EXPECTED} "${out}")
  message(STATUS "rewrote ${DIR}/${EXPECTED}")
  return()
endif()
if(NOT EXISTS ${DIR}/${EXPECTED})
  message(FATAL_ERROR "missing ${DIR}/${EXPECTED} (UNSPUN_UPDATE_GOLDEN=1 writes it)")
endif()
file(READ ${DIR}/${EXPECTED} want)
if(NOT out STREQUAL want)
  string(RANDOM LENGTH 8 tag)
  set(got ${CMAKE_CURRENT_BINARY_DIR}/golden-${tag}.out)
  file(WRITE ${got} "${out}")
  execute_process(COMMAND diff -u ${DIR}/${EXPECTED} ${got})
  message(FATAL_ERROR "output differs from ${DIR}/${EXPECTED} (got: ${got})")
endif()
