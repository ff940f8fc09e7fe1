#include "sim/net/conn.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace atsim {
namespace {

// The largest read handed up at once: two TCP segments of the ESP's lwIP (MSS 1460).
constexpr std::size_t kReadMax = 2920;
constexpr auto kHandshakeTimeout = std::chrono::seconds(5);
constexpr int kSendBuffer = 8192;

sockaddr_in to_sockaddr(Endpoint4 e) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl(e.ip);
  a.sin_port = htons(e.port);
  return a;
}

Endpoint4 from_sockaddr(const sockaddr_in& a) {
  return Endpoint4{ntohl(a.sin_addr.s_addr), ntohs(a.sin_port)};
}

Endpoint4 local_of(int fd) {
  sockaddr_in a{};
  socklen_t n = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &n);
  return from_sockaddr(a);
}

}  // namespace

Conn::Conn(EventLoop& loop, ConnType type) : loop_(loop), type_(type) {}

Conn::~Conn() {
  close();
}

void Conn::watch(short events) {
  std::weak_ptr<Conn> weak = weak_from_this();
  loop_.watch(fd_, events, [weak](short revents) {
    if (auto self = weak.lock()) self->on_event(revents);
  });
}

void Conn::connect(std::uint32_t src, Endpoint4 dst, const TlsSetup* tls,
                   std::chrono::milliseconds timeout, Done done) {
  connect_done_ = std::move(done);
  remote_ = dst;
  connecting_ = true;
  std::weak_ptr<Conn> weak = weak_from_this();
  timer_ = loop_.after(timeout, [weak] {
    if (auto self = weak.lock()) {
      self->timer_ = 0;
      self->connect_result(false);
    }
  });
  if (!reachable(dst.ip)) return;  // nothing answers: the timer fails it
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  // lwIP's TCP send buffer on the module is a few KiB, not the kernel's megabytes: a peer
  // that stops reading fills it soon, and SEND OK waits (the contract).
  int sndbuf = kSendBuffer;
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  sockaddr_in s = to_sockaddr(Endpoint4{src, 0});
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&s), sizeof s) != 0) return;
  sockaddr_in d = to_sockaddr(dst);
  int r = ::connect(fd_, reinterpret_cast<sockaddr*>(&d), sizeof d);
  if (r != 0 && errno != EINPROGRESS) {
    // Refused at once (loopback): fail from the loop, never from inside the caller.
    loop_.cancel(timer_);
    timer_ = loop_.after(std::chrono::milliseconds(0), [weak] {
      if (auto self = weak.lock()) {
        self->timer_ = 0;
        self->connect_result(false);
      }
    });
    return;
  }
  local_ = local_of(fd_);
  if (tls && !start_tls(*tls, false)) return;  // the timer fails it
  watch(POLLOUT);
}

bool Conn::open_udp(std::uint32_t src, std::uint16_t port, Endpoint4 dst) {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return false;
  int one = 1;
  ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in s = to_sockaddr(Endpoint4{src, port});
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&s), sizeof s) != 0) {
    close();
    return false;
  }
  local_ = local_of(fd_);
  remote_ = dst;
  connected_ = true;
  watch(POLLIN);
  return true;
}

void Conn::adopt(int fd, const TlsSetup* tls, Done done) {
  fd_ = fd;
  server_side_ = true;
  local_ = local_of(fd_);
  sockaddr_in a{};
  socklen_t n = sizeof a;
  ::getpeername(fd_, reinterpret_cast<sockaddr*>(&a), &n);
  remote_ = from_sockaddr(a);
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  connect_done_ = std::move(done);
  connecting_ = true;
  std::weak_ptr<Conn> weak = weak_from_this();
  if (!tls) {
    timer_ = loop_.after(std::chrono::milliseconds(0), [weak] {
      if (auto self = weak.lock()) {
        self->timer_ = 0;
        self->connect_result(true);
      }
    });
    watch(0);
    return;
  }
  timer_ = loop_.after(kHandshakeTimeout, [weak] {
    if (auto self = weak.lock()) {
      self->timer_ = 0;
      self->connect_result(false);
    }
  });
  if (!start_tls(*tls, true)) return;
  handshaking_ = true;
  watch(POLLIN);
}

