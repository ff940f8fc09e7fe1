// The NVS store and its file: escapes, persistence, atomic replacement.
#include "sim/storage.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using atsim::Storage;

namespace {
fs::path temp_file(const char* tag) {
  return fs::temp_directory_path() /
         ("atsim-storage-" + std::string(tag) + "-" + std::to_string(::getpid()));
}
}  // namespace

TEST(Storage, EscapeRoundTripsEveryByte) {
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  const std::string escaped = Storage::escape(all);
  EXPECT_EQ(escaped.find('\n'), std::string::npos);
  EXPECT_EQ(escaped.find('='), std::string::npos);
  EXPECT_EQ(Storage::unescape(escaped), all);
  EXPECT_FALSE(Storage::unescape("bad\\q"));
  EXPECT_FALSE(Storage::unescape("short\\x4"));
}

TEST(Storage, PersistsAcrossInstances) {
  const auto path = temp_file("persist");
  fs::remove(path);
  {
    Storage s(path);
    s.set("nvs.uart_def", "57600,8,1,0,0");
    s.set("fs.a=b", std::string("\x00\xff\r\n", 4));
  }
  {
    Storage s(path);
    EXPECT_EQ(s.get("nvs.uart_def"), "57600,8,1,0,0");
    EXPECT_EQ(s.get("fs.a=b"), std::string("\x00\xff\r\n", 4));
    s.erase_prefix("nvs.");
  }
  Storage s(path);
  EXPECT_FALSE(s.get("nvs.uart_def"));
  EXPECT_TRUE(s.get("fs.a=b"));
  // The write goes through a temporary file renamed over the target: none is left behind.
  EXPECT_FALSE(fs::exists(path.string() + ".tmp"));
  fs::remove(path);
}

TEST(Storage, InMemoryWithoutFile) {
  Storage s;
  s.set("nvs.k", "v");
  EXPECT_EQ(s.get("nvs.k"), "v");
  EXPECT_EQ(s.keys_with_prefix("nvs.").size(), 1u);
}

TEST(Storage, CorruptFileIsReported) {
  const auto path = temp_file("corrupt");
  std::ofstream(path) << "# atsim nvs v1\nno equals sign here\n";
  EXPECT_THROW(Storage s(path), std::runtime_error);
  fs::remove(path);
}
