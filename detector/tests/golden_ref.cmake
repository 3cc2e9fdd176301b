# golden_ref.cmake - reference mode golden file: run
#   unspun score --format json --ref NAME.ref*.txt ... NAME.txt
# in DIR and compare with NAME.expected.json byte for byte (unified diff
# on a mismatch). UNSPUN_UPDATE_GOLDEN=1 in the environment rewrites it.
#   -DUNSPUN=exe -DDATA=file -DDIR=dir -DNAME=name [-DWRAP=valgrind;...]
file(GLOB refs RELATIVE ${DIR} ${DIR}/${NAME}.ref*.txt)
list(SORT refs)
set(args)
foreach(r ${refs})
  list(APPEND args --ref ${r})
endforeach()
execute_process(
  COMMAND ${WRAP} ${UNSPUN} score --format json --data ${DATA} ${args}
    ${NAME}.txt
  WORKING_DIRECTORY ${DIR}
  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "exit status ${rc}\n${err}")
endif()
set(expected ${DIR}/${NAME}.expected.json)
include(${CMAKE_CURRENT_LIST_DIR}/golden_compare.cmake)
golden_compare("${out}" ${expected} golden-ref)