bool Conn::start_tls(const TlsSetup& tls, bool server) {
  ctx_ = SSL_CTX_new(server ? TLS_server_method() : TLS_client_method());
  if (!ctx_) return false;
  SSL_CTX_set_min_proto_version(ctx_, TLS1_2_VERSION);
  // The chips' mbedTLS of AT 1.x speaks TLS 1.2 only; it also means a server's rejection of the
  // client certificate fails the handshake itself, as on a real module (TLS 1.3 would only show
  // it on the first read, see pitfalls.md).
  SSL_CTX_set_max_proto_version(ctx_, TLS1_2_VERSION);
  if (!tls.cert_file.empty() &&
      (SSL_CTX_use_certificate_chain_file(ctx_, tls.cert_file.c_str()) != 1 ||
       SSL_CTX_use_PrivateKey_file(ctx_, tls.key_file.c_str(), SSL_FILETYPE_PEM) != 1)) {
    ERR_clear_error();
    return false;
  }
  if (tls.verify_peer) {
    if (tls.ca_file.empty() ||
        SSL_CTX_load_verify_locations(ctx_, tls.ca_file.c_str(), nullptr) != 1) {
      ERR_clear_error();
      return false;
    }
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER | (server ? SSL_VERIFY_FAIL_IF_NO_PEER_CERT : 0),
                       nullptr);
    if (server) {
      if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(tls.ca_file.c_str())) {
        SSL_CTX_set_client_CA_list(ctx_, names);
      }
    }
  } else {
    SSL_CTX_set_verify(ctx_, SSL_VERIFY_NONE, nullptr);
  }
  ssl_ = SSL_new(ctx_);
  if (!ssl_) return false;
  SSL_set_mode(ssl_, SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER);
  SSL_set_fd(ssl_, fd_);
  if (server) {
    SSL_set_accept_state(ssl_);
  } else {
    SSL_set_connect_state(ssl_);
  }
  return true;
}

void Conn::set_keepalive(int seconds) {
  if (fd_ < 0 || seconds <= 0) return;
  int one = 1;
  ::setsockopt(fd_, SOL_SOCKET, SO_KEEPALIVE, &one, sizeof one);
  ::setsockopt(fd_, IPPROTO_TCP, TCP_KEEPIDLE, &seconds, sizeof seconds);
  ::setsockopt(fd_, IPPROTO_TCP, TCP_KEEPINTVL, &seconds, sizeof seconds);
}

void Conn::on_event(short revents) {
  if (fd_ < 0) return;
  auto keep = shared_from_this();
  if (connecting_ && !handshaking_) {
    if (revents & (POLLOUT | POLLERR | POLLHUP)) finish_connect();
    return;
  }
  if (handshaking_) {
    handshake();
    return;
  }
  if (revents & (POLLIN | POLLERR | POLLHUP)) read_ready();
  if (fd_ >= 0 && (revents & POLLOUT)) flush();
}

void Conn::finish_connect() {
  int err = 0;
  socklen_t n = sizeof err;
  ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &n);
  if (err != 0) return connect_result(false);
  if (ssl_) {
    handshaking_ = true;
    return handshake();
  }
  connect_result(true);
}

void Conn::handshake() {
  int r = SSL_do_handshake(ssl_);
  if (r == 1) {
    handshaking_ = false;
    return connect_result(true);
  }
  int e = SSL_get_error(ssl_, r);
  ERR_clear_error();
  if (e == SSL_ERROR_WANT_READ) return loop_.set_events(fd_, POLLIN);
  if (e == SSL_ERROR_WANT_WRITE) return loop_.set_events(fd_, POLLOUT);
  handshaking_ = false;
  connect_result(false);
}

void Conn::connect_result(bool ok) {
  if (!connecting_) return;
  connecting_ = false;
  if (timer_) loop_.cancel(timer_);
  timer_ = 0;
  if (ok) {
    connected_ = true;
    loop_.set_events(fd_, POLLIN | (out_.empty() ? 0 : POLLOUT));
  } else {
    close();
  }
  auto done = std::move(connect_done_);
  connect_done_ = nullptr;
  if (done) done(ok);
}

