#include "harness/process/live_processes.hpp"

#include <poll.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <mutex>
#include <set>

namespace atc::live {
namespace {

std::mutex& mu() {
  static std::mutex m;
  return m;
}
std::set<pid_t>& processes() {
  static std::set<pid_t> p;
  return p;
}
std::set<std::string>& directories() {
  static std::set<std::string> d;
  return d;
}
bool g_stopping = false;  // under mu()
std::vector<census::Process>& history() {
  static std::vector<census::Process> h;
  return h;
}

}  // namespace

bool add_process(pid_t pid) {
  auto seen = census::process(pid);  // read before the lock: /proc may be slow
  std::lock_guard lk(mu());
  if (g_stopping) return false;
  processes().insert(pid);
  if (seen) history().push_back(*seen);
  return true;
}

std::vector<census::Process> started() {
  std::lock_guard lk(mu());
  return history();
}

void remove_process(pid_t pid) {
  std::lock_guard lk(mu());
  processes().erase(pid);
}

bool add_directory(const std::string& path) {
  std::lock_guard lk(mu());
  if (g_stopping) return false;
  directories().insert(path);
  return true;
}

bool stopping() {
  std::lock_guard lk(mu());
  return g_stopping;
}

void remove_directory(const std::string& path) {
  std::lock_guard lk(mu());
  directories().erase(path);
}

int stop_all() noexcept {
  std::set<pid_t> pids;
  std::set<std::string> dirs;
  {
    std::lock_guard lk(mu());
    g_stopping = true;
    pids.swap(processes());
    dirs.swap(directories());
  }
  // Reap what is ours (another thread may reap one first: that is fine too), waiting on each
  // one's pidfd, at most 2 s in all.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  for (pid_t p : pids) {
    const int fd = static_cast<int>(::syscall(SYS_pidfd_open, p, 0));
    ::kill(p, SIGKILL);
    if (fd >= 0) {
      auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd pf{fd, POLLIN, 0};
      if (left.count() > 0) ::poll(&pf, 1, static_cast<int>(left.count()));
      ::close(fd);
    }
    int st = 0;
    ::waitpid(p, &st, WNOHANG);
  }
  // Another thread may still be making (or removing) an entry inside one of them: a link that
  // was being reopened when the stop came. remove_all gives up on such a race, so try again
  // for a little while (the other thread sees `stopping` and stops making things).
  for (const auto& d : dirs) {
    for (int attempt = 0; attempt < 50; ++attempt) {
      std::error_code ec;
      std::filesystem::remove_all(d, ec);
      if (!std::filesystem::exists(d, ec)) break;
      ::usleep(2000);
    }
  }
  return static_cast<int>(pids.size());
}

}  // namespace atc::live
