#pragma once
// A PTY pair for tests: the master stays here, the slave's path is handed to a link.
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

#include "harness/link/chunk.hpp"

namespace atc::test {

struct PtyPair {
  int master = -1;
  std::string slave;

  PtyPair() {
    master = ::posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0)
      throw std::runtime_error("posix_openpt failed");
    slave = ::ptsname(master);
  }
  ~PtyPair() { close_master(); }
  PtyPair(const PtyPair&) = delete;
  PtyPair& operator=(const PtyPair&) = delete;

  void close_master() {
    if (master >= 0) ::close(master);
    master = -1;
  }

  void write(const std::string& s) const {
    if (::write(master, s.data(), s.size()) != static_cast<ssize_t>(s.size()))
      throw std::runtime_error("master write failed");
  }

  // Reads from the master until `want` bytes arrived or `limit` passed.
  std::string read(std::size_t want, Millis limit = Millis(2000)) const {
    std::string got;
    const auto deadline = Clock::now() + limit;
    while (got.size() < want) {
      auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now()).count();
      if (left < 0) break;
      pollfd p{master, POLLIN, 0};
      if (::poll(&p, 1, static_cast<int>(left) + 1) <= 0) break;
      char buf[4096];
      ssize_t n = ::read(master, buf, sizeof buf);
      if (n > 0) got.append(buf, static_cast<std::size_t>(n));
    }
    return got;
  }
};

}  // namespace atc::test
