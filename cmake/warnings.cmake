# Our own code builds with these; third-party headers come in as SYSTEM includes.
function(atc_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror -Wno-missing-field-initializers)
endfunction()
