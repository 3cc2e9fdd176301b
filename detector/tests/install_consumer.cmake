# install_consumer.cmake - install the build to a temporary prefix, then
# build and run a small program against it twice: with find_package(unspun)
# and with pkg-config (as utf8proc's test/app does). Also runs the installed
# CLI, which must find the installed data file next to itself.
#   cmake -DBUILD=dir -DSRC=consumer-dir -DWORK=dir -DCC=compiler
#         -P install_consumer.cmake
cmake_minimum_required(VERSION 3.21) # file(COPY_FILE)
file(REMOVE_RECURSE ${WORK})
set(prefix ${WORK}/prefix)

function(step what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc
                  OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${rc}):\n${out}\n${err}")
  endif()
  set(step_out "${out}" PARENT_SCOPE)
  message(STATUS "ok: ${what}")
endfunction()

step("install to ${prefix}" ${CMAKE_COMMAND} --install ${BUILD} --prefix ${prefix})
file(GLOB_RECURSE data ${prefix}/*/unspun/unspun.dat)
file(GLOB_RECURSE pc ${prefix}/*/libunspun.pc)
file(GLOB_RECURSE config ${prefix}/*/unspunConfig.cmake)
foreach(f data pc config)
  if(NOT ${f})
    message(FATAL_ERROR "the install has no ${f} file")
  endif()
endforeach()
file(GLOB_RECURSE man ${prefix}/unspun.1)
if(NOT man MATCHES "/man1/unspun.1$")
  message(FATAL_ERROR "the install has no manual page man1/unspun.1")
endif()
if(NOT EXISTS ${prefix}/include/unspun.h OR NOT EXISTS ${prefix}/include/unspun_version.h)
  message(FATAL_ERROR "the install has no unspun.h / unspun_version.h")
endif()

# 0. a second install puts a new data file in place, never writing into
# the old one: a running unspun maps it. A hard link stands for that
# process's mapping; the installed file is first made to differ from the
# build's, so that the install must write. The manifest lists the file.
set(held ${WORK}/held.dat)
file(COPY_FILE ${data} ${data}.other)
file(APPEND ${data}.other "another version")
file(RENAME ${data}.other ${data})
file(CREATE_LINK ${data} ${held})
file(SIZE ${held} held_before)
step("install again over another data file" ${CMAKE_COMMAND} --install ${BUILD} --prefix ${prefix})
file(SIZE ${held} held_after)
file(SIZE ${data} data_after)
file(GLOB_RECURSE built ${BUILD}/share/unspun/unspun.dat)
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${built} ${data}
                RESULT_VARIABLE differs)
if(differs OR NOT held_after EQUAL held_before OR held_after EQUAL data_after)
  message(FATAL_ERROR "the second install wrote into the installed data "
          "file (held ${held_before} -> ${held_after} bytes, installed "
          "${data_after}, differs from the build's: ${differs})")
endif()
file(STRINGS ${BUILD}/install_manifest.txt manifest REGEX "/unspun[.]dat$")
if(NOT manifest STREQUAL data)
  message(FATAL_ERROR "install_manifest.txt lists no ${data}: ${manifest}")
endif()
message(STATUS "ok: the data file was replaced, not overwritten")

get_filename_component(libdir ${pc} DIRECTORY)
get_filename_component(libdir ${libdir} DIRECTORY)
set(text "The committee asked whether the system would use counterfeit consciousness to sort the applications.")

# 1. find_package(unspun)
step("configure the find_package consumer" ${CMAKE_COMMAND} -S ${SRC}
     -B ${WORK}/cmake -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_C_COMPILER=${CC})
step("build the find_package consumer" ${CMAKE_COMMAND} --build ${WORK}/cmake)
step("run the find_package consumer" ${WORK}/cmake/consumer ${data} "${text}")
set(via_cmake "${step_out}")

# 2. pkg-config (the prefix is a variable of the .pc file: relocatable)
find_program(PKG_CONFIG pkg-config REQUIRED)
step("pkg-config libunspun" ${CMAKE_COMMAND} -E env PKG_CONFIG_PATH=${libdir}/pkgconfig
     ${PKG_CONFIG} --define-variable=prefix=${prefix} --cflags --libs libunspun)
string(STRIP "${step_out}" flags)
separate_arguments(flags UNIX_COMMAND "${flags}")
step("build the pkg-config consumer" ${CC} -std=c11 -Wall -Werror ${SRC}/consumer.c
     ${flags} -o ${WORK}/consumer-pc)
step("run the pkg-config consumer" ${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${libdir}
     ${WORK}/consumer-pc ${data} "${text}")
set(via_pc "${step_out}")

if(NOT via_cmake MATCHES "^[0-9]+\\.[0-9]+\\.[0-9]+ {\"file\":\"arg\",\"score\":"
   OR NOT via_cmake MATCHES "\"kind\":\"fingerprint\"")
  message(FATAL_ERROR "unexpected consumer output: ${via_cmake}")
endif()
if(NOT via_cmake STREQUAL via_pc)
  message(FATAL_ERROR "the two consumers differ:\n${via_cmake}\n${via_pc}")
endif()

# 3. the installed program finds the installed data next to itself
step("installed unspun --version" ${CMAKE_COMMAND} -E env --unset=UNSPUN_DATA
     LD_LIBRARY_PATH=${libdir} ${prefix}/bin/unspun --version)
if(NOT step_out MATCHES "data version [0-9a-f]+")
  message(FATAL_ERROR "installed unspun --version: ${step_out}")
endif()
message(STATUS "consumers agree: ${via_cmake}")
