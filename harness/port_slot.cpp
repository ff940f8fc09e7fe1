#include "harness/port_slot.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <thread>

#include "verdict/rig_error.hpp"

namespace atc {
namespace {

constexpr int kFirstOffset = 20000;
constexpr int kUpwardSlots = 12;  // 20000 .. 31264: the e2e tests' first slots
constexpr auto kRetry = std::chrono::milliseconds(200);

// Whether `port` can be bound on 127.0.0.1 now (as the fixtures bind it: TCP with
// SO_REUSEADDR, so a port in TIME_WAIT from an earlier run counts as free).
bool bindable(int type, int port) {
  const int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
  if (fd < 0) return true;  // cannot tell: let the run find out
  const int one = 1;
  if (type == SOCK_STREAM) ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0 || errno != EADDRINUSE;
  ::close(fd);
  return ok;
}

// The DUT-side ports the simulator and the suites' fixtures use on every run.
bool well_known_ports_free(int offset) {
  for (int p : {7, 80, 333, 443})
    if (!bindable(SOCK_STREAM, offset + p)) return false;
  for (int p : {53, 123})
    if (!bindable(SOCK_DGRAM, offset + p)) return false;
  return true;
}

}  // namespace

int PortSlot::offset_of(int k) {
  return k < kUpwardSlots ? kFirstOffset + k * 1024 : kFirstOffset - (k - kUpwardSlots + 1) * 1024;
}

std::string PortSlot::lock_path(int k) {
  // /tmp, not $TMPDIR: every run on the host must see the same files (atconform points TMPDIR
  // at a directory of its own). The name is the one the e2e tests' slots had first, so builds
  // of either age exclude each other.
  return "/tmp/atc-e2e-port-slot-" + std::to_string(k) + ".lock";
}

PortSlot PortSlot::claim(std::chrono::seconds wait) {
  const auto give_up = std::chrono::steady_clock::now() + wait;
  for (;;) {
    for (int k = 0; k < kSlots; ++k) {
      const std::string path = lock_path(k);
      const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
      if (fd < 0) continue;
      if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        continue;
      }
      if (well_known_ports_free(offset_of(k))) return PortSlot(fd, offset_of(k));
      ::close(fd);  // someone outside the scheme holds its ports: the next slot
    }
    if (std::chrono::steady_clock::now() >= give_up)
      throw RigError("no free simulator port slot within " + std::to_string(wait.count()) +
                     " s: all " + std::to_string(kSlots) + " (" + lock_path(0) +
                     " and the others) are held by other runs, or their ports are in use");
    std::this_thread::sleep_for(kRetry);  // a poll of other processes' locks, bounded above
  }
}

PortSlot::PortSlot(PortSlot&& other) noexcept : fd_(other.fd_), offset_(other.offset_) {
  other.fd_ = -1;
}

PortSlot& PortSlot::operator=(PortSlot&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.fd_;
    offset_ = other.offset_;
    other.fd_ = -1;
  }
  return *this;
}

PortSlot::~PortSlot() {
  if (fd_ >= 0) ::close(fd_);  // releases the flock
}

}  // namespace atc
