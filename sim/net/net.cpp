#include "sim/net/net.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "sim/net/dns.hpp"

namespace atsim {
namespace {
constexpr auto kConnectTimeout = std::chrono::milliseconds(1000);
}  // namespace

Net& net(Device& d) {
  Net& n = d.state<Net>();
  if (!n.dev) {
    n.dev = &d;
    n.opt = d.state<NetOptions>();  // main.cpp fills it from the command line
    n.truth.open(n.opt.truth_file);
  }
  return n;
}

void Net::boot() {
  ++generation;
  pt_.reset();
  for (auto& l : links) {
    if (l && l->conn) l->conn->close();
    l.reset();
  }
  server.reset();
  mux = false;
  if (!d().has(Defect::cipmode_saved)) {
    cipmode = 0;
  }
  dinfo = false;
  sto_s = 180;
  maxconn = 5;
  link_closed = false;
  boot_translink.reset();
}

std::vector<Endpoint4> Net::dns_servers() {
  std::vector<Endpoint4> out;
  const auto port = static_cast<std::uint16_t>(to_host(53));
  if (auto saved = d().storage().get("nvs.net.dns"); saved && d().chip() == Chip::esp32) {
    // "<enable>,<s0>,<s1>"
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
      auto comma = saved->find(',', start);
      parts.push_back(saved->substr(start, comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    if (parts.size() > 1 && parts[0] == "1") {
      for (std::size_t i = 1; i < parts.size(); ++i) {
        if (auto ip = parse_ip(parts[i])) out.push_back(Endpoint4{*ip, port});
      }
    }
  }
  if (out.empty()) {
    if (auto ip = parse_ip(opt.dns)) out.push_back(Endpoint4{*ip, port});
  }
  return out;
}

// ---------------------------------------------------------------- busy periods

void Net::hold_busy(const char* text) {
  auto line = std::make_shared<std::string>();
  const std::string busy = std::string(text) + "\r\n";
  d().set_raw_input([this, line, busy](std::string_view bytes, Clock::time_point) {
    for (char c : bytes) {
      if (c != '\n') {
        if (line->size() < 8192) *line += c;
        continue;
      }
      std::string text;
      text.swap(*line);
      if (!text.empty() && text.back() == '\r') text.pop_back();
      if (text.empty()) continue;
      if (d().echo()) d().send(text + "\r\n");
      if (text == "AT+RST") {  // ESP32 §3.2.2 note: forces a restart even while busy
        d().send("will force to restart!!!\r\n");
        d().restart();
        return;
      }
      if (!d().has(Defect::no_busy)) d().send(busy);
    }
  });
}

void Net::release_busy() {
  d().set_raw_input(nullptr);
}

// ---------------------------------------------------------------- links

void Net::mark_closed() {
  link_closed = true;
  status_station = dut_addresses(d()).station;
}

int Net::open_count() const {
  int n = 0;
  for (const auto& l : links) n += (l && l->ready) ? 1 : 0;
  return n;
}

std::string Net::link_message(int id, const char* what) const {
  return mux ? std::to_string(id) + "," + what : std::string(what);
}

TlsSetup Net::client_tls(int id) const {
  TlsSetup t;
  const SslConf c = sslconf(id);
  if ((c.type == 1 || c.type == 3) && !dev->has(Defect::ssl_no_client_cert)) {
    t.cert_file = opt.ssl_client_cert.value_or("");
    t.key_file = opt.ssl_client_key.value_or("");
  }
  if ((c.type == 2 || c.type == 3) && !dev->has(Defect::tls_ignores_ca)) {
    t.verify_peer = true;
    t.ca_file = opt.ssl_ca.value_or("");
  }
  return t;
}

Net::SslConf Net::sslconf(int id) const {
  SslConf c;
  auto v = dev->storage().get("nvs.net.sslconf." + std::to_string(id));
  if (!v) return c;
  if (std::sscanf(v->c_str(), "%d,%d,%d", &c.type, &c.cert, &c.ca) != 3) return SslConf{};
  return c;
}

void Net::save_sslconf(int id, SslConf c) {
  const std::string v =
      std::to_string(c.type) + "," + std::to_string(c.cert) + "," + std::to_string(c.ca);
  for (int i = 0; i < kLinks; ++i) {
    if (id < 0 || id == i) dev->storage().set("nvs.net.sslconf." + std::to_string(i), v);
  }
}

void Net::open_link(int id, const NetTarget& t, std::function<void(bool ok, bool dns_fail)> done) {
  auto l = std::make_unique<Link>();
  l->id = id;
  l->type = t.type;
  l->udp_mode = t.udp_mode;
  l->target = t;
  l->conn = std::make_shared<Conn>(d().loop(), t.type);
  links[id] = std::move(l);
  const std::uint64_t gen = generation;
  auto conn = links[id]->conn;
  auto fail = [this, id, gen, done](bool dns_fail) {
    if (!current(gen)) return;
    if (links[id] && links[id]->conn) links[id]->conn->close();
    links[id].reset();
    done(false, dns_fail);
  };
  const auto src0 = source_for(d(), 0x7F000001u);
  if (!src0) {
    d().loop().after(std::chrono::milliseconds(0), [fail] { fail(false); });
    return;
  }
  resolve(d().loop(), t.host, dns_servers(), *src0,
          [this, id, gen, t, conn, done, fail](std::optional<std::uint32_t> ip) {
            if (!current(gen) || !links[id] || links[id]->conn != conn) return;
            if (!ip) return fail(true);
            auto src = source_for(d(), *ip);
            if (!src) return fail(false);
            const Endpoint4 dst{*ip, static_cast<std::uint16_t>(to_host(t.port))};
            if (t.type == ConnType::udp) {
              const auto local = static_cast<std::uint16_t>(t.udp_local ? to_host(t.udp_local) : 0);
              if (!conn->open_udp(*src, local, dst)) return fail(false);
              links[id]->ready = true;
              attach(*links[id]);
              return done(true, false);
            }
            TlsSetup tls = client_tls(id);
            conn->connect(*src, dst, t.type == ConnType::ssl ? &tls : nullptr, kConnectTimeout,
                          [this, id, gen, t, conn, done, fail](bool ok) {
                            if (!current(gen) || !links[id] || links[id]->conn != conn) return;
                            if (!ok) return fail(false);
                            conn->set_keepalive(t.keepalive_s);
                            links[id]->ready = true;
                            attach(*links[id]);
                            done(true, false);
                          });
          });
}

void Net::attach(Link& l) {
  const int id = l.id;
  const std::uint64_t gen = generation;
  l.conn->on_data = [this, id, gen](std::string data, Endpoint4 from) {
    if (current(gen)) on_link_data(id, std::move(data), from);
  };
  l.conn->on_closed = [this, id, gen] {
    if (current(gen)) on_link_closed(id);
  };
  touch(l);
}

void Net::touch(Link& l) {
  if (!l.server_side) return;
  if (l.idle_timer) d().loop().cancel(l.idle_timer);
  l.idle_timer = 0;
  if (sto_s <= 0 || d().has(Defect::cipsto_ignored)) return;
  const int id = l.id;
  auto conn = l.conn;
  l.idle_timer = d().after(std::chrono::seconds(sto_s), [this, id, conn] {
    if (links[id] && links[id]->conn == conn) {
      links[id]->idle_timer = 0;
      close_link(id, true);
    }
  });
}

void Net::on_link_data(int id, std::string data, Endpoint4 from) {
  Link* l = link(id);
  if (!l || d().phase() != Phase::running) return;
  touch(*l);
  if (l->type == ConnType::udp && !(from == l->conn->remote())) {
    // Mode 1: the remote follows the first other sender, once. Mode 2: every sender.
    if ((l->udp_mode == 1 && !l->udp_changed) ||
        (l->udp_mode == 2 && !d().has(Defect::udp_mode2_stuck))) {
      l->conn->set_remote(from);
      l->udp_changed = true;
    }
  }
  if (pt_ && id == 0) return passthrough_data(data);
  // esp32 §5.2.24 +IPD, esp8266 §5.2.18 +IPD: one +IPD per read; reads are at most 2920 bytes
  // (conn.cpp).
  std::string head = "\r\n+IPD,";
  if (mux && !d().has(Defect::ipd_no_link_id)) head += std::to_string(id) + ",";
  head += std::to_string(data.size() + (d().has(Defect::ipd_len_off_by_one) ? 1 : 0));
  if (dinfo && !d().has(Defect::cipdinfo_ignored)) {
    head += "," + ip_text(from.ip) + "," + std::to_string(to_dut(from.port));
  }
  d().send(head + ":" + data);
}

void Net::on_link_closed(int id) {
  if (pt_ && id == 0) return passthrough_link_lost();
  Link* l = link(id);
  if (!l) return;
  if (l->idle_timer) d().loop().cancel(l->idle_timer);
  const bool was_ready = l->ready;
  links[id].reset();
  mark_closed();
  if (was_ready && d().phase() == Phase::running && !d().has(Defect::closed_missing)) {
    d().info(link_message(id, "CLOSED"));
  }
}

void Net::close_link(int id, bool urc) {
  Link* l = link(id);
  if (!l) return;
  if (l->idle_timer) d().loop().cancel(l->idle_timer);
  const bool was_ready = l->ready;
  if (l->conn) l->conn->close();
  links[id].reset();
  mark_closed();
  if (urc && was_ready) d().info(link_message(id, "CLOSED"));
}

void Net::close_all_links() {
  for (int i = 0; i < kLinks; ++i) close_link(i, true);
}

// ---------------------------------------------------------------- server

std::optional<std::string> Net::start_server(int port, bool ssl, int ca) {
  if (ssl && (!opt.ssl_server_cert || !opt.ssl_server_key)) return "no server certificate";
  if (ssl && ca && !opt.ssl_ca) return "no CA";
  const DutAddresses a = dut_addresses(d());
  Server s;
  s.port = port;
  s.ssl = ssl;
  s.ca = ca;
  for (auto ip : {a.station, a.softap}) {
    if (!ip) continue;
    auto l = std::make_unique<Listener>(d().loop(), *ip, static_cast<std::uint16_t>(to_host(port)),
                                        [this](int fd, Endpoint4 peer) { on_accept(fd, peer); });
    if (!l->ok()) return "cannot listen";
    s.listeners.push_back(std::move(l));
  }
  if (s.listeners.empty()) return "no address";
  server = std::move(s);
  return std::nullopt;
}

void Net::stop_server() {
  server.reset();
}

void Net::on_accept(int fd, Endpoint4) {
  int clients = 0;
  int free_id = -1;
  for (int i = 0; i < kLinks; ++i) {
    if (links[i]) {
      clients += links[i]->server_side ? 1 : 0;
    } else if (free_id < 0) {
      free_id = i;
    }
  }
  const bool full = clients >= maxconn && !d().has(Defect::maxconn_ignored);
  if (free_id < 0 || full || !server || d().phase() != Phase::running) {
    ::close(fd);
    return;
  }
  auto l = std::make_unique<Link>();
  l->id = free_id;
  l->type = server->ssl ? ConnType::ssl : ConnType::tcp;
  l->server_side = true;
  l->conn = std::make_shared<Conn>(d().loop(), l->type);
  auto conn = l->conn;
  links[free_id] = std::move(l);
  TlsSetup tls;
  if (server->ssl) {
    tls.cert_file = *opt.ssl_server_cert;
    tls.key_file = *opt.ssl_server_key;
    if (server->ca && !dev->has(Defect::ssl_server_ignores_ca)) {
      tls.verify_peer = true;
      tls.ca_file = opt.ssl_ca.value_or("");
    }
  }
  const std::uint64_t gen = generation;
  const int id = free_id;
  conn->adopt(fd, server->ssl ? &tls : nullptr, [this, gen, id, conn](bool ok) {
    if (!current(gen) || !links[id] || links[id]->conn != conn) return;
    if (!ok) {
      links[id].reset();
      return;
    }
    links[id]->ready = true;
    attach(*links[id]);
    if (d().phase() == Phase::running) d().info(link_message(id, "CONNECT"));
  });
}

}  // namespace atsim
