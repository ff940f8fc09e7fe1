#include "app/run_manifest.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iostream>
#include <vector>

#include "harness/process/live_processes.hpp"

namespace atc::app {

RunManifest::RunManifest(std::string path, std::string temp_root)
    : path_(std::move(path)), temp_root_(std::move(temp_root)) {
  self_ = census::process(::getpid()).value_or(census::Process{::getpid(), 0, "atconform"});
  update();
}

std::string RunManifest::path_for(const std::string& junit) {
  std::filesystem::path p(junit);
  if (p.extension() == ".xml") p.replace_extension();
  return p.string() + ".manifest";
}

void RunManifest::OnTestEnd(const testing::TestInfo&) {
  const auto now = std::chrono::steady_clock::now();
  {
    std::lock_guard lk(mu_);
    if (now - last_update_ < std::chrono::seconds(1)) return;
  }
  update();
}

void RunManifest::update() noexcept {
  try {
    {
      std::lock_guard lk(mu_);
      last_update_ = std::chrono::steady_clock::now();
    }
    std::vector<census::Process> seen = live::started();
    for (const auto& p : census::descendants(::getpid())) seen.push_back(p);
    std::vector<pid_t> holders{::getpid()};
    for (const auto& p : seen) holders.push_back(p.pid);
    const auto sockets = census::listening_sockets(holders);
    std::lock_guard lk(mu_);
    for (const auto& p : seen) processes_.emplace(std::make_pair(p.pid, p.start_time), p);
    for (const auto& s : sockets) sockets_.emplace(s.inode, s);
    write_locked();
  } catch (const std::exception& e) {
    std::cerr << "atconform: the run manifest " << path_ << " could not be updated: " << e.what()
              << "\n";
  }
}

void RunManifest::write_locked() {
  std::filesystem::path path(path_);
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
  const std::string tmp = path_ + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "# atconform run manifest: what this run started; none of it may remain after it\n";
    out << "run " << self_.pid << " " << self_.start_time << "\n";
    for (const auto& [key, p] : processes_)
      out << "process " << p.pid << " " << p.start_time << " " << p.name << "\n";
    for (const auto& [inode, s] : sockets_)
      out << "socket " << inode << " " << s.proto << " " << s.address << "\n";
    out << "dir " << temp_root_ << "\n";
    if (!out.flush()) throw std::runtime_error("cannot write " + tmp);
  }
  std::filesystem::rename(tmp, path_);
}

}  // namespace atc::app
