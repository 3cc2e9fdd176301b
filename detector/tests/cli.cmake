# cli.cmake - the command line's behaviour: help, version, usage errors,
# missing files, standard input, colour, exit statuses (DESIGN.md, "The
# contract"). The JSON itself is checked byte for byte by the golden tests.
#   cmake -DUNSPUN=exe -DDATA=file -DFIXTURES=dir -DWORK=dir [-DWRAP=...]
#         -P cli.cmake
cmake_minimum_required(VERSION 3.18)
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})
set(failures 0)
string(ASCII 27 ESC)

# run(<name> [ENV k=v...] [STDIN file] ARGS ...): runs unspun, sets
# <name>_rc, <name>_out, <name>_err.
function(run name)
  cmake_parse_arguments(R "" "STDIN" "ENV;ARGS" ${ARGN})
  set(envcmd ${CMAKE_COMMAND} -E env --unset=NO_COLOR --unset=UNSPUN_DATA)
  if(R_ENV)
    list(APPEND envcmd ${R_ENV})
  endif()
  if(R_STDIN)
    set(in INPUT_FILE ${R_STDIN})
  else()
    set(in INPUT_FILE /dev/null)
  endif()
  execute_process(COMMAND ${envcmd} ${WRAP} ${UNSPUN} ${R_ARGS}
    ${in} WORKING_DIRECTORY ${FIXTURES}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  set(${name}_rc ${rc} PARENT_SCOPE)
  set(${name}_out "${out}" PARENT_SCOPE)
  set(${name}_err "${err}" PARENT_SCOPE)
endfunction()

# check(<what> TRUE|FALSE) records one result; expect(<what> <condition>)
# evaluates an if() condition. Both are macros: they count at top level.
macro(check what ok)
  if(${ok})
    message(STATUS "ok: ${what}")
  else()
    message(SEND_ERROR "FAIL: ${what}")
    math(EXPR failures "${failures} + 1")
  endif()
endmacro()
macro(expect what)
  if(${ARGN})
    check("${what}" TRUE)
  else()
    check("${what}" FALSE)
  endif()
endmacro()

function(expect_rc name want)
  if("${${name}_rc}" STREQUAL "${want}")
    check("${name}: exit status ${want}" TRUE)
  else()
    check("${name}: exit status ${${name}_rc}, expected ${want}\nstdout: ${${name}_out}\nstderr: ${${name}_err}" FALSE)
  endif()
  set(failures ${failures} PARENT_SCOPE)
endfunction()

function(expect_match name stream regex)
  if("${${name}_${stream}}" MATCHES "${regex}")
    check("${name}: ${stream} matches ${regex}" TRUE)
  else()
    check("${name}: ${stream} does not match ${regex}:\n${${name}_${stream}}" FALSE)
  endif()
  set(failures ${failures} PARENT_SCOPE)
endfunction()

function(expect_no_match name stream regex)
  if("${${name}_${stream}}" MATCHES "${regex}")
    check("${name}: ${stream} must not match ${regex}:\n${${name}_${stream}}" FALSE)
  else()
    check("${name}: ${stream} has no ${regex}" TRUE)
  endif()
  set(failures ${failures} PARENT_SCOPE)
endfunction()

# The message lines of stderr: a usage error may add the conventional
# "Try 'unspun --help' ..." hint, which is not a second message.
function(message_lines name)
  string(REGEX REPLACE "\n$" "" e "${${name}_err}")
  string(REPLACE "\n" ";" lines "${e}")
  set(n 0)
  foreach(l IN LISTS lines)
    if(NOT l MATCHES "^Try '")
      math(EXPR n "${n} + 1")
    endif()
  endforeach()
  set(${name}_lines ${n} PARENT_SCOPE)
endfunction()

function(expect_one_stderr_line name)
  message_lines(${name})
  if(${name}_lines EQUAL 1 AND "${${name}_err}" MATCHES "^unspun: ")
    check("${name}: one stderr line" TRUE)
  else()
    check("${name}: expected one 'unspun: ...' stderr line, got:\n${${name}_err}" FALSE)
  endif()
  set(failures ${failures} PARENT_SCOPE)
endfunction()

set(fp 100_fingerprint-tortured-phrase.txt)
set(clean 110_clean-prose.txt)
foreach(f ${fp} ${clean})
  if(NOT EXISTS ${FIXTURES}/${f})
    message(FATAL_ERROR "fixture ${f} missing")
  endif()
endforeach()
set(D --data ${DATA})

# --help teaches: usage, an example, the formats, the exit statuses.
run(help ARGS --help)
expect_rc(help 0)
expect_match(help out "usage: unspun score")
expect_match(help out "--format text\\|json")
expect_match(help out "Exit status")
expect_match(help out "NO_COLOR")
expect("help: nothing on stderr" NOT help_err MATCHES ".")
run(score_help ARGS score --help)
expect_rc(score_help 0)
expect_match(score_help out "usage: unspun score")

# --version: program version, data format and data version.
run(version ARGS --version ${D})
expect_rc(version 0)
expect_match(version out "^unspun [0-9]+\\.[0-9]+\\.[0-9]+ \\(data format [0-9]+\\)\n")
expect_match(version out "\ndata version [0-9a-f]+\n$")

# Usage errors: exit 2 and one line that says what is wrong.
run(no_command ARGS)
expect_rc(no_command 2)
expect_one_stderr_line(no_command)
run(bad_command ARGS frobnicate)
expect_rc(bad_command 2)
expect_one_stderr_line(bad_command)
expect_match(bad_command err "frobnicate")
run(bad_flag ARGS score --bogus ${fp})
expect_rc(bad_flag 2)
expect_one_stderr_line(bad_flag)
expect_match(bad_flag err "--bogus")
expect("bad_flag: no output" NOT bad_flag_out MATCHES ".")
run(bad_format ARGS score --format xml ${fp})
expect_rc(bad_format 2)
expect_one_stderr_line(bad_format)
expect_match(bad_format err "xml")
run(bad_score ARGS score --fail-above 200 ${fp})
expect_rc(bad_score 2)
expect_one_stderr_line(bad_score)
run(no_file ARGS score ${D})
expect_rc(no_file 2)
expect_one_stderr_line(no_file)
run(missing_value ARGS score ${fp} --format)
expect_rc(missing_value 2)
expect_one_stderr_line(missing_value)
expect_match(missing_value err "'--format' needs a value")
run(equals_value ARGS score --format=xml ${fp})
expect_rc(equals_value 2)
expect_match(equals_value err "not 'xml'")
# scan parses its options the same way.
run(scan_bad_flag ARGS scan --bogus=1 ${D})
expect_rc(scan_bad_flag 2)
expect_one_stderr_line(scan_bad_flag)
expect_match(scan_bad_flag err "unknown option '--bogus=1'")
run(scan_missing_value ARGS scan ${D} --jobs)
expect_rc(scan_missing_value 2)
expect_one_stderr_line(scan_missing_value)
expect_match(scan_missing_value err "'--jobs' needs a value")

# A missing data file is fatal: exit 2, one line naming the file.
run(no_data ARGS score --data ${WORK}/none.dat ${fp})
expect_rc(no_data 2)
expect_one_stderr_line(no_data)
expect_match(no_data err "none\\.dat")
# An empty data file or a directory: the same, with no stale errno text
# (issue 12: "...: Inappropriate ioctl for device" after a good fstat).
file(WRITE ${WORK}/zero.dat "")
foreach(bad zero.dat .)
  run(bad_data ARGS score --data ${WORK}/${bad} ${fp})
  expect_rc(bad_data 2)
  expect_one_stderr_line(bad_data)
  expect_match(bad_data err "^unspun: data file: (empty|is a directory) \\(${WORK}/${bad}\\)\n$")
  run(bad_data ARGS scan --data ${WORK}/${bad} ${fp})
  expect_rc(bad_data 2)
  expect_match(bad_data err "^unspun: data file: (empty|is a directory) \\(${WORK}/${bad}\\)\n$")
endforeach()

# A missing file: a {"file","error"} record, one stderr line, exit 2; the
# other files are still scored, each with exactly one line, in order.
run(missing ARGS score --format json ${D} no-such-file.txt)
expect_rc(missing 2)
expect_match(missing out "^{\"file\":\"no-such-file\\.txt\",\"error\":\"[^\"]+\"}\n$")
expect_one_stderr_line(missing)
expect_match(missing err "no-such-file\\.txt")
run(mixed ARGS score --format json ${D} ${fp} no-such-file.txt ${clean})
expect_rc(mixed 2)
string(REGEX MATCHALL "[^\n]*\n" mixed_lines "${mixed_out}")
list(LENGTH mixed_lines n)
expect("mixed: one line per file (got ${n})" n EQUAL 3)
if(n EQUAL 3)
  list(GET mixed_lines 0 l0)
  list(GET mixed_lines 1 l1)
  list(GET mixed_lines 2 l2)
  set(re0 "^{\"file\":\"${fp}\",\"score\":")
  set(re1 "^{\"file\":\"no-such-file.txt\",\"error\":")
  set(re2 "^{\"file\":\"${clean}\",\"score\":")
  expect("mixed: first line is the first file's result" l0 MATCHES "${re0}")
  expect("mixed: second line is the error record" l1 MATCHES "${re1}")
  expect("mixed: third line is the last file's result" l2 MATCHES "${re2}")
endif()
run(directory ARGS score --format json ${D} .)
expect_rc(directory 2)
expect_match(directory out "^{\"file\":\"\\.\",\"error\":\"[^\"]+\"}\n$")
expect_one_stderr_line(directory)

# Standard input: "-" gives the same result as the file, named "-".
run(file ARGS score --format json ${D} ${fp})
expect_rc(file 0)
run(stdin STDIN ${FIXTURES}/${fp} ARGS score --format json ${D} -)
expect_rc(stdin 0)
string(REPLACE "{\"file\":\"${fp}\"," "{\"file\":\"-\"," want "${file_out}")
expect("stdin: same JSON as the file, named -" stdin_out STREQUAL want)

# One file, one reading (issue 12): score reads a web page as scan does,
# markup masked (--markup auto decides by the extension, as scan's), and
# gives the same record; --markup text scores the tags and the script too.
set(page regress/12-seed-002-page.html)
run(page_score ARGS score --format json ${D} ${page})
run(page_scan ARGS scan --format jsonl ${D} ${page})
run(page_html ARGS score --format json --markup html ${D} ${page})
run(page_text ARGS score --format json --markup text ${D} ${page})
expect_rc(page_score 0)
expect("page: score and scan give the same record"
  page_score_out STREQUAL page_scan_out)
expect("page: --markup auto reads it as --markup html does"
  page_score_out STREQUAL page_html_out)
string(REGEX MATCH "\"words\":([0-9]+)" _ "${page_score_out}")
set(page_words ${CMAKE_MATCH_1})
string(REGEX MATCH "\"words\":([0-9]+)" _ "${page_text_out}")
set(text_words ${CMAKE_MATCH_1})
expect("page: the markup is not scored (${page_words} words as HTML, ${text_words} as text)"
  page_words LESS text_words)
run(page_stdin STDIN ${FIXTURES}/${page} ARGS score --format json ${D} -)
string(REPLACE "{\"file\":\"${page}\"," "{\"file\":\"-\"," want "${page_text_out}")
expect("page: standard input is text unless --markup html"
  page_stdin_out STREQUAL want)
run(bad_markup ARGS score --markup xml ${D} ${page})
expect_rc(bad_markup 2)
expect_match(bad_markup err "--markup must be auto, text or html")

# Text output: a summary line; no escape codes when not on a terminal.
run(text ARGS score ${D} ${fp})
expect_rc(text 0)
expect_match(text out "^${fp}: score [0-9]+\\.[0-9]/100, (clean|suspect|spun) \\([0-9]+ words, [0-9]+ artifacts?\\)\n")
expect_no_match(text out "${ESC}\\[")
run(always ARGS score --color always ${D} ${fp})
expect_rc(always 0)
expect_match(always out "${ESC}\\[[0-9;]*m")
run(always_json ARGS score --format json --color always ${D} ${fp})
expect_no_match(always_json out "${ESC}")

# On a terminal: coloured unless NO_COLOR is set (non-empty) or TERM=dumb.
# script(1) (util-linux) gives the program a pseudo-terminal.
find_program(SCRIPT script)
if(NOT SCRIPT)
  message(FATAL_ERROR "script(1) not found: install the Debian package bsdutils")
endif()
function(run_tty name env)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env --unset=NO_COLOR ${env}
    ${SCRIPT} -qec "${UNSPUN} score --data ${DATA} ${fp}" /dev/null
    WORKING_DIRECTORY ${FIXTURES}
    OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  set(${name}_rc ${rc} PARENT_SCOPE)
  set(${name}_out "${out}" PARENT_SCOPE)
  set(${name}_err "${err}" PARENT_SCOPE)
endfunction()
run_tty(tty TERM=xterm)
expect_rc(tty 0)
expect_match(tty out "${ESC}\\[[0-9;]*m")
run_tty(tty_no_color "TERM=xterm;NO_COLOR=1")
expect_rc(tty_no_color 0)
expect_match(tty_no_color out "score [0-9]")
expect_no_match(tty_no_color out "${ESC}")
run_tty(tty_dumb TERM=dumb)
expect_no_match(tty_dumb out "${ESC}")

# --fail-above: exit 1 when some file scores above the bound. A tortured
# phrase scores above 0; nothing scores above 100.
run(above ARGS score --format json --fail-above 0 ${D} ${fp})
expect_rc(above 1)
expect_match(above out "^{\"file\"")
run(not_above ARGS score --format json --fail-above 100 ${D} ${fp} ${clean})
expect_rc(not_above 0)
run(error_wins ARGS score --fail-above 0 ${D} ${fp} no-such-file.txt)
expect_rc(error_wins 2)

# --min-confidence lists weaker evidence too (a swap at 0.2-0.5 in a short
# text), and changes neither the score nor the verdict; scan takes it as
# well; out of 0..1 is a usage error.
set(swap 101_synonym-swap.txt)
run(list_default ARGS score --format json ${D} ${swap})
run(list_low ARGS score --format json --min-confidence 0.2 ${D} ${swap})
expect_rc(list_default 0)
expect_rc(list_low 0)
expect_match(list_default out "\"artifacts\":\\[\\]")
expect_match(list_low out "\"kind\":\"synonym\",\"confidence\":0\\.[2-6]")
string(REGEX MATCH "\"score\":[0-9.]+,\"verdict\":\"[a-z]+\"" sd "${list_default_out}")
string(REGEX MATCH "\"score\":[0-9.]+,\"verdict\":\"[a-z]+\"" sl "${list_low_out}")
expect("--min-confidence: the same score and verdict (${sd})" sd STREQUAL sl AND sd MATCHES "score")
run(list_scan ARGS scan --format jsonl --no-siblings --min-confidence 0.2 ${D} ${swap})
expect_rc(list_scan 0)
expect_match(list_scan out "\"kind\":\"synonym\",\"confidence\":0\\.[2-6]")
run(bad_confidence ARGS score --min-confidence 1.5 ${D} ${swap})
expect_rc(bad_confidence 2)
expect_one_stderr_line(bad_confidence)
expect_match(bad_confidence err "--min-confidence needs a number between 0 and 1, not '1.5'")

# A reference from a stream: standard input (--ref -) or a pipe named by
# path (the shell's <(...) is /dev/fd/N) is read once, to its end, and
# gives the bytes the file gives, but for the path the record names. scan
# makes its folder's pool after the explicit one: the stream is not read
# again. Standard input cannot be both the document and the reference.
set(rdoc ref/001_spin.txt)
set(rref ref/001_spin.ref.txt)
run(ref_file ARGS score --format json ${D} --ref ${rref} ${rdoc})
expect_rc(ref_file 0)
expect_match(ref_file out "\"references\":\\[{\"path\":\"ref/001_spin\\.ref\\.txt\"")
string(REPLACE "\"path\":\"${rref}\"" "\"path\":\"-\"" want_dash "${ref_file_out}")
run(ref_dash STDIN ${FIXTURES}/${rref} ARGS score --format json ${D} --ref - ${rdoc})
expect_rc(ref_dash 0)
expect("--ref -: the bytes of --ref FILE" ref_dash_out STREQUAL want_dash)
execute_process(COMMAND cat ${rref}
  COMMAND ${CMAKE_COMMAND} -E env --unset=UNSPUN_DATA ${WRAP} ${UNSPUN}
    score --format json ${D} --ref /dev/stdin ${rdoc}
  WORKING_DIRECTORY ${FIXTURES}
  OUTPUT_VARIABLE pipe_out ERROR_VARIABLE pipe_err RESULT_VARIABLE pipe_rc)
string(REPLACE "\"path\":\"${rref}\"" "\"path\":\"/dev/stdin\""
  want_pipe "${ref_file_out}")
expect("--ref PIPE: exit status 0 (${pipe_err})" pipe_rc STREQUAL "0")
expect("--ref PIPE: the bytes of --ref FILE" pipe_out STREQUAL want_pipe)
run(scan_ref_file ARGS scan --format jsonl ${D} --ref ${rref} ref)
run(scan_ref_dash STDIN ${FIXTURES}/${rref} ARGS scan --format jsonl ${D} --ref - ref)
string(REPLACE "\"path\":\"${rref}\"" "\"path\":\"-\"" want_scan "${scan_ref_file_out}")
expect_match(scan_ref_dash out "\"path\":\"-\"")
expect("scan --ref -: the bytes of --ref FILE in every pool"
  scan_ref_dash_out STREQUAL want_scan)
run(ref_dash_twice STDIN ${FIXTURES}/${rref} ARGS score ${D} --ref - -)
expect_rc(ref_dash_twice 2)
expect_one_stderr_line(ref_dash_twice)
expect_match(ref_dash_twice err "--ref -: standard input is already")
run(scan_ref_dash_stdin ARGS scan --stdin ${D} --ref -)
expect_rc(scan_ref_dash_stdin 2)
expect_match(scan_ref_dash_stdin err "--ref -: standard input is already")
run(ref_dash_empty ARGS score ${D} --ref - ${rdoc})
expect_rc(ref_dash_empty 2)
expect_one_stderr_line(ref_dash_empty)
expect_match(ref_dash_empty err "^unspun: reference -: empty input")
run(ref_dash_dash STDIN ${FIXTURES}/${rref} ARGS score ${D} --ref - --ref - ${rdoc})
expect_rc(ref_dash_dash 2)
expect_one_stderr_line(ref_dash_dash)
expect_match(ref_dash_dash err "--ref - given twice")

# A reference that cannot be used says why and where, as a document does:
# binary before invalid UTF-8, each at its byte.
string(ASCII 137 80 78 71 13 10 26 10 png_head)
file(WRITE ${WORK}/bin.ref "${png_head}")
# CMake strings cannot hold NUL: dd writes one after the PNG signature.
execute_process(COMMAND dd if=/dev/zero of=${WORK}/bin.ref bs=1 count=4
  seek=8 conv=notrunc status=none)
run(ref_binary ARGS score ${D} --ref ${WORK}/bin.ref ${rdoc})
expect_rc(ref_binary 2)
expect_one_stderr_line(ref_binary)
expect_match(ref_binary err "reference [^ ]*bin\\.ref: binary input: contains NUL bytes at byte 8\n$")
run(doc_binary ARGS score --format json ${D} ${WORK}/bin.ref)
expect_match(doc_binary out "\"error\":\"binary input: contains NUL bytes at byte 8\"")
string(ASCII 255 bad_byte)
file(WRITE ${WORK}/utf8.ref "The cat ${bad_byte} sat.")
run(ref_utf8 ARGS score ${D} --ref ${WORK}/utf8.ref ${rdoc})
expect_rc(ref_utf8 2)
expect_one_stderr_line(ref_utf8)
expect_match(ref_utf8 err "reference [^ ]*utf8\\.ref: invalid UTF-8, likely Windows-1252 [^\n]* at byte 8\n$")

# An HTML reference is read as --markup says, as inputs are: its text
# content, so the artifacts and suggestions are those of the plain text
# (only the reference spans, counted in the text content, may differ).
file(READ ${FIXTURES}/${rref} rtext)
string(REPLACE "\n" "</p>\n<p>" rtext "${rtext}")
file(WRITE ${WORK}/orig.html
  "<html><head><style>p{margin:0}</style></head><body><p>${rtext}</p></body></html>")
run(ref_html ARGS score --format json ${D} --ref ${WORK}/orig.html ${rdoc})
expect_rc(ref_html 0)
string(REGEX REPLACE ",\"reference\":{[^}]*}|,\"references\":.*" "" got_html "${ref_html_out}")
string(REGEX REPLACE ",\"reference\":{[^}]*}|,\"references\":.*" "" got_txt "${ref_file_out}")
expect("--ref PAGE.html: the artifacts of the plain-text reference"
  got_html STREQUAL got_txt AND got_txt MATCHES "\"suggestion\":\"city\"")
run(ref_html_as_text ARGS score --format json --markup text ${D} --ref ${WORK}/orig.html ${rdoc})
expect_match(ref_html_as_text out "\"suggestion\":\"[^\"]*(body|p>)")

if(failures GREATER 0)
  message(FATAL_ERROR "${failures} CLI check(s) failed")
endif()
