#pragma once
// Writes a report file so that a CI job collecting it never sees half of it: a temporary file
// beside the target, fsync, rename. The parent directory is created when needed.
#include <filesystem>
#include <string>
#include <string_view>

namespace atc::report {

// Throws std::runtime_error "cannot write <what> <path>: <reason>".
void write_file_atomically(const std::filesystem::path& path, std::string_view content,
                           const std::string& what);

// The whole file, or std::runtime_error "cannot read <what> <path>: <reason>".
std::string read_whole_file(const std::filesystem::path& path, const std::string& what);

}  // namespace atc::report
