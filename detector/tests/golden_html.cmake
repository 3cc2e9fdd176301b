# golden_html.cmake - an HTML report golden file: run
#   unspun CMD --data DATA ARGS...      (ARGS: a |-separated list)
# in DIR and compare its output with EXPECTED byte for byte (a unified
# diff on a mismatch), after replacing the data version in the footer with
# DATA-VERSION: it changes with any Debian data package, while the page
# changes only with what the detector reports. UNSPUN_UPDATE_GOLDEN=1 in
# the environment rewrites EXPECTED.
#   -DUNSPUN=exe -DDATA=file -DDIR=dir -DCMD=score|scan -DARGS=a|b|c
#   -DEXPECTED=file [-DEXPECT_RC=n] [-DWRAP=valgrind;...]
if(NOT DEFINED EXPECT_RC)
  set(EXPECT_RC 0)
endif()
string(REPLACE "|" ";" args "${ARGS}")
execute_process(
  COMMAND ${WRAP} ${UNSPUN} ${CMD} --data ${DATA} ${args}
  WORKING_DIRECTORY ${DIR}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL EXPECT_RC)
  message(FATAL_ERROR "exit status ${rc}, expected ${EXPECT_RC}\n${err}")
endif()
string(REGEX REPLACE "data version <code>[0-9a-f]+</code>"
       "data version <code>DATA-VERSION</code>" out "${out}")
include(${CMAKE_CURRENT_LIST_DIR}/golden_compare.cmake)
golden_compare("${out}" ${EXPECTED} golden-html)
