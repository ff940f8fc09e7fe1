#include "tests/sim/net_peer.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <stdexcept>

namespace atsim_test {
namespace {

using Clock = std::chrono::steady_clock;

sockaddr_in to_sockaddr(const Addr& a) {
  sockaddr_in s{};
  s.sin_family = AF_INET;
  s.sin_port = htons(static_cast<std::uint16_t>(a.port));
  if (inet_pton(AF_INET, a.ip.c_str(), &s.sin_addr) != 1) throw std::runtime_error("bad ip");
  return s;
}

Addr from_sockaddr(const sockaddr_in& s) {
  char buf[INET_ADDRSTRLEN] = {};
  inet_ntop(AF_INET, &s.sin_addr, buf, sizeof buf);
  return Addr{buf, ntohs(s.sin_port)};
}

int left_ms(Clock::time_point deadline) {
  auto ms = std::chrono::duration_cast<Millis>(deadline - Clock::now()).count();
  return ms < 0 ? 0 : static_cast<int>(ms);
}

bool wait_fd(int fd, short events, Clock::time_point deadline) {
  pollfd p{fd, events, 0};
  return ::poll(&p, 1, left_ms(deadline)) > 0;
}

int bound_port(int fd) {
  sockaddr_in s{};
  socklen_t n = sizeof s;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&s), &n);
  return ntohs(s.sin_port);
}

}  // namespace

TcpStream::~TcpStream() {
  if (fd_ >= 0) ::close(fd_);
}

std::unique_ptr<TcpStream> TcpStream::connect(const Addr& to, Millis timeout) {
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in s = to_sockaddr(to);
  timeval tv{static_cast<time_t>(timeout.count() / 1000),
             static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&s), sizeof s) != 0) {
    ::close(fd);
    return nullptr;
  }
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return std::make_unique<TcpStream>(fd);
}

void TcpStream::send(const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    ssize_t n = ::send(fd_, bytes.data() + done, bytes.size() - done, MSG_NOSIGNAL);
    if (n <= 0) throw std::runtime_error("send failed");
    done += static_cast<std::size_t>(n);
  }
}

std::string TcpStream::read(std::size_t n, Millis timeout) {
  const auto deadline = Clock::now() + timeout;
  std::string out;
  while (out.size() < n && wait_fd(fd_, POLLIN, deadline)) {
    char buf[4096];
    ssize_t r = ::recv(fd_, buf, std::min(sizeof buf, n - out.size()), 0);
    if (r <= 0) break;
    out.append(buf, static_cast<std::size_t>(r));
  }
  return out;
}

std::string TcpStream::read_for(Millis d) {
  const auto deadline = Clock::now() + d;
  std::string out;
  while (wait_fd(fd_, POLLIN, deadline)) {
    char buf[4096];
    ssize_t r = ::recv(fd_, buf, sizeof buf, 0);
    if (r <= 0) break;
    out.append(buf, static_cast<std::size_t>(r));
  }
  return out;
}

bool TcpStream::wait_closed(Millis timeout) {
  const auto deadline = Clock::now() + timeout;
  while (wait_fd(fd_, POLLIN, deadline)) {
    char buf[4096];
    ssize_t r = ::recv(fd_, buf, sizeof buf, 0);
    if (r <= 0) return true;
  }
  return false;
}

Addr TcpStream::peer() const {
  sockaddr_in s{};
  socklen_t n = sizeof s;
  ::getpeername(fd_, reinterpret_cast<sockaddr*>(&s), &n);
  return from_sockaddr(s);
}

TcpListener::TcpListener(const std::string& ip, int port, int rcvbuf) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (rcvbuf > 0) ::setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);
  int one = 1;
  ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in s = to_sockaddr(Addr{ip, port});
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&s), sizeof s) != 0 || ::listen(fd_, 8) != 0) {
    throw std::runtime_error("cannot listen on " + ip + ":" + std::to_string(port));
  }
  port_ = bound_port(fd_);
}

TcpListener::~TcpListener() {
  ::close(fd_);
}

std::unique_ptr<TcpStream> TcpListener::accept(Millis timeout) {
  if (!wait_fd(fd_, POLLIN, Clock::now() + timeout)) return nullptr;
  int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
  if (c < 0) return nullptr;
  int one = 1;
  ::setsockopt(c, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return std::make_unique<TcpStream>(c);
}

UdpPeer::UdpPeer(const std::string& ip, int port) {
  fd_ = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in s = to_sockaddr(Addr{ip, port});
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&s), sizeof s) != 0) {
    throw std::runtime_error("cannot bind udp " + ip + ":" + std::to_string(port));
  }
  port_ = bound_port(fd_);
}

