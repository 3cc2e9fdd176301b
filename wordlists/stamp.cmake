# stamp.cmake - record the versions of the Debian packages whose data goes
# into the compiled data file, and the hashes of the sources of the code
# that compiles it, so that its data version changes with either.
#   cmake -DOUT=stamp.txt -DSOURCES=a.c|b.h -P stamp.cmake
set(pkgs hunspell-en-us hunspell-en-gb mythes-en-us wordnet-base dict-gcide
         libstemmer0d pocketsphinx-en-us)
set(text "")
foreach(p ${pkgs})
  execute_process(COMMAND dpkg-query -W -f=\${Version} ${p}
                  OUTPUT_VARIABLE v ERROR_QUIET RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    set(v "unknown")
  endif()
  string(APPEND text "${p} ${v}\n")
endforeach()
string(REPLACE "|" ";" SOURCES "${SOURCES}")
foreach(f ${SOURCES})
  file(SHA256 ${f} h)
  get_filename_component(n ${f} NAME)
  string(APPEND text "${n} ${h}\n")
endforeach()
file(WRITE ${OUT} "${text}")
