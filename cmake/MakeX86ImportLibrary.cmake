cmake_minimum_required(VERSION 3.20)
# x86 only: builds msdrm.lib so that callers compiled against msdrm.h link.
#
# A caller's object refers to _DRMActivate@24 (a __stdcall name), while the
# DLL exports the undecorated DRMActivate. ld's own import library carries
# the undecorated symbols, so we make one with dlltool from a .def that
# names the decorated symbols (their @N read off our objects with nm) and
# --kill-at, which imports them by the undecorated name.
#
# Inputs (-D): DEF_FILE, OBJECT_LIST_FILE (one object per line), NM,
# DLLTOOL, WORK_DEF (the decorated .def to write), OUTPUT (the .lib).

include("${CMAKE_CURRENT_LIST_DIR}/ExportTable.cmake")
msdrm_read_def("${DEF_FILE}" names ordinals)

file(STRINGS "${OBJECT_LIST_FILE}" objects)
execute_process(COMMAND "${NM}" --defined-only ${objects}
                OUTPUT_VARIABLE symbols RESULT_VARIABLE nm_result)
if(NOT nm_result EQUAL 0)
  message(FATAL_ERROR "nm failed on the msdrm objects")
endif()

set(body "LIBRARY msdrm.dll\nEXPORTS\n")
foreach(name ordinal IN ZIP_LISTS names ordinals)
  if(symbols MATCHES " T _${name}(@[0-9]+)\n")
    set(decorated "${name}${CMAKE_MATCH_1}")
  else()
    message(FATAL_ERROR "no __stdcall symbol _${name}@N in the msdrm objects")
  endif()
  set(private "")
  if(name MATCHES "^Dll")
    set(private " PRIVATE")
  endif()
  string(APPEND body "    ${decorated} @${ordinal}${private}\n")
endforeach()
file(WRITE "${WORK_DEF}" "${body}")

execute_process(COMMAND "${DLLTOOL}" --kill-at -d "${WORK_DEF}" -D msdrm.dll -l "${OUTPUT}"
                RESULT_VARIABLE dlltool_result)
if(NOT dlltool_result EQUAL 0)
  message(FATAL_ERROR "dlltool failed to write ${OUTPUT}")
endif()
