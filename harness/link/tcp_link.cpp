#include "harness/link/tcp_link.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "harness/link/link_error.hpp"
#include "harness/link/posix_io.hpp"

namespace atc {

std::pair<std::string, std::string> split_host_port(const std::string& target,
                                                    const std::string& uri) {
  std::string host, port;
  if (!target.empty() && target[0] == '[') {
    auto close = target.find(']');
    if (close == std::string::npos || close + 1 >= target.size() || target[close + 1] != ':')
      throw LinkError(uri + ": expected [address]:port");
    host = target.substr(1, close - 1);
    port = target.substr(close + 2);
  } else {
    auto colon = target.rfind(':');
    if (colon == std::string::npos) throw LinkError(uri + ": expected host:port");
    host = target.substr(0, colon);
    port = target.substr(colon + 1);
  }
  if (host.empty() || port.empty()) throw LinkError(uri + ": expected host:port");
  return {host, port};
}

int tcp_connect(const std::string& host, const std::string& port, Clock::time_point deadline,
                const std::string& what) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* list = nullptr;
  if (int rc = ::getaddrinfo(host.c_str(), port.c_str(), &hints, &list); rc != 0)
    throw LinkError(what + ": cannot resolve " + host + " port " + port + ": " +
                    ::gai_strerror(rc));
  std::string failures;
  for (addrinfo* ai = list; ai; ai = ai->ai_next) {
    int fd =
        ::socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
    if (fd < 0) continue;
    int err = 0;
    if (::connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
      err = errno;
      if (err == EINPROGRESS) {
        pollfd p{fd, POLLOUT, 0};
        if (poll_until(&p, 1, deadline, what) == 0) {
          err = ETIMEDOUT;
        } else {
          socklen_t len = sizeof err;
          if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len) != 0) err = errno;
        }
      }
    }
    if (err == 0) {
      ::freeaddrinfo(list);
      int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      return fd;
    }
    ::close(fd);
    if (!failures.empty()) failures += "; ";
    failures += err == ETIMEDOUT && Clock::now() >= deadline ? "no answer before the deadline"
                                                             : std::strerror(err);
    if (Clock::now() >= deadline) break;
  }
  ::freeaddrinfo(list);
  throw LinkError(what + ": cannot connect to " + host + " port " + port + ": " +
                  (failures.empty() ? "no usable address" : failures));
}

TcpLink::TcpLink(const std::string& host, const std::string& port, std::string uri,
                 Millis connect_timeout)
    : uri_(std::move(uri)) {
  adopt(tcp_connect(host, port, Clock::now() + connect_timeout, uri_), uri_);
}

}  // namespace atc
