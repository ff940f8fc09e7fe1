#include "sim/air/air_client.hpp"

#include <fcntl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace atsim::air {

AirClient::AirClient(EventLoop& loop, const std::string& path, const ble::Address& identity,
                     std::string kind, int max_conn)
    : loop_(loop), path_(path) {
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  if (path.size() >= sizeof sa.sun_path)
    throw std::runtime_error("air socket path too long: " + path);
  std::memcpy(sa.sun_path, path.c_str(), path.size() + 1);
  fd_ = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) {
    const int e = errno;
    ::close(fd_);
    fd_ = -1;
    throw std::runtime_error("no air at " + path + ": " + std::strerror(e));
  }
  loop_.watch(fd_, POLLIN, [this](short ev) { readable(ev); });
  Frame hello("HELLO");
  hello.word(kProtocol)
      .set("addr", identity.air_text())
      .set("kind", std::move(kind))
      .set("conns", max_conn);
  send(hello);
}

AirClient::~AirClient() {
  *alive_ = false;
  if (fd_ >= 0) {
    loop_.unwatch(fd_);
    ::close(fd_);
  }
}

void AirClient::send(const Frame& f) {
  if (fd_ < 0) return;
  out_.push_back(f.text());
  flush();
}

void AirClient::flush() {
  while (fd_ >= 0 && !out_.empty()) {
    const std::string& s = out_.front();
    const ssize_t n = ::send(fd_, s.data(), s.size(), MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return close_with(std::string("send: ") + std::strerror(errno));
    out_.pop_front();
  }
  if (fd_ >= 0) loop_.set_events(fd_, out_.empty() ? POLLIN : short(POLLIN | POLLOUT));
}

void AirClient::close_with(const std::string& why) {
  if (fd_ < 0) return;
  loop_.unwatch(fd_);
  ::close(fd_);
  fd_ = -1;
  out_.clear();
  if (on_closed) {
    auto cb = on_closed;  // the callback may destroy this client
    cb(why);
  }
}

void AirClient::readable(short revents) {
  auto alive = alive_;  // flush() may close the socket, and on_closed may destroy this client
  if (revents & POLLOUT) flush();
  if (!*alive) return;
  if (fd_ < 0 || !(revents & (POLLIN | POLLHUP | POLLERR))) return;
  std::string buf(kMaxFrame, '\0');
  for (int budget = 0; budget < 64 && fd_ >= 0; ++budget) {
    const ssize_t n = ::recv(fd_, buf.data(), buf.size(), MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return close_with(n == 0 ? "the air closed the socket" : std::strerror(errno));
    auto parsed = parse_frame(std::string_view(buf.data(), static_cast<std::size_t>(n)));
    if (auto* bad = std::get_if<BadFrame>(&parsed)) {
      return close_with("unreadable frame from the air at offset " + std::to_string(bad->offset) +
                        ": " + bad->what());
    }
    const Frame& f = std::get<Frame>(parsed);
    if (f.verb == "WELCOME") welcomed_ = true;
    if (on_frame) {
      auto alive = alive_;
      auto cb = on_frame;
      cb(f);
      if (!*alive) return;
    }
  }
}

}  // namespace atsim::air
