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
include(${CMAKE_CURRENT_LIST_DIR}/golden_compare.cmake)
golden_compare("${out}" ${DIR}/${EXPECTED} golden)
