#pragma once
// One network connection of the simulated DUT on the event loop: a TCP, UDP or TLS socket with
// an asynchronous connect (or adoption of an accepted socket), writes that report when the
// socket has accepted every byte, and callbacks for data and for the peer going away. Never
// blocks. Held by shared_ptr: a callback may drop the last owner, the object stays alive until
// it returns.
#include <openssl/ssl.h>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "sim/event_loop.hpp"
#include "sim/net/inet.hpp"

namespace atsim {

enum class ConnType { tcp, udp, ssl };

// What a TLS endpoint presents and checks (PEM files; empty = none).
struct TlsSetup {
  std::string ca_file;    // verify the peer against this CA
  std::string cert_file;  // our certificate
  std::string key_file;
  bool verify_peer = false;  // client: verify the server; server: require a client certificate
};

class Conn : public std::enable_shared_from_this<Conn> {
 public:
  using Done = std::function<void(bool ok)>;
  std::function<void(std::string data, Endpoint4 from)> on_data;
  std::function<void()> on_closed;  // the peer closed or the socket failed (not after close())

  Conn(EventLoop& loop, ConnType type);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;

  ConnType type() const { return type_; }
  bool open() const { return fd_ >= 0; }
  bool connected() const { return connected_; }
  Endpoint4 local() const { return local_; }
  Endpoint4 remote() const { return remote_; }
  std::size_t pending() const { return out_.size(); }

  // TCP/TLS client: connect from `src` to `dst`; `done` once connected (TLS: handshake done).
  // Unreachable destinations fail after `timeout`.
  void connect(std::uint32_t src, Endpoint4 dst, const TlsSetup* tls,
               std::chrono::milliseconds timeout, Done done);
  // UDP: bind src:port (0 = any) and remember `dst` as the default remote. False on failure.
  bool open_udp(std::uint32_t src, std::uint16_t port, Endpoint4 dst);
  // An accepted TCP socket; for TLS (`tls` given) the handshake runs first, then `done`.
  void adopt(int fd, const TlsSetup* tls, Done done);
  void set_keepalive(int seconds);

  // TCP/TLS: queue bytes; `done(true)` once the socket has accepted all of them (and all queued
  // before), `done(false)` if the connection fails first.
  void write(std::string bytes, Done done);
  // UDP: one datagram to `dst` (unreachable: silently dropped, as the radio would). True if sent.
  bool send_to(const std::string& bytes, Endpoint4 dst);
  void set_remote(Endpoint4 r) { remote_ = r; }
  void close();

 private:
  void watch(short events);
  void on_event(short revents);
  void finish_connect();
  void handshake();
  void read_ready();
  void flush();
  void fail_writes();
  void lost();  // the peer went away: close, then on_closed
  void connect_result(bool ok);
  bool start_tls(const TlsSetup& tls, bool server);

  EventLoop& loop_;
  ConnType type_;
  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  bool server_side_ = false;
  bool connected_ = false;
  bool connecting_ = false;
  bool handshaking_ = false;
  short want_ = 0;  // events TLS asked for
  Endpoint4 local_, remote_;
  Done connect_done_;
  EventLoop::TimerId timer_ = 0;
  std::string out_;
  std::uint64_t queued_ = 0, written_ = 0;
  std::deque<std::pair<std::uint64_t, Done>> write_done_;
};

// A listening TCP socket on the event loop.
class Listener {
 public:
  using Accept = std::function<void(int fd, Endpoint4 peer)>;
  Listener(EventLoop& loop, std::uint32_t ip, std::uint16_t port, Accept accept);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;
  bool ok() const { return fd_ >= 0; }

 private:
  EventLoop& loop_;
  int fd_ = -1;
  Accept accept_;
};

}  // namespace atsim
