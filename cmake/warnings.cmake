# Our own code builds with these; third-party headers come in as SYSTEM includes.
function(atc_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-missing-field-initializers)
  # GCC 12 at -O3 reports -Wrestrict inside libstdc++'s operator+(const char*, string&&), a
  # false positive (GCC PR 105329, fixed in GCC 13): kept as a warning, not an error there.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-error=restrict)
  endif()
  # The fuzz build (clang, tests/fuzz) looks for crashes, not for clang's own warnings in code
  # the GCC build keeps warning-free: they stay warnings there.
  if(ATC_FUZZ)
    target_compile_options(${target} PRIVATE -Wno-error)
  endif()
endfunction()
