#include "sim/air/server.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "sim/air/air_client.hpp"

namespace atsim::air {

AirServer::AirServer(EventLoop& loop, Medium& medium, std::string path)
    : loop_(loop), medium_(medium), path_(std::move(path)) {
  sockaddr_un sa{};
  sa.sun_family = AF_UNIX;
  if (path_.size() >= sizeof sa.sun_path) {
    throw std::runtime_error("socket path too long (" + std::to_string(path_.size()) +
                             " bytes, at most " + std::to_string(sizeof sa.sun_path - 1) +
                             "): " + path_);
  }
  std::memcpy(sa.sun_path, path_.c_str(), path_.size() + 1);
  struct stat st {};
  if (::lstat(path_.c_str(), &st) == 0) {
    if (!S_ISSOCK(st.st_mode)) throw std::runtime_error(path_ + " exists and is not a socket");
    const int probe = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    const bool live =
        probe >= 0 && ::connect(probe, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0;
    if (probe >= 0) ::close(probe);
    if (live) throw std::runtime_error("another air is listening at " + path_);
    ::unlink(path_.c_str());
  }
  listen_fd_ = ::socket(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (listen_fd_ < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 ||
      ::listen(listen_fd_, 16) != 0) {
    const int e = errno;
    ::close(listen_fd_);
    throw std::runtime_error("cannot listen at " + path_ + ": " + std::strerror(e));
  }
  loop_.watch(listen_fd_, POLLIN, [this](short) { accept_clients(); });
}

AirServer::~AirServer() {
  for (auto& [fd, c] : clients_) {
    loop_.unwatch(fd);
    ::close(fd);
  }
  loop_.unwatch(listen_fd_);
  ::close(listen_fd_);
  ::unlink(path_.c_str());
}

void AirServer::accept_clients() {
  for (;;) {
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) return;
    clients_[fd] = std::make_unique<Client>(Client{fd, 0, {}});
    loop_.watch(fd, POLLIN, [this, fd](short ev) { readable(fd, ev); });
  }
}

void AirServer::send(int fd, const std::string& text) {
  auto it = clients_.find(fd);
  if (it == clients_.end()) return;
  it->second->out.push_back(text);
  flush(*it->second);
}

void AirServer::flush(Client& c) {
  while (!c.out.empty()) {
    const ssize_t n =
        ::send(c.fd, c.out.front().data(), c.out.front().size(), MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      // The radio is gone; its POLLHUP ends it in readable().
      c.out.clear();
      break;
    }
    c.out.pop_front();
  }
  loop_.set_events(c.fd, c.out.empty() ? POLLIN : short(POLLIN | POLLOUT));
}

void AirServer::drop(int fd) {
  auto it = clients_.find(fd);
  if (it == clients_.end()) return;
  const RadioId radio = it->second->radio;
  loop_.unwatch(fd);
  ::close(fd);
  clients_.erase(it);
  if (radio) medium_.detach(radio);
}

void AirServer::readable(int fd, short revents) {
  auto it = clients_.find(fd);
  if (it == clients_.end()) return;
  if (revents & POLLOUT) flush(*it->second);
  if (!(revents & (POLLIN | POLLHUP | POLLERR))) return;
  std::string buf(kMaxFrame, '\0');
  for (int budget = 0; budget < 64; ++budget) {
    const ssize_t n = ::recv(fd, buf.data(), buf.size(), MSG_DONTWAIT);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return drop(fd);
    auto c = clients_.find(fd);
    if (c == clients_.end()) return;
    on_frame(*c->second, std::string_view(buf.data(), static_cast<std::size_t>(n)));
    if (!clients_.count(fd)) return;
  }
}

void AirServer::on_frame(Client& c, std::string_view text) {
  const int fd = c.fd;
  auto error = [&](std::size_t offset, const std::string& why) {
    Frame e("ERROR");
    e.set("offset", static_cast<std::int64_t>(offset))
        .set("why", why)
        .set("frame", std::string(text));
    send(fd, e.text());
  };
  auto parsed = parse_frame(text);
  if (auto* bad = std::get_if<BadFrame>(&parsed)) return error(bad->offset, bad->what());
  const Frame& f = std::get<Frame>(parsed);
  try {
    if (f.verb == "HELLO") {
      if (c.radio) throw BadFrame(0, "HELLO twice");
      if (f.words.size() != 1 || f.words[0] != kProtocol)
        throw BadFrame(0, std::string("HELLO ") + kProtocol + " expected");
      const ble::Address addr = f.address("addr");
      const std::string kind = f.has("kind") ? f.str("kind") : "radio";
      const int conns = static_cast<int>(f.integer_or("conns", 1, 16, 1));
      c.radio =
          medium_.attach(addr, kind, conns, [this, fd](const Frame& out) { send(fd, out.text()); });
      Frame w("WELCOME");
      w.word(kProtocol).set("radio", c.radio);
      return send(fd, w.text());
    }
    if (!c.radio) throw BadFrame(0, "the first frame must be HELLO");
    medium_.handle(c.radio, f);
  } catch (const BadFrame& e) {
    error(e.offset, e.what());
  }
}

}  // namespace atsim::air
