#include "tests/e2e/leftovers.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "harness/process/census.hpp"

namespace atc::test {

std::string leftovers(const std::string& junit, std::chrono::milliseconds grace) {
  std::filesystem::path manifest(junit);
  if (manifest.extension() == ".xml") manifest.replace_extension();
  manifest += ".manifest";
  std::ifstream in(manifest);
  if (!in) return "no manifest " + manifest.string() + "\n";
  std::vector<census::Process> processes;
  std::vector<std::pair<std::uint64_t, std::string>> sockets;
  std::vector<std::string> dirs;
  bool run = false;
  for (std::string line; std::getline(in, line);) {
    std::istringstream f(line);
    std::string kind;
    f >> kind;
    if (kind == "run") {
      census::Process p;
      f >> p.pid >> p.start_time;
      p.name = "atconform";
      processes.push_back(p);
      run = true;
    } else if (kind == "process") {
      census::Process p;
      f >> p.pid >> p.start_time;
      std::getline(f >> std::ws, p.name);
      processes.push_back(p);
    } else if (kind == "socket") {
      std::uint64_t inode = 0;
      f >> inode;
      std::string rest;
      std::getline(f >> std::ws, rest);
      sockets.emplace_back(inode, rest);
    } else if (kind == "dir") {
      std::string d;
      std::getline(f >> std::ws, d);
      dirs.push_back(d);
    }
  }
  if (!run) return "the manifest " + manifest.string() + " names no run\n";
  std::string out;
  const auto give_up = std::chrono::steady_clock::now() + grace;
  for (const auto& p : processes) {
    while (census::alive(p) && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(20));  // polling, with a deadline
    if (census::alive(p))
      out += "process " + std::to_string(p.pid) + " (" + p.name + ") still runs\n";
  }
  for (const auto& [inode, what] : sockets)
    if (census::socket_exists(inode))
      out += "socket " + std::to_string(inode) + " (" + what + ") is still open\n";
  for (const auto& d : dirs)
    if (std::filesystem::exists(d)) out += "directory " + d + " is still there\n";
  return out;
}

}  // namespace atc::test
