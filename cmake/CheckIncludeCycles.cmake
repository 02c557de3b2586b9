cmake_minimum_required(VERSION 3.20)
# No include cycles between modules (the house rules): a module is a .c
# file and its .h (src/xrml/xrml_scan.{c,h} is "xrml/xrml_scan"); module A
# uses B when either file of A includes "B.h". Fails naming every module
# that reaches itself.
# Inputs (-D): SOURCE_DIR (src/), LAYERS (a ;-list of its folders to check).

set(modules "")
foreach(layer IN LISTS LAYERS)
  file(GLOB_RECURSE files RELATIVE "${SOURCE_DIR}" "${SOURCE_DIR}/${layer}/*.c"
       "${SOURCE_DIR}/${layer}/*.h")
  foreach(file IN LISTS files)
    string(REGEX REPLACE "\\.[ch]$" "" module "${file}")
    string(MAKE_C_IDENTIFIER "${module}" key)
    if(NOT module IN_LIST modules)
      list(APPEND modules "${module}")
      set(uses_${key} "")
    endif()
    file(STRINGS "${SOURCE_DIR}/${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]+\"")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]+\"([^\"]+)\\.h\".*" "\\1" used "${line}")
      if(NOT used STREQUAL module AND EXISTS "${SOURCE_DIR}/${used}.h")
        list(APPEND uses_${key} "${used}")
      endif()
    endforeach()
  endforeach()
endforeach()

# Whether each module reaches itself: a breadth-first walk from its uses.
set(cycles "")
foreach(module IN LISTS modules)
  string(MAKE_C_IDENTIFIER "${module}" key)
  set(queue ${uses_${key}})
  set(seen "")
  while(queue)
    list(POP_FRONT queue next)
    if(next IN_LIST seen)
      continue()
    endif()
    list(APPEND seen "${next}")
    string(MAKE_C_IDENTIFIER "${next}" next_key)
    list(APPEND queue ${uses_${next_key}})
  endwhile()
  if(module IN_LIST seen)
    list(APPEND cycles "${module}")
  endif()
endforeach()

list(LENGTH modules count)
if(cycles)
  list(JOIN cycles ", " named)
  message(FATAL_ERROR "include cycles through: ${named}")
endif()
message(STATUS "${count} modules in ${LAYERS}: no include cycle")