UdpPeer::~UdpPeer() {
  ::close(fd_);
}

void UdpPeer::send_to(const std::string& bytes, const Addr& to) {
  sockaddr_in s = to_sockaddr(to);
  ::sendto(fd_, bytes.data(), bytes.size(), 0, reinterpret_cast<sockaddr*>(&s), sizeof s);
}

std::optional<Datagram> UdpPeer::receive(Millis timeout) {
  if (!wait_fd(fd_, POLLIN, Clock::now() + timeout)) return std::nullopt;
  char buf[65536];
  sockaddr_in from{};
  socklen_t n = sizeof from;
  ssize_t r = ::recvfrom(fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&from), &n);
  if (r < 0) return std::nullopt;
  return Datagram{std::string(buf, static_cast<std::size_t>(r)), from_sockaddr(from), Clock::now()};
}

TlsEchoServer::TlsEchoServer(std::string cert, std::string key, std::string client_ca) {
  fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in s = to_sockaddr(Addr{"127.0.0.1", 0});
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&s), sizeof s) != 0 || ::listen(fd_, 4) != 0) {
    throw std::runtime_error("tls listen");
  }
  port_ = bound_port(fd_);
  thread_ = std::thread([this, cert, key, client_ca] {
    SSL_CTX* ctx = SSL_CTX_new(TLS_server_method());
    SSL_CTX_use_certificate_chain_file(ctx, cert.c_str());
    SSL_CTX_use_PrivateKey_file(ctx, key.c_str(), SSL_FILETYPE_PEM);
    if (!client_ca.empty()) {
      SSL_CTX_load_verify_locations(ctx, client_ca.c_str(), nullptr);
      SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    }
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    if (wait_fd(fd_, POLLIN, deadline)) {
      int c = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
      timeval tv{3, 0};
      ::setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
      ::setsockopt(c, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
      SSL* ssl = SSL_new(ctx);
      SSL_set_fd(ssl, c);
      if (SSL_accept(ssl) == 1) {
        ok_ = true;
        char buf[4096];
        for (int i = 0; i < 100; ++i) {
          int r = SSL_read(ssl, buf, sizeof buf);
          if (r <= 0) break;
          SSL_write(ssl, buf, r);
        }
        SSL_shutdown(ssl);
      }
      ERR_clear_error();
      SSL_free(ssl);
      ::close(c);
    }
    SSL_CTX_free(ctx);
  });
}

void TlsEchoServer::join() {
  if (thread_.joinable()) thread_.join();
}

TlsEchoServer::~TlsEchoServer() {
  join();
  ::close(fd_);
}

int test_port_offset() {
  // 40 slots of 1024 ports from 21000; the pid picks one so parallel test processes differ.
  return 21000 + static_cast<int>(::getpid() % 40) * 1024;
}

namespace {
std::vector<std::string> with_offset(std::vector<std::string> extra, int offset) {
  extra.push_back("--low-port-offset");
  extra.push_back(std::to_string(offset));
  return extra;
}
}  // namespace

NetDut::NetDut(const std::string& chip, std::vector<std::string> extra)
    : offset(test_port_offset()),
      sim(args_for(chip, with_offset(std::move(extra), offset))),
      port(sim.pty_path()) {
  if (!port.wait_for("\r\nready\r\n", std::chrono::seconds(3))) {
    throw std::runtime_error("no ready: " + port.input());
  }
  port.take();
  port.command("ATE0");
  // Join the world's AP when the Wi-Fi chapter is there (ERROR before it lands: the TCP/IP
  // chapter then behaves as joined, see sim/net/inet.cpp).
  if (port.command("AT+CWMODE=1").find("OK") != std::string::npos) {
    port.command("AT+CWJAP=\"atconform-ap\",\"conform-pass-1\"", Millis(5000));
  }
  const std::string cifsr = port.command("AT+CIFSR");
  const std::string label = "+CIFSR:STAIP,\"";
  if (auto at = cifsr.find(label); at != std::string::npos) {
    const auto start = at + label.size();
    ip = cifsr.substr(start, cifsr.find('"', start) - start);
  }
}

std::unique_ptr<NetDut> net_dut(const std::string& chip, std::vector<std::string> extra) {
  return std::make_unique<NetDut>(chip, std::move(extra));
}

}  // namespace atsim_test