void Conn::read_ready() {
  char buf[kReadMax];
  if (type_ == ConnType::udp) {
    for (int i = 0; i < 64 && fd_ >= 0; ++i) {
      sockaddr_in from{};
      socklen_t n = sizeof from;
      ssize_t r = ::recvfrom(fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &n);
      if (r < 0) return;
      if (on_data) on_data(std::string(buf, static_cast<std::size_t>(r)), from_sockaddr(from));
    }
    return;
  }
  if (ssl_) {
    for (int i = 0; i < 64 && fd_ >= 0; ++i) {
      int r = SSL_read(ssl_, buf, sizeof buf);
      if (r > 0) {
        if (on_data) on_data(std::string(buf, static_cast<std::size_t>(r)), remote_);
        continue;
      }
      int e = SSL_get_error(ssl_, r);
      ERR_clear_error();
      if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) return;
      return lost();
    }
    return;
  }
  ssize_t r = ::recv(fd_, buf, sizeof buf, 0);
  if (r > 0) {
    if (on_data) on_data(std::string(buf, static_cast<std::size_t>(r)), remote_);
    return;
  }
  if (r < 0 && (errno == EAGAIN || errno == EINTR)) return;
  lost();
}

void Conn::write(std::string bytes, Done done) {
  if (fd_ < 0 || type_ == ConnType::udp) {
    if (done) done(false);
    return;
  }
  queued_ += bytes.size();
  out_ += bytes;
  write_done_.emplace_back(queued_, std::move(done));
  if (connected_) flush();
}

void Conn::flush() {
  auto keep = shared_from_this();
  while (!out_.empty() && fd_ >= 0) {
    ssize_t n = 0;
    if (ssl_) {
      int r = SSL_write(ssl_, out_.data(), static_cast<int>(out_.size()));
      if (r <= 0) {
        int e = SSL_get_error(ssl_, r);
        ERR_clear_error();
        if (e == SSL_ERROR_WANT_WRITE || e == SSL_ERROR_WANT_READ) break;
        return lost();
      }
      n = r;
    } else {
      n = ::send(fd_, out_.data(), out_.size(), MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EAGAIN || errno == EINTR) break;
        return lost();
      }
    }
    out_.erase(0, static_cast<std::size_t>(n));
    written_ += static_cast<std::uint64_t>(n);
  }
  if (fd_ >= 0) loop_.set_events(fd_, POLLIN | (out_.empty() ? 0 : POLLOUT));
  while (!write_done_.empty() && write_done_.front().first <= written_) {
    auto done = std::move(write_done_.front().second);
    write_done_.pop_front();
    if (done) done(true);
  }
}

bool Conn::send_to(const std::string& bytes, Endpoint4 dst) {
  if (fd_ < 0) return false;
  if (!reachable(dst.ip)) return true;  // lost on the way, as a datagram may be
  sockaddr_in d = to_sockaddr(dst);
  return ::sendto(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL, reinterpret_cast<sockaddr*>(&d),
                  sizeof d) == static_cast<ssize_t>(bytes.size());
}

void Conn::fail_writes() {
  auto pending = std::move(write_done_);
  write_done_.clear();
  out_.clear();
  for (auto& [end, done] : pending) {
    if (done) done(false);
  }
}

void Conn::lost() {
  auto keep = shared_from_this();
  close();
  if (on_closed) on_closed();
}

void Conn::close() {
  if (timer_) loop_.cancel(timer_);
  timer_ = 0;
  if (ssl_) {
    if (connected_ && fd_ >= 0) SSL_shutdown(ssl_);  // best effort close_notify
    SSL_free(ssl_);
    ssl_ = nullptr;
  }
  if (ctx_) {
    SSL_CTX_free(ctx_);
    ctx_ = nullptr;
  }
  if (fd_ >= 0) {
    loop_.unwatch(fd_);
    ::close(fd_);
    fd_ = -1;
  }
  connected_ = false;
  if (connecting_) {
    connecting_ = false;
    connect_done_ = nullptr;
  }
  fail_writes();
}

Listener::Listener(EventLoop& loop, std::uint32_t ip, std::uint16_t port, Accept accept)
    : loop_(loop), accept_(std::move(accept)) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd_ < 0) return;
  int one = 1;
  ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a = to_sockaddr(Endpoint4{ip, port});
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 8) != 0) {
    ::close(fd_);
    fd_ = -1;
    return;
  }
  loop_.watch(fd_, POLLIN, [this](short) {
    for (int i = 0; i < 16; ++i) {
      sockaddr_in peer{};
      socklen_t n = sizeof peer;
      int c = ::accept4(fd_, reinterpret_cast<sockaddr*>(&peer), &n, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (c < 0) return;
      accept_(c, from_sockaddr(peer));
      if (fd_ < 0) return;
    }
  });
}

Listener::~Listener() {
  if (fd_ >= 0) {
    loop_.unwatch(fd_);
    ::close(fd_);
  }
}

}  // namespace atsim
