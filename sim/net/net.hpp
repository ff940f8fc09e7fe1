#pragma once
// The TCP/IP chapter's state and machinery (docs/contracts/tcpip.md): the five links, the
// server, +IPD and the link URCs, the busy periods of network commands, and passthrough. The
// command handlers (*_commands.cpp here) validate and call into it. One per Device
// (`net(d)`); a boot drops every socket and puts the volatile settings back.
#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/device.hpp"
#include "sim/net/conn.hpp"
#include "sim/net/inet.hpp"
#include "sim/net/net_options.hpp"
#include "sim/net/truth.hpp"

namespace atsim {

constexpr int kLinks = 5;

// Where a link goes, as the command gave it (DUT-side port).
struct NetTarget {
  ConnType type = ConnType::tcp;
  std::string host;
  int port = 0;
  int keepalive_s = 0;
  int udp_local = 0;  // DUT-side; 0 = ephemeral
  int udp_mode = 0;
};

struct Link {
  int id = 0;
  ConnType type = ConnType::tcp;
  NetTarget target;  // what AT+CIPSTART asked for (passthrough reconnects to it)
  std::shared_ptr<Conn> conn;
  bool ready = false;        // connected (an accepted TLS client: handshake done)
  bool server_side = false;  // tetype 1
  int udp_mode = 0;
  bool udp_changed = false;
  EventLoop::TimerId idle_timer = 0;
  // ESP8266 send buffer (AT+CIPSENDBUF)
  std::uint32_t next_seg = 1, last_sent = 0, last_acked = 0;
  std::vector<std::pair<std::uint32_t, bool>> segs;  // the last 32 ids and their outcome
};

class Net {
 public:
  Device* dev = nullptr;
  NetOptions opt;
  TruthLog truth;
  std::uint64_t generation = 0;  // bumped at every boot: older callbacks do nothing

  // Volatile settings (power-on values).
  bool mux = false;
  int cipmode = 0;
  bool dinfo = false;
  int sto_s = 180;
  int maxconn = 5;
  bool link_closed = false;                     // a link closed since boot: STATUS:4
  std::optional<std::uint32_t> status_station;  // the station address link_closed belongs to
  std::optional<NetTarget> boot_translink;      // AT+SAVETRANSLINK: enter passthrough when ready

  std::array<std::unique_ptr<Link>, kLinks> links;
  struct Server {
    std::vector<std::unique_ptr<Listener>> listeners;
    int port = 333;  // DUT-side
    bool ssl = false;
    int ca = 0;
  };
  std::optional<Server> server;

  void boot();  // the boot hook
  // --net-form: this DUT prints `form` where the contract has another (net_options.hpp).
  bool prints(const char* form) const { return opt.forms.count(form) > 0; }
  Device& d() { return *dev; }
  bool current(std::uint64_t gen) const { return gen == generation; }

  int to_host(int dut_port) const { return host_port(dut_port, opt.low_port_offset); }
  int to_dut(int host_port) const { return dut_port(host_port, opt.low_port_offset); }
  std::vector<Endpoint4> dns_servers();

  // ---- busy periods: lines get `busy p...` (or `busy s...`) until release_busy()
  void hold_busy(const char* text = "busy p...");
  void release_busy();

  // ---- links
  Link* link(int id) { return id >= 0 && id < kLinks ? links[id].get() : nullptr; }
  int open_count() const;
  void mark_closed();  // a link went: STATUS:4 until the station's address changes
  // Opens `t` on slot `id`; `done(ok, dns_failed)` from the loop. The slot is taken at once.
  void open_link(int id, const NetTarget& t, std::function<void(bool ok, bool dns_fail)> done);
  // Closes a link the DUT decided to close; with `urc`, prints (<id>,)CLOSED.
  void close_link(int id, bool urc);
  void close_all_links();
  // "CLOSED" or "<id>,CLOSED" (and "CONNECT" ...) for the current CIPMUX mode.
  std::string link_message(int id, const char* what) const;
  void touch(Link& l);  // data moved: restart the CIPSTO idle clock of a server link
  TlsSetup client_tls(int id) const;
  std::optional<std::string> start_server(int port, bool ssl, int ca);
  void stop_server();

  // ---- SSL client configuration (AT+CIPSSLCCONF), per link; saved
  struct SslConf {
    int type = 0, cert = 0, ca = 0;
  };
  SslConf sslconf(int id) const;
  void save_sslconf(int id, SslConf c);  // id -1: all links

  // ---- passthrough (passthrough.cpp)
  bool in_passthrough() const { return pt_ != nullptr; }
  // Enters passthrough on link 0 (already open, or `target` to (re)connect to).
  void enter_passthrough(std::optional<NetTarget> target);
  void passthrough_data(const std::string& data);  // network -> UART
  void passthrough_link_lost();

 private:
  void attach(Link& l);
  void on_link_data(int id, std::string data, Endpoint4 from);
  void on_link_closed(int id);
  void on_accept(int fd, Endpoint4 peer);
  void pt_input(std::string_view bytes, Clock::time_point at);
  void pt_append(char c, Clock::time_point at);
  void pt_flush();
  void pt_release_held();
  void pt_plus_timer();
  void pt_exit(Clock::time_point last_plus);
  void pt_reconnect();

  struct Passthrough {
    std::optional<NetTarget> target;  // to reconnect to
    std::string buf;
    Clock::time_point first{};
    EventLoop::TimerId flush_timer = 0;
    Clock::time_point last_byte{};
    std::string held;  // a possible "+++"
    Clock::time_point held_first{}, held_last{};
    EventLoop::TimerId plus_timer = 0;
    EventLoop::TimerId retry_timer = 0;
    bool connecting = false;
    std::string tail;  // the last bytes of data (the plus-inside-data defect)
  };
  std::unique_ptr<Passthrough> pt_;
};

// The chapter state of `d`, bound to it.
Net& net(Device& d);

// The `error-still-applies` defect: a setting command that refuses its parameters answers
// ERROR but applies what it parsed all the same. Handlers ask this on their refusal path.
inline bool applies_anyway(const Device& d) {
  return d.has(Defect::error_still_applies);
}
// Parameter i as a number whatever its range (what a careless handler would apply).
inline std::optional<std::int64_t> raw_int(const Params& p, std::size_t i) {
  return p.is_int(i) ? std::optional<std::int64_t>(p[i].number) : std::nullopt;
}

}  // namespace atsim

namespace atsim {

// The data phase of AT+CIPSEND/AT+CIPSENDEX/AT+CIPSENDBUF: `\r\nOK\r\n> `, then `len` raw
// bytes (with `sendex`, `\0` ends them early); `done` gets the data. Bytes beyond `len` are
// discarded with one `busy s...` (handed to `extra` instead with the `cipsend-extra-sent`
// defect) until end_data_phase() runs once the final reply is on the wire. With
// `rest_is_commands` (AT+CIPSENDBUF, which waits for nothing) the data phase ends with its last
// byte and what follows is command input.
void collect_data(Device& d, std::size_t len, bool sendex, std::function<void(std::string)> done,
                  std::function<void(std::string)> extra, bool rest_is_commands = false);
void end_data_phase(Device& d);

}  // namespace atsim
