// Ensure that tcp:// and rfc2217:// links connect within their deadline, move bytes both ways,
// report a refused or closed connection as a LinkError that says so, and that rfc2217 sends
// its port settings and modem lines as RFC 2217 subnegotiations without waiting for answers.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <future>
#include <vector>

#include "harness/link/link_error.hpp"
#include "harness/link/link_factory.hpp"

namespace atc {
namespace {

using namespace std::chrono_literals;

struct Fd {
  int fd = -1;
  explicit Fd(int f = -1) : fd(f) {}
  Fd(Fd&& o) noexcept : fd(o.fd) { o.fd = -1; }
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// A loopback listener on an ephemeral port.
struct Listener {
  Fd sock;
  int port = 0;
  explicit Listener(int backlog = 8) : sock(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(sock.fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 ||
        ::listen(sock.fd, backlog) != 0)
      throw std::runtime_error("listen failed");
    socklen_t len = sizeof a;
    ::getsockname(sock.fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  Fd accept(Millis limit = 2000ms) const {
    pollfd p{sock.fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(limit.count())) != 1) return Fd{};
    return Fd{::accept4(sock.fd, nullptr, nullptr, SOCK_CLOEXEC)};
  }
  std::string uri(const std::string& scheme = "tcp") const {
    return scheme + "://127.0.0.1:" + std::to_string(port);
  }
};

std::string recv_some(int fd, std::size_t want, Millis limit = 2000ms) {
  std::string got;
  const auto deadline = Clock::now() + limit;
  while (got.size() < want) {
    auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now()).count();
    pollfd p{fd, POLLIN, 0};
    if (left < 0 || ::poll(&p, 1, static_cast<int>(left) + 1) <= 0) break;
    char buf[4096];
    ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    got.append(buf, static_cast<std::size_t>(n));
  }
  return got;
}

void send_all(int fd, const std::string& s) {
  ASSERT_EQ(::send(fd, s.data(), s.size(), MSG_NOSIGNAL), static_cast<ssize_t>(s.size()));
}

std::string read_some(Link& link, std::size_t want, Millis limit = 2000ms) {
  std::string got;
  const auto deadline = Clock::now() + limit;
  while (got.size() < want) {
    auto c = link.read(deadline);
    if (!c) break;
    got += c->bytes;
  }
  return got;
}

std::string open_error(const std::string& uri) {
  try {
    open_link(uri, SerialSettings{});
  } catch (const LinkError& e) {
    return e.what();
  }
  return "";
}

TEST(TcpLink, RoundTripAndNoSerialControl) {
  Listener l;
  auto link = open_link(l.uri(), SerialSettings{});
  Fd peer = l.accept();
  ASSERT_GE(peer.fd, 0);
  link->write("AT+GMR\r\n");
  EXPECT_EQ(recv_some(peer.fd, 8), "AT+GMR\r\n");
  const auto before = Clock::now();
  send_all(peer.fd, std::string("\r\nOK\r\n\xff\0", 8));
  auto c = link->read(Clock::now() + 2s);
  ASSERT_TRUE(c);
  EXPECT_GE(c->arrived, before);
  EXPECT_EQ(c->bytes + read_some(*link, 8 - c->bytes.size()), std::string("\r\nOK\r\n\xff\0", 8));
  EXPECT_FALSE(link->set_serial(SerialSettings{}));
  EXPECT_FALSE(link->set_lines(false, true));
}

TEST(TcpLink, PeerCloseIsALinkError) {
  Listener l;
  auto link = open_link(l.uri(), SerialSettings{});
  {
    Fd peer = l.accept();
    ASSERT_GE(peer.fd, 0);
    send_all(peer.fd, "last words");
  }                                               // closed
  EXPECT_EQ(read_some(*link, 10), "last words");  // data before the close comes first
  try {
    link->read(Clock::now() + 2s);
    FAIL() << "no LinkError";
  } catch (const LinkError& e) {
    EXPECT_NE(std::string(e.what()).find("closed by the other end"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(l.uri()), std::string::npos) << e.what();
  }
  // Writing to a closed connection is an error too, not a SIGPIPE.
  EXPECT_THROW(
      {
        for (int i = 0; i < 100; ++i) link->write(std::string(4096, 'x'));
      },
      LinkError);
}

TEST(TcpLink, RefusedConnectionSaysSo) {
  int port;
  {
    Listener l;  // bound and closed again: nobody listens on it now
    port = l.port;
  }
  std::string msg = open_error("tcp://127.0.0.1:" + std::to_string(port));
  EXPECT_NE(msg.find("cannot connect to 127.0.0.1 port " + std::to_string(port)), std::string::npos)
      << msg;
  EXPECT_NE(msg.find("refused"), std::string::npos) << msg;
}

TEST(TcpLink, UnresolvableHostSaysSo) {
  std::string msg = open_error("tcp://no-such-host.invalid:7000");
  EXPECT_NE(msg.find("cannot resolve no-such-host.invalid"), std::string::npos) << msg;
}

TEST(TcpLink, ConnectDeadlineIsKept) {
  // A listener that never accepts, with a full backlog: Linux drops further SYNs, so a connect
  // hangs until the client gives up.
  Listener l(0);
  std::vector<Fd> fillers;
  for (int i = 0; i < 4; ++i) {
    Fd f(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    a.sin_port = htons(static_cast<uint16_t>(l.port));
    ::connect(f.fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    fillers.push_back(std::move(f));
  }
  const auto t0 = Clock::now();
  std::string msg = open_error(l.uri() + "?connect_ms=300");
  const auto took = Clock::now() - t0;
  EXPECT_NE(msg.find("no answer before the deadline"), std::string::npos) << msg;
  EXPECT_GE(took, 300ms);
  EXPECT_LT(took, 800ms);
}

// --- rfc2217 ---------------------------------------------------------------------------------

constexpr char IAC = '\xff', SB = '\xfa', SE = '\xf0', DO = '\xfd', WILL = '\xfb';

std::string sb(char cmd, std::string value) {
  return std::string{IAC, SB, 44, cmd} + value + std::string{IAC, SE};
}

TEST(Rfc2217Link, NegotiatesSettingsLinesAndEscapesData) {
  Listener l;
  auto server = std::async(std::launch::async, [&] {
    Fd peer = l.accept();
    // The server's side of the negotiation, sent at once.
    send_all(peer.fd, std::string{IAC, DO, 44, IAC, WILL, 0, IAC, DO, 0} + "early");
    return peer;
  });
  SerialSettings s;
  s.baud = 921600;
  s.parity = Parity::even;
  auto link = open_link(l.uri("rfc2217"), s);
  Fd peer = server.get();
  ASSERT_GE(peer.fd, 0);

  std::string settings = sb(1, std::string("\x00\x0e\x10\x00", 4)) + sb(2, "\x08") + sb(3, "\x03") +
                         sb(4, "\x01") + sb(5, "\x01");
  std::string got = recv_some(peer.fd, 1000, 300ms);
  EXPECT_NE(got.find(std::string{IAC, WILL, 44}), std::string::npos);
  EXPECT_NE(got.find(settings), std::string::npos) << "settings not sent as RFC 2217 SB";

  // Data bytes that arrived during the negotiation are not lost.
  EXPECT_EQ(read_some(*link, 5), "early");

  // 0xFF in data is doubled on the wire and undoubled on the way in; Telnet commands vanish.
  link->write(
      std::string("a\xff"
                  "b",
                  3));
  EXPECT_EQ(recv_some(peer.fd, 4), std::string("a\xff\xff"
                                               "b",
                                               4));
  send_all(peer.fd, std::string{'O', IAC, IAC, 'K'} + sb(101, "\x00\x0e\x10\x00") + "\r\n");
  EXPECT_EQ(read_some(*link, 5), std::string("O\xffK\r\n", 5));

  // Reset pulse: DTR released, RTS asserted, then RTS released; nothing is waited for.
  const auto t0 = Clock::now();
  EXPECT_TRUE(link->set_lines(false, true));
  EXPECT_TRUE(link->set_lines(false, false));
  EXPECT_LT(Clock::now() - t0, 100ms);
  std::string lines = recv_some(peer.fd, 28);
  EXPECT_EQ(lines, sb(5, "\x09") + sb(5, "\x0b") + sb(5, "\x09") + sb(5, "\x0c"));
}

TEST(Rfc2217Link, PlainTcpPortIsRefusedWithAHint) {
  Listener l;
  auto server = std::async(std::launch::async, [&] { return l.accept(); });
  std::string msg = open_error(l.uri("rfc2217") + "?connect_ms=200");
  EXPECT_NE(msg.find("no Telnet COM-PORT-OPTION answer"), std::string::npos) << msg;
  EXPECT_NE(msg.find("tcp://"), std::string::npos) << msg;
}

}  // namespace
}  // namespace atc
