#pragma once
// SHA-256 for the certificate (the reports it was made from) and the run's identity (the
// profile file): what a customer compares to know which files a verdict came from.
#include <string>
#include <string_view>

namespace atc::report {

// Lower-case hex of the SHA-256 of `bytes`.
std::string sha256_hex(std::string_view bytes);

}  // namespace atc::report
