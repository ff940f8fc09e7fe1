#pragma once
// Plain-socket peers for the simulator's TCP/IP tests: a TCP listener, a TCP stream, a UDP
// socket and a one-shot TLS server, all on loopback, every wait bounded by a deadline. Also the
// booted-DUT helper these tests share (a private low-port offset per process so parallel
// tests never share a port).
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "tests/sim/sim_fixture.hpp"

namespace atsim_test {

using Millis = std::chrono::milliseconds;

struct Addr {
  std::string ip;
  int port = 0;
};

class TcpStream {
 public:
  explicit TcpStream(int fd) : fd_(fd) {}
  ~TcpStream();
  TcpStream(const TcpStream&) = delete;
  TcpStream& operator=(const TcpStream&) = delete;
  static std::unique_ptr<TcpStream> connect(const Addr& to, Millis timeout = Millis(2000));

  void send(const std::string& bytes);
  // Reads until `n` bytes arrived or the timeout; returns what arrived.
  std::string read(std::size_t n, Millis timeout);
  // Whatever arrives during `d`.
  std::string read_for(Millis d);
  // True when the peer closes (read returns 0 or an error) before the timeout.
  bool wait_closed(Millis timeout);
  Addr peer() const;
  int fd() const { return fd_; }

 private:
  int fd_;
};

class TcpListener {
 public:
  // `rcvbuf` > 0: a small receive buffer for accepted sockets (to fill them quickly).
  explicit TcpListener(const std::string& ip = "127.0.0.1", int port = 0, int rcvbuf = 0);
  ~TcpListener();
  TcpListener(const TcpListener&) = delete;
  TcpListener& operator=(const TcpListener&) = delete;
  int port() const { return port_; }
  std::unique_ptr<TcpStream> accept(Millis timeout);

 private:
  int fd_ = -1;
  int port_ = 0;
};

struct Datagram {
  std::string data;
  Addr from;
  std::chrono::steady_clock::time_point at;
};

class UdpPeer {
 public:
  explicit UdpPeer(const std::string& ip = "127.0.0.1", int port = 0);
  ~UdpPeer();
  UdpPeer(const UdpPeer&) = delete;
  UdpPeer& operator=(const UdpPeer&) = delete;
  int port() const { return port_; }
  void send_to(const std::string& bytes, const Addr& to);
  std::optional<Datagram> receive(Millis timeout);

 private:
  int fd_ = -1;
  int port_ = 0;
};

// A TLS server on a thread: accepts one client, handshakes with `cert`/`key` (and requires a
// client certificate signed by `client_ca` when given), echoes what it reads until the client
// goes, then ends. `handshake_ok()` after join().
class TlsEchoServer {
 public:
  TlsEchoServer(std::string cert, std::string key, std::string client_ca = {});
  ~TlsEchoServer();
  int port() const { return port_; }
  void join();
  bool handshake_ok() const { return ok_; }

 private:
  int fd_ = -1;
  int port_ = 0;
  bool ok_ = false;
  std::thread thread_;
};

// A per-process low-port offset (DUT port P < 1024 is host port P + offset).
int test_port_offset();

// atsim booted with echo off (ATE0 sent), the station joined when the Wi-Fi chapter exists.
struct NetDut {
  int offset;  // first: the process is started with it
  SimProcess sim;
  HostPort port;
  std::string ip = "127.0.1.2";  // the station's address (AT+CIFSR)
  NetDut(const std::string& chip, std::vector<std::string> extra);
  // Sends a command and returns the reply (everything until OK/ERROR or the timeout).
  std::string cmd(const std::string& line, Millis timeout = Millis(2000)) {
    return port.command(line, timeout);
  }
};
std::unique_ptr<NetDut> net_dut(const std::string& chip, std::vector<std::string> extra = {});

}  // namespace atsim_test
