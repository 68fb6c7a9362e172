# SPDX-License-Identifier: MIT
# Installs edplan into a scratch prefix, then configures, builds and runs a project that only
# knows `find_package(edplan)`. Run by CTest as the test `cmake_consumer`.
file(REMOVE_RECURSE "${WORK_DIR}")
set(prefix "${WORK_DIR}/prefix")

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "command failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

run("${CMAKE_COMMAND}" --install "${EDPLAN_BINARY_DIR}" --prefix "${prefix}" --component headers)
run("${CMAKE_COMMAND}" -S "${CONSUMER_SOURCE_DIR}" -B "${WORK_DIR}/build" "-DCMAKE_PREFIX_PATH=${prefix}"
    "-DEigen3_DIR=${Eigen3_DIR}" "-DCMAKE_CXX_COMPILER=${CXX_COMPILER}" -DCMAKE_BUILD_TYPE=Release)
run("${CMAKE_COMMAND}" --build "${WORK_DIR}/build")
run("${WORK_DIR}/build/consumer")
if(NOT last_output MATCHES "edplan [0-9]+\\.[0-9]+\\.[0-9]+: 2 regions, total after 1 year 1999\\.8")
  message(FATAL_ERROR "unexpected output from the consumer:\n${last_output}")
endif()
message(STATUS "consumer printed: ${last_output}")
