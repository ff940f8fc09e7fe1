// §5 TCP/IP (ESP32 §5.2.1, 5.2.8–5.2.12, 5.2.14–5.2.19, 5.2.23; ESP8266 §5.2.1–5.2.4,
// 5.2.9, 5.2.11–5.2.15): links, sending, the server, the transfer mode and passthrough entry.
// Service commands (DNS, SNTP, PING, CIUPDATE) and the ESP8266 send buffer have their own
// files. The exact replies are fixed in docs/contracts/tcpip.md.
#include <chrono>
#include <memory>

#include "sim/bt/ble_state.hpp"
#include "sim/chapters.hpp"
#include "sim/device.hpp"
#include "sim/net/net.hpp"

namespace atsim {

void register_net_service_commands(Registry& r);  // service_commands.cpp
void register_sendbuf_commands(Registry& r);      // sendbuf_commands.cpp

namespace {
using namespace std::chrono_literals;

const char* type_name(ConnType t) {
  return t == ConnType::tcp ? "TCP" : t == ConnType::udp ? "UDP" : "SSL";
}

// ---------------------------------------------------------------- data phase

struct DataPhase {
  std::size_t wanted = 0;
  std::size_t received = 0;
  bool sendex = false;
  bool complete = false;
  bool said_busy = false;
  std::string data;
};

}  // namespace

void collect_data(Device& d, std::size_t len, bool sendex, std::function<void(std::string)> done,
                  std::function<void(std::string)> extra, bool rest_is_commands) {
  d.ok();
  d.send("> ");
  auto st = std::make_shared<DataPhase>();
  st->wanted = len;
  st->sendex = sendex && !d.has(Defect::cipsendex_nul_ignored);
  d.set_raw_input([&d, st, done = std::move(done), extra = std::move(extra), rest_is_commands](
                      std::string_view bytes, Clock::time_point) {
    std::size_t i = 0;
    for (; i < bytes.size() && !st->complete; ++i) {
      st->data += bytes[i];
      ++st->received;
      const std::string& s = st->data;
      if (st->sendex && s.size() >= 2 && s.compare(s.size() - 2, 2, "\\0") == 0) {
        if (s.size() >= 3 && s[s.size() - 3] == '\\') {
          st->data.erase(s.size() - 3, 1);  // "\\0": the two bytes "\0" themselves
        } else {
          st->data.resize(s.size() - 2);  // "\0": the end of the data
          st->complete = true;
        }
      }
      if (st->received == st->wanted) st->complete = true;
      if (st->complete) done(st->data);
    }
    if (st->complete && rest_is_commands) {
      // Nothing to wait for (AT+CIPSENDBUF): the UART is the interpreter's again at once.
      d.set_raw_input(nullptr);
      if (i < bytes.size()) d.input_as_commands(bytes.substr(i));
      return;
    }
    if (i < bytes.size()) {
      if (d.has(Defect::cipsend_extra_sent)) {
        if (extra) extra(std::string(bytes.substr(i)));
      } else if (!st->said_busy) {
        st->said_busy = true;
        d.send("busy s...\r\n");
      }
    }
  });
}

void end_data_phase(Device& d) {
  d.after_sent([&d] {
    if (d.phase() == Phase::running) d.set_raw_input(nullptr);
  });
}

namespace {

// ---------------------------------------------------------------- AT+CIPSTART

void cipstart(Device& d, const Request& r) {
  Net& n = net(d);
  if (r.variant == kTest) {  // ESP8266 §5.2.2
    const std::string id = n.mux ? "(link ID)," : "";
    d.info("+CIPSTART:" + id + "(<type>),(<IP address>),(<port>)[,(<local port>),(<mode>)]");
    d.info("+CIPSTART:" + id + "(<type>),(<domain name>),(<port>)[,(<local port>),(<mode>)]");
    return d.ok();
  }
  const Params& p = r.params;
  std::size_t at = 0;
  int id = 0;
  if (n.mux) {
    auto v = p.int_in(0, 0, kLinks - 1);
    if (!v) return d.error();
    id = static_cast<int>(*v);
    at = 1;
  }
  auto type = p.string_at(at);
  auto host = p.string_at(at + 1);
  auto port = p.int_in(at + 2, 1, 65535);
  if (!type || !host || host->empty() || !port) return d.error();
  NetTarget t;
  t.host = *host;
  t.port = static_cast<int>(*port);
  const std::size_t extra = p.size() - (at + 3);
  if (*type == "TCP" || (*type == "SSL" && d.chip() == Chip::esp32)) {
    t.type = *type == "TCP" ? ConnType::tcp : ConnType::ssl;
    if (extra > 1) return d.error();
    if (extra == 1) {
      auto ka = p.int_in(at + 3, 0, 7200);
      if (!ka) return d.error();
      // ESP32: seconds; ESP8266: units of 500 ms (rounded up to whole seconds).
      t.keepalive_s =
          d.chip() == Chip::esp32 ? static_cast<int>(*ka) : static_cast<int>((*ka + 1) / 2);
    }
  } else if (*type == "UDP") {
    t.type = ConnType::udp;
    if (extra > 2) return d.error();
    if (extra >= 1) {
      auto local = p.int_in(at + 3, 0, 65535);
      if (!local) return d.error();
      t.udp_local = static_cast<int>(*local);
    }
    if (extra == 2) {
      auto mode = p.int_in(at + 4, 0, 2);
      if (!mode) return d.error();
      t.udp_mode = static_cast<int>(*mode);
    }
  } else {
    return d.error();
  }
  if (n.links[id]) {
    if (!d.has(Defect::already_connected_missing))
      d.info(n.prints("alreay-connect") ? "ALREAY CONNECT" : "ALREADY CONNECTED");
    return d.error();
  }
  if (!dut_addresses(d).any()) return d.error();
  n.hold_busy();
  const std::uint64_t gen = n.generation;
  n.open_link(id, t, [&d, &n, id, gen](bool ok, bool dns_fail) {
    if (!n.current(gen)) return;
    n.release_busy();
    if (!ok) {
      if (dns_fail) d.info("DNS Fail");
      return d.error();
    }
    d.info(n.link_message(id, "CONNECT"));
    d.ok();
  });
}

// ---------------------------------------------------------------- AT+CIPSEND / AT+CIPSENDEX

void send_on_link(Device& d, Net& n, int id, std::optional<Endpoint4> to, std::string data) {
  const std::uint64_t gen = n.generation;
  Link* l = n.link(id);
  if (!l || !l->ready || !l->conn->open()) {
    d.error();
    return end_data_phase(d);
  }
  if (!n.prints("no-recv-line")) d.send("\r\nRecv " + std::to_string(data.size()) + " bytes\r\n");
  auto finish = [&d, &n, gen](bool ok) {
    if (!n.current(gen)) return;
    d.send(ok ? "\r\nSEND OK\r\n" : "\r\nSEND FAIL\r\n");
    end_data_phase(d);
  };
  n.touch(*l);
  if (l->type == ConnType::udp) {
    return finish(l->conn->send_to(data, to.value_or(l->conn->remote())));
  }
  if (d.has(Defect::send_ok_early)) {
    finish(true);
    auto conn = l->conn;
    d.after(300ms, [conn, data] { conn->write(data, nullptr); });
    return;
  }
  l->conn->write(std::move(data), finish);
}

void cipsend_common(Device& d, const Request& r, bool sendex) {
  Net& n = net(d);
  if (r.variant == kTest) return d.ok();  // ESP8266 §5.2.3/5.2.4
  if (r.variant == kExecute) {
    // Passthrough: CIPMODE=1, single connection, a link (UDP only in mode 0).
    Link* l = n.link(0);
    if (sendex || n.cipmode != 1 || n.mux || !l || !l->ready ||
        (l->type == ConnType::udp && l->udp_mode != 0)) {
      return d.error();
    }
    // esp32 §6.1: BLE and UART-Wi-Fi passthrough "cannot be used together" (the other half is
    // AT+BLEINIT under CIPMODE=1; docs/contracts/ble.md).
    if (bt::ble(d).role != 0) return d.error();
    d.ok();
    d.send("\r\n>");
    n.enter_passthrough(std::nullopt);
    return;
  }
  const Params& p = r.params;
  std::size_t at = 0;
  int id = 0;
  if (n.mux) {
    auto v = p.int_in(0, 0, kLinks - 1);
    if (!v) return d.error();
    id = static_cast<int>(*v);
    at = 1;
  }
  auto len = p.int_in(at, 1, 2048);
  if (!len || n.cipmode == 1) return d.error();
  Link* l = n.link(id);
  if (!l || !l->ready) return d.error();
  std::optional<Endpoint4> to;
  if (p.size() == at + 3) {
    auto ip = p.string_at(at + 1);
    auto port = p.int_in(at + 2, 1, 65535);
    auto addr = ip ? parse_ip(*ip) : std::nullopt;
    if (l->type != ConnType::udp || !addr || !port) return d.error();
    to = Endpoint4{*addr, static_cast<std::uint16_t>(n.to_host(static_cast<int>(*port)))};
  } else if (p.size() != at + 1) {
    return d.error();
  }
  collect_data(
      d, static_cast<std::size_t>(*len), sendex,
      [&d, &n, id, to](std::string data) { send_on_link(d, n, id, to, std::move(data)); },
      [&n, id](std::string extra) {
        if (Link* l = n.link(id); l && l->type != ConnType::udp) l->conn->write(extra, nullptr);
      });
}

void cipsend(Device& d, const Request& r) {
  cipsend_common(d, r, false);
}
void cipsendex(Device& d, const Request& r) {
  cipsend_common(d, r, true);
}

// ---------------------------------------------------------------- AT+CIPCLOSE

void cipclose(Device& d, const Request& r) {
  Net& n = net(d);
  if (r.variant == kTest) return d.ok();
  if (r.variant == kExecute) {
    if (n.mux || !n.links[0]) return d.error();
    n.close_link(0, true);
    return d.ok();
  }
  if (!n.mux || r.params.size() != 1) return d.error();
  auto id = r.params.int_in(0, 0, kLinks);
  if (!id) return d.error();
  if (*id == kLinks) {
    const bool server_mode = d.chip() == Chip::esp8266 && n.server;  // §5.2.9: no effect
    if (!server_mode && !d.has(Defect::cipclose_all_ignored)) n.close_all_links();
    return d.ok();
  }
  if (!n.links[*id]) return d.error();
  n.close_link(static_cast<int>(*id), true);
  d.ok();
}

// ---------------------------------------------------------------- AT+CIPMUX / AT+CIPMODE

bool any_link(Net& n) {
  for (const auto& l : n.links) {
    if (l) return true;
  }
  return false;
}

void cipmux(Device& d, const Request& r) {
  Net& n = net(d);
  if (r.variant == kQuery) {
    d.info("+CIPMUX:" + std::to_string(n.mux ? 1 : 0));
    return d.ok();
  }
  if (r.params.size() != 1) return d.error();
  auto mode = r.params.int_in(0, 0, 1);
  if (!mode) {
    if (auto v = raw_int(r.params, 0); v && applies_anyway(d)) n.mux = *v != 0;
    return d.error();
  }
  if (any_link(n) && !d.has(Defect::cipmux_with_links)) {
    if (d.chip() == Chip::esp8266)
      d.info(n.prints("link-is-builded") ? "Link is builded" : "link is builded");
    return d.error();
  }
  if ((*mode == 1 && n.cipmode == 1) || (*mode == 0 && n.server)) return d.error();
  n.mux = *mode == 1;
  d.ok();
}

void cipmode(Device& d, const Request& r) {
  Net& n = net(d);
  if (r.variant == kQuery) {
    d.info("+CIPMODE:" + std::to_string(n.cipmode));
    return d.ok();
  }
  if (r.params.size() != 1) return d.error();
  auto mode = r.params.int_in(0, 0, 1);
  if (!mode || (*mode == 1 && (n.mux || n.server))) {
    if (auto v = raw_int(r.params, 0); v && applies_anyway(d)) n.cipmode = static_cast<int>(*v);
    return d.error();
  }
  n.cipmode = static_cast<int>(*mode);
  d.ok();
}

// ---------------------------------------------------------------- server

void cipserver(Device& d, const Request& r) {
  Net& n = net(d);
  if (r.variant == kQuery) {
    if (!n.server) {
      d.info("+CIPSERVER:0");
    } else if (n.prints("short-cipserver-query") && !n.server->ssl) {
      d.info("+CIPSERVER:1," + std::to_string(n.server->port));
    } else {
      d.info("+CIPSERVER:1," + std::to_string(n.server->port) + ",\"" +
             (n.server->ssl ? "SSL" : "TCP") + "\"," + std::to_string(n.server->ca));
    }
    return d.ok();
  }
  const Params& p = r.params;
  auto mode = p.int_in(0, 0, 1);
  const std::size_t max_params = d.chip() == Chip::esp32 ? 4 : 2;
  if (!mode || p.size() > max_params || p.size() == 3) return d.error();
  int port = d.has(Defect::server_default_port) ? 80 : 333;
  if (p.size() >= 2 && p[1].kind != Param::Kind::empty) {
    auto v = p.int_in(1, 1, 65535);
    if (!v) {
      // error-still-applies: the port it could not take leaves the default one.
      if (*mode == 1 && n.mux && !n.server && applies_anyway(d)) n.start_server(port, false, 0);
      return d.error();
    }
    port = static_cast<int>(*v);
  }
  bool ssl = false;
  int ca = 0;
  if (p.size() == 4) {
    auto kind = p.string_at(2);
    auto cav = p.int_in(3, 0, 1);
    if (!kind || *kind != "SSL" || !cav) return d.error();
    ssl = true;
    ca = static_cast<int>(*cav);
  }
  if (*mode == 0) {
    n.stop_server();
    return d.ok();
  }
  if (!n.mux || n.server) return d.error();
  if (n.start_server(port, ssl, ca)) return d.error();
  d.ok();
}

void cipservermaxconn(Device& d, const Request& r) {
  Net& n = net(d);
  if (r.variant == kQuery) {
    d.info("+CIPSERVERMAXCONN:" + std::to_string(n.maxconn));
    return d.ok();
  }
  if (r.params.size() != 1) return d.error();
  auto v = r.params.int_in(0, 1, kLinks);
  if (!v || n.server) {
    if (auto raw = raw_int(r.params, 0); raw && !n.server && applies_anyway(d))
      n.maxconn = static_cast<int>(*raw);
    return d.error();
  }
  n.maxconn = static_cast<int>(*v);
  d.ok();
}

void cipsto(Device& d, const Request& r) {
  Net& n = net(d);
  if (r.variant == kQuery) {
    d.info("+CIPSTO:" + std::to_string(n.sto_s));
    return d.ok();
  }
  if (r.params.size() != 1) return d.error();
  auto v = r.params.int_in(0, 0, 7200);
  if (!v) {
    if (auto raw = raw_int(r.params, 0); raw && applies_anyway(d)) n.sto_s = static_cast<int>(*raw);
    return d.error();
  }
  n.sto_s = static_cast<int>(*v);
  for (auto& l : n.links) {
    if (l && l->ready) n.touch(*l);
  }
  d.ok();
}

void cipdinfo(Device& d, const Request& r) {
  if (r.params.size() != 1) return d.error();
  auto v = r.params.int_in(0, 0, 1);
  if (!v) {
    if (auto raw = raw_int(r.params, 0); raw && applies_anyway(d)) net(d).dinfo = *raw != 0;
    return d.error();
  }
  net(d).dinfo = *v == 1;
  d.ok();
}

// ---------------------------------------------------------------- AT+CIPSTATUS

void cipstatus(Device& d, const Request&) {
  Net& n = net(d);
  int stat = 2;
  // STATUS:4 means "closed since the station got its address": a new address forgets it.
  if (n.link_closed && dut_addresses(d).station != n.status_station) n.link_closed = false;
  if (!dut_addresses(d).any()) {
    stat = 5;
  } else if (n.open_count() > 0 && !d.has(Defect::cipstatus_wrong_state)) {
    stat = 3;
  } else if (n.open_count() == 0 && n.link_closed) {
    stat = 4;
  }
  d.info("STATUS:" + std::to_string(stat));
  for (const auto& l : n.links) {
    if (!l || !l->ready || !l->conn->open()) continue;
    const Endpoint4 remote = l->conn->remote();
    const std::string type = std::string("\"") + type_name(l->type) + "\"";
    const std::string ip = d.has(Defect::cipstatus_ip_unquoted) ? ip_text(remote.ip)
                                                                : "\"" + ip_text(remote.ip) + "\"";
    const bool swapped = d.has(Defect::cipstatus_fields_swapped);
    d.info("+CIPSTATUS:" + std::to_string(l->id) + "," + (swapped ? ip : type) + "," +
           (swapped ? type : ip) + "," + std::to_string(n.to_dut(remote.port)) + "," +
           std::to_string(n.to_dut(l->conn->local().port)) + "," + (l->server_side ? "1" : "0"));
  }
  d.ok();
}

// ---------------------------------------------------------------- SSL client configuration

void cipsslcconf(Device& d, const Request& r) {
  Net& n = net(d);
  const Params& p = r.params;
  int id = -1;
  std::size_t at = 0;
  // error-still-applies: whatever could be read is saved for every link before the ERROR.
  auto refuse = [&d, &n, &p, &at] {
    if (applies_anyway(d)) {
      auto num = [&p](std::size_t i) { return static_cast<int>(raw_int(p, i).value_or(0)); };
      n.save_sslconf(-1, Net::SslConf{num(at), num(at + 1), num(at + 2)});
    }
    d.error();
  };
  if (n.mux && p.size() == 4) {
    auto v = p.int_in(0, 0, kLinks - 1);
    if (!v) return d.error();
    id = static_cast<int>(*v);
    at = 1;
  } else if (p.size() != 3) {
    return refuse();
  }
  auto type = p.int_in(at, 0, 3);
  auto cert = p.int_in(at + 1, 0, 0);  // one certificate and one CA in the simulated store
  auto ca = p.int_in(at + 2, 0, 0);
  if (!type || !cert || !ca) return refuse();
  if ((*type == 1 || *type == 3) && (!n.opt.ssl_client_cert || !n.opt.ssl_client_key)) {
    return d.error();
  }
  if ((*type == 2 || *type == 3) && !n.opt.ssl_ca) return d.error();
  n.save_sslconf(
      id, Net::SslConf{static_cast<int>(*type), static_cast<int>(*cert), static_cast<int>(*ca)});
  d.ok();
}

// ---------------------------------------------------------------- AT+SAVETRANSLINK

// Stored as "<type>\n<host>\n<port>\n<keepalive s>\n<udp local port>".
std::string encode_target(const NetTarget& t) {
  return std::string(type_name(t.type)) + "\n" + t.host + "\n" + std::to_string(t.port) + "\n" +
         std::to_string(t.keepalive_s) + "\n" + std::to_string(t.udp_local);
}

std::optional<NetTarget> decode_target(const std::string& s) {
  std::vector<std::string> f;
  std::size_t start = 0;
  while (true) {
    auto nl = s.find('\n', start);
    f.push_back(s.substr(start, nl - start));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  if (f.size() != 5) return std::nullopt;
  NetTarget t;
  t.type = f[0] == "UDP" ? ConnType::udp : f[0] == "SSL" ? ConnType::ssl : ConnType::tcp;
  t.host = f[1];
  t.port = std::atoi(f[2].c_str());
  t.keepalive_s = std::atoi(f[3].c_str());
  t.udp_local = std::atoi(f[4].c_str());
  return t;
}

void savetranslink(Device& d, const Request& r) {
  const Params& p = r.params;
  auto mode = p.int_in(0, 0, 1);
  auto host = p.string_at(1);
  auto port = p.int_in(2, 1, 65535);
  NetTarget t;
  // error-still-applies: a mode-1 link with what could be read (TCP for a type it did not
  // know, the port as given) is saved before the ERROR.
  auto refuse = [&d, &p, &mode, &host, &t] {
    if (applies_anyway(d) && mode == 1 && host && !host->empty()) {
      t.host = *host;
      t.port = static_cast<int>(raw_int(p, 2).value_or(0));
      d.storage().set("nvs.net.translink", encode_target(t));
    }
    d.error();
  };
  if (!mode || !host || host->empty() || !port || p.size() > 5) return refuse();
  t.host = *host;
  t.port = static_cast<int>(*port);
  if (p.size() >= 4) {
    auto type = p.string_at(3);
    if (!type) return refuse();
    if (*type == "UDP") {
      t.type = ConnType::udp;
    } else if (*type == "SSL" && d.chip() == Chip::esp32) {
      t.type = ConnType::ssl;
    } else if (*type != "TCP") {
      return refuse();
    }
  }
  if (p.size() == 5) {
    if (d.chip() == Chip::esp8266) return refuse();
    auto v = p.int_in(4, 0, t.type == ConnType::udp ? 65535 : 7200);
    if (!v) return refuse();
    (t.type == ConnType::udp ? t.udp_local : t.keepalive_s) = static_cast<int>(*v);
  }
  if (*mode == 0) {
    d.storage().erase("nvs.net.translink");
  } else {
    d.storage().set("nvs.net.translink", encode_target(t));
  }
  d.ok();
}

}  // namespace

void register_tcpip_commands(Registry& r) {
  const Chip chip = r.chip();
  r.on_boot([](Device& d) {
    Net& n = net(d);
    n.boot();
    auto saved = d.storage().get("nvs.net.translink");
    if (!saved || d.has(Defect::savetranslink_ignored)) return;
    n.boot_translink = decode_target(*saved);
    if (!n.boot_translink) return;
    n.cipmode = 1;
    n.mux = false;
  });
  // AT+SAVETRANSLINK mode 1: straight into passthrough once the firmware is up (connecting
  // and retrying while Wi-Fi auto-connect is still joining).
  r.on_ready([](Device& d) {
    Net& n = net(d);
    if (!n.boot_translink) return;
    auto t = *n.boot_translink;
    n.boot_translink.reset();
    n.enter_passthrough(t);
  });
  const unsigned test = chip == Chip::esp8266 ? unsigned{kTest} : 0u;
  // esp32 §5.2.1 AT+CIPSTATUS, esp8266 §5.2.1 AT+CIPSTATUS
  r.add("+CIPSTATUS", kExecute, cipstatus);
  // esp32 §5.2.8 AT+CIPSTART, esp8266 §5.2.2 AT+CIPSTART
  r.add("+CIPSTART", kSet | test, cipstart);
  // esp32 §5.2.10 AT+CIPSEND, esp8266 §5.2.3 AT+CIPSEND
  r.add("+CIPSEND", kSet | kExecute | test, cipsend);
  // esp32 §5.2.11 AT+CIPSENDEX, esp8266 §5.2.4 AT+CIPSENDEX
  r.add("+CIPSENDEX", kSet | test, cipsendex);
  // esp32 §5.2.12 AT+CIPCLOSE, esp8266 §5.2.9 AT+CIPCLOSE
  r.add("+CIPCLOSE", kSet | kExecute | test, cipclose);
  // esp32 §5.2.14 AT+CIPMUX, esp8266 §5.2.11 AT+CIPMUX
  r.add("+CIPMUX", kSet | kQuery, cipmux);
  // esp32 §5.2.15 AT+CIPSERVER, esp8266 §5.2.12 AT+CIPSERVER
  r.add("+CIPSERVER", kSet | (chip == Chip::esp32 ? unsigned{kQuery} : 0u), cipserver);
  // esp32 §5.2.17 AT+CIPMODE, esp8266 §5.2.13 AT+CIPMODE
  r.add("+CIPMODE", kSet | kQuery, cipmode);
  // esp32 §5.2.18 AT+SAVETRANSLINK, esp8266 §5.2.14 AT+SAVETRANSLINK
  r.add("+SAVETRANSLINK", kSet, savetranslink);
  // esp32 §5.2.19 AT+CIPSTO, esp8266 §5.2.15 AT+CIPSTO
  r.add("+CIPSTO", kSet | kQuery, cipsto);
  if (chip == Chip::esp32) {
    // esp32 §5.2.9 AT+CIPSSLCCONF
    r.add("+CIPSSLCCONF", kSet, cipsslcconf);
    // esp32 §5.2.16 AT+CIPSERVERMAXCONN
    r.add("+CIPSERVERMAXCONN", kSet | kQuery, cipservermaxconn);
    // esp32 §5.2.23 AT+CIPDINFO
    r.add("+CIPDINFO", kSet, cipdinfo);
  }
  register_net_service_commands(r);
  if (chip == Chip::esp8266) register_sendbuf_commands(r);
}

}  // namespace atsim
