cmake_minimum_required(VERSION 3.20)
# Static checks of a built msdrm.dll (and of a program linked with its
# import library), read off `objdump -p`. Runs for x86_64 and for i686,
# which cannot run here: 32-bit Wine needs IA-32 emulation the kernel lacks.
#  - the export table holds exactly the names of msdrm.def, undecorated,
#    each at its ordinal;
#  - the DLL imports only Windows system DLLs;
#  - ASLR and DEP are on (and high-entropy ASLR on x64);
#  - IMPORTER imports msdrm.dll functions by their undecorated names, so
#    the import library maps the x86 __stdcall symbols correctly.
# Inputs (-D): OBJDUMP, DLL, IMPORTER, DEF_FILE, POINTER_SIZE.

include("${CMAKE_CURRENT_LIST_DIR}/ExportTable.cmake")
msdrm_read_def("${DEF_FILE}" def_names def_ordinals)

# Windows DLLs a self-contained msdrm.dll may import (lower case).
set(system_dlls kernel32.dll advapi32.dll msvcrt.dll user32.dll ws2_32.dll
    crypt32.dll bcrypt.dll ole32.dll shell32.dll winhttp.dll)

set(problems "")
macro(problem text)
  string(APPEND problems "\n  ${text}")
endmacro()

function(objdump_private_headers file out)
  execute_process(COMMAND "${OBJDUMP}" -p "${file}" OUTPUT_VARIABLE text RESULT_VARIABLE result)
  if(NOT result EQUAL 0)
    message(FATAL_ERROR "objdump -p failed on ${file}")
  endif()
  set(${out} "${text}" PARENT_SCOPE)
endfunction()

objdump_private_headers("${DLL}" dll_text)

# --- exports ---------------------------------------------------------------
if(NOT dll_text MATCHES "Export Address Table -- Ordinal Base ([0-9]+)")
  message(FATAL_ERROR "${DLL}: no export table")
endif()
set(base "${CMAKE_MATCH_1}")
string(FIND "${dll_text}" "[Ordinal/Name Pointer] Table" start)
string(SUBSTRING "${dll_text}" ${start} -1 name_table)
string(REGEX MATCH "\\[Ordinal/Name Pointer\\] Table\n(\t\\[ *[0-9]+\\] [^\n]+\n)+" name_table "${name_table}")
string(REGEX MATCHALL "\\[ *[0-9]+\\] [^\n]+" entries "${name_table}")
list(LENGTH entries export_count)
list(LENGTH def_names def_count)
if(NOT export_count EQUAL def_count)
  problem("${export_count} named exports, msdrm.def lists ${def_count}")
endif()
foreach(entry IN LISTS entries)
  string(REGEX MATCH "\\[ *([0-9]+)\\] (.+)" _ "${entry}")
  math(EXPR ordinal "${CMAKE_MATCH_1} + ${base}")
  set(name "${CMAKE_MATCH_2}")
  set(exported_${name} ${ordinal})
  if(name MATCHES "@")
    problem("decorated export name ${name}")
  endif()
endforeach()
foreach(name ordinal IN ZIP_LISTS def_names def_ordinals)
  if(NOT DEFINED exported_${name})
    problem("${name} is not exported")
  elseif(NOT exported_${name} EQUAL ordinal)
    problem("${name} is at ordinal ${exported_${name}}, msdrm.def says ${ordinal}")
  endif()
endforeach()

# --- imports ---------------------------------------------------------------
string(REGEX MATCHALL "DLL Name: [^\n]+" imported "${dll_text}")
set(import_names "")
foreach(line IN LISTS imported)
  string(REGEX REPLACE "DLL Name: " "" dll "${line}")
  string(TOLOWER "${dll}" dll_lower)
  list(APPEND import_names "${dll}")
  if(NOT dll_lower IN_LIST system_dlls)
    problem("imports ${dll}, which is not a Windows system DLL")
  endif()
endforeach()

# --- hardening ---------------------------------------------------------------
if(NOT dll_text MATCHES "DllCharacteristics\t+([0-9a-fA-F]+)")
  message(FATAL_ERROR "${DLL}: no DllCharacteristics")
endif()
math(EXPR characteristics "0x${CMAKE_MATCH_1}")
math(EXPR dynamic_base "${characteristics} & 0x40")
math(EXPR nx_compat "${characteristics} & 0x100")
math(EXPR high_entropy "${characteristics} & 0x20")
if(dynamic_base EQUAL 0)
  problem("ASLR (DYNAMIC_BASE) is off")
endif()
if(nx_compat EQUAL 0)
  problem("DEP (NX_COMPAT) is off")
endif()
if(POINTER_SIZE EQUAL 8 AND high_entropy EQUAL 0)
  problem("high-entropy ASLR (HIGH_ENTROPY_VA) is off")
endif()

# --- a program linked through the import library ------------------------------
objdump_private_headers("${IMPORTER}" importer_text)
string(REGEX MATCH "DLL Name: msdrm\\.dll\n[^\n]*\n((\t[0-9a-f]+\t +[0-9]+ +[^\n]+\n)+)" _ "${importer_text}")
set(imported_functions "${CMAKE_MATCH_1}")
if(imported_functions STREQUAL "")
  problem("${IMPORTER} imports nothing from msdrm.dll")
elseif(imported_functions MATCHES "@")
  problem("${IMPORTER} imports decorated names from msdrm.dll:\n${imported_functions}")
elseif(NOT imported_functions MATCHES " DRMCreateClientSession\n")
  problem("${IMPORTER} does not import DRMCreateClientSession by name")
endif()

if(problems)
  message(FATAL_ERROR "${DLL}:${problems}")
endif()
file(SIZE "${DLL}" dll_size)
message(STATUS "${DLL}: ${export_count} exports at their ordinals, imports ${import_names}, "
               "ASLR/DEP on, ${dll_size} bytes")
