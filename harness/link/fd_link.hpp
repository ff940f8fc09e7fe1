#pragma once
// The read/write half common to every transport that ends in a file descriptor (tty, PTY,
// socket, serial port via libserialport's handle). poll() with a deadline, a self-pipe to
// interrupt, and POLLHUP reported as a dead link (a hung-up tty otherwise reads as silence).
#include <atomic>
#include <string>

#include "harness/link/link.hpp"

namespace atc {

class FdLink : public Link {
 public:
  ~FdLink() override;
  std::optional<Chunk> read(Clock::time_point deadline) override;
  void write(std::string_view bytes) override;
  void interrupt() override;

 protected:
  FdLink();
  // Takes ownership of `fd`; `what` names it in error messages.
  void adopt(int fd, std::string what);
  int fd() const { return fd_; }
  const std::string& what() const { return what_; }

 private:
  int fd_ = -1;
  int wake_[2] = {-1, -1};
  std::string what_;
  // A PTY master whose slave is not yet opened reports POLLHUP; ignore hang-ups until the
  // first byte for links that know they may start that way.
  bool seen_data_ = false;
  // Sockets are written with send(MSG_NOSIGNAL): a peer gone must be a LinkError, not SIGPIPE.
  bool is_socket_ = false;
};

}  // namespace atc
