# readme_example.cmake - the report shown under "Usage" in README.md is what
# the program prints: the block that starts with "$ unspun score ARGS" is
# run (in the source tree, colour off) and compared byte for byte.
#   cmake -DUNSPUN=exe -DDATA=file -DSRC=dir -P readme_example.cmake
cmake_minimum_required(VERSION 3.18)
file(READ ${SRC}/README.md md)
string(REGEX MATCH "\n\\$ unspun score ([^\n]*)\n([^`]*)```" found "${md}")
if(NOT found)
  message(FATAL_ERROR "README.md has no '$ unspun score ...' example block")
endif()
set(args "${CMAKE_MATCH_1}")
set(want "${CMAKE_MATCH_2}")
separate_arguments(args UNIX_COMMAND "${args}")
execute_process(
  COMMAND ${CMAKE_COMMAND} -E env --unset=UNSPUN_DATA NO_COLOR=1
    ${UNSPUN} score --data ${DATA} ${args}
  WORKING_DIRECTORY ${SRC}
  OUTPUT_VARIABLE got ERROR_VARIABLE err RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "README example: exit status ${rc}: ${err}")
endif()
if(NOT got STREQUAL want)
  message(FATAL_ERROR "README example differs from the program's output.\n"
    "README.md shows:\n${want}\nthe program prints:\n${got}")
endif()
message(STATUS "ok: README.md's example report is the program's output")
