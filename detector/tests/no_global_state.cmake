# no_global_state.cmake - libunspun keeps no writable file-scope data:
# every table is static const, so one engine can be shared by threads.
# Fails if a symbol of the library lives in .data or .bss (read-only
# relocated data, .data.rel.ro, is allowed: it is const after loading).
execute_process(COMMAND objdump -t ${LIB} OUTPUT_VARIABLE syms
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "objdump failed on ${LIB}")
endif()
string(REGEX MATCHALL "[^\n]*[ \t]\\.(data|bss)[ \t][^\n]*" writable "${syms}")
set(bad "")
foreach(line ${writable})
  # section symbols themselves (size 0, flag "d") are not data
  # (and the sanitizers' own instrumentation, e.g. ASan's ODR indicators)
  if(NOT line MATCHES "[ \t]0+[ \t]+\\.(data|bss)[ \t]*$"
     AND NOT line MATCHES "[ \t]0+[ \t]"
     AND NOT line MATCHES "[ \t](__odr_asan|__asan_|__tsan_|__ubsan_|__sancov_)")
    string(APPEND bad "${line}\n")
  endif()
endforeach()
if(bad)
  message(FATAL_ERROR "writable global data in libunspun:\n${bad}")
endif()
