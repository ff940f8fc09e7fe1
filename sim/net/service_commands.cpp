// Network services of §5: AT+CIPDOMAIN, AT+CIPDNS, AT+CIPSNTPCFG, AT+CIPSNTPTIME (ESP32),
// AT+PING and AT+CIUPDATE (both). Each runs as a busy period over real sockets; see
// docs/contracts/tcpip.md for the servers they talk to and the exact replies.
#include <chrono>
#include <ctime>
#include <memory>

#include "sim/device.hpp"
#include "sim/net/dns.hpp"
#include "sim/net/net.hpp"

namespace atsim {
namespace {
using namespace std::chrono_literals;

constexpr const char* kDefaultDns = "208.67.222.222";  // ESP32 §5.2.3

std::uint32_t dns_source(Device& d) {
  return source_for(d, 0x7F000001u).value_or(0x7F000001u);
}

// ---------------------------------------------------------------- AT+CIPDOMAIN, AT+CIPDNS

void cipdomain(Device& d, const Request& r) {
  Net& n = net(d);
  auto name = r.params.size() == 1 ? r.params.string_at(0) : std::nullopt;
  if (!name || name->empty() || !dut_addresses(d).any()) return d.error();
  n.hold_busy();
  const std::uint64_t gen = n.generation;
  resolve(d.loop(), *name, n.dns_servers(), dns_source(d),
          [&d, &n, gen](std::optional<std::uint32_t> ip) {
            if (!n.current(gen)) return;
            n.release_busy();
            if (!ip) {
              d.info("DNS Fail");
              return d.error();
            }
            const std::uint32_t a = *ip;
            const std::uint32_t shown =
                d.has(Defect::cipdomain_reversed)
                    ? (a >> 24) | ((a >> 8) & 0xFF00u) | ((a << 8) & 0xFF0000u) | (a << 24)
                    : a;
            d.info("+CIPDOMAIN:" + ip_text(shown));
            d.ok();
          });
}

struct DnsMemory {  // the `cipdns-not-saved` defect keeps the setting here instead
  std::optional<std::string> value;
};

void cipdns(Device& d, const Request& r) {
  auto& mem = d.state<DnsMemory>();
  if (r.variant == kQuery) {
    auto v = d.has(Defect::cipdns_not_saved) ? mem.value : d.storage().get("nvs.net.dns");
    bool listed = false;
    if (v && v->starts_with("1,")) {
      std::size_t start = 2;
      while (start <= v->size()) {
        auto comma = v->find(',', start);
        d.info("+CIPDNS:" + v->substr(start, comma - start));
        listed = true;
        if (comma == std::string::npos) break;
        start = comma + 1;
      }
    }
    if (!listed) d.info(std::string("+CIPDNS:") + kDefaultDns);
    return d.ok();
  }
  const Params& p = r.params;
  auto save = [&d, &mem](const std::string& value) {
    if (d.has(Defect::cipdns_not_saved)) {
      mem.value = value;
    } else {
      d.storage().set("nvs.net.dns", value);
    }
  };
  // error-still-applies: enabled with the servers as written, whatever they are.
  auto refuse = [&d, &p, &save] {
    if (applies_anyway(d) && raw_int(p, 0).value_or(0) != 0) {
      std::string value = "1";
      for (std::size_t i = 1; i < p.size(); ++i) value += "," + p[i].text;
      save(value);
    }
    d.error();
  };
  auto en = p.int_in(0, 0, 1);
  if (!en || p.size() > 3) return refuse();
  std::string value = std::to_string(*en);
  for (std::size_t i = 1; i < p.size(); ++i) {
    auto s = p.string_at(i);
    if (!s || !parse_ip(*s)) return refuse();
    value += "," + *s;
  }
  if (*en == 0) value = "0";
  save(value);
  d.ok();
}

// ---------------------------------------------------------------- SNTP

struct Sntp {
  bool enabled = false;
  int tz = 0;
  std::vector<std::string> servers;
  Clock::time_point boot_at{};
  std::optional<std::pair<double, Clock::time_point>> synced;  // unix seconds, when
  std::shared_ptr<Conn> conn;
  std::uint64_t run = 0;  // bumped by every AT+CIPSNTPCFG: older queries stop
};

const std::vector<std::string> kDefaultSntp = {"cn.ntp.org.cn", "ntp.sjtu.edu.cn",
                                               "us.pool.ntp.org"};

void sntp_query(Device& d, std::uint64_t gen, std::uint64_t run, std::size_t attempt) {
  Net& n = net(d);
  auto& s = d.state<Sntp>();
  if (!n.current(gen) || s.run != run || s.synced || !s.enabled || s.servers.empty()) return;
  if (attempt >= 30 * s.servers.size()) return;
  const std::string server = s.servers[attempt % s.servers.size()];
  auto next = [&d, gen, run, attempt] { sntp_query(d, gen, run, attempt + 1); };
  resolve(d.loop(), server, n.dns_servers(), dns_source(d),
          [&d, &n, gen, run, next](std::optional<std::uint32_t> ip) {
            auto& s = d.state<Sntp>();
            if (!n.current(gen) || s.run != run) return;
            if (!ip) return next();
            s.conn = std::make_shared<Conn>(d.loop(), ConnType::udp);
            const Endpoint4 to{*ip, static_cast<std::uint16_t>(n.to_host(123))};
            if (!s.conn->open_udp(dns_source(d), 0, to)) return next();
            s.conn->on_data = [&d, run](std::string p, Endpoint4) {
              auto& s = d.state<Sntp>();
              if (s.run != run || p.size() < 48 || (p[0] & 7) != 4) return;
              auto byte = [&](std::size_t i) { return static_cast<std::uint8_t>(p[i]); };
              const std::uint32_t secs =
                  (byte(40) << 24) | (byte(41) << 16) | (byte(42) << 8) | byte(43);
              const std::uint32_t frac =
                  (byte(44) << 24) | (byte(45) << 16) | (byte(46) << 8) | byte(47);
              const double unix_s = static_cast<double>(secs) - 2208988800.0 + frac / 4294967296.0;
              s.synced = std::make_pair(unix_s, Clock::now());
              s.conn->close();
            };
            std::string req(48, '\0');
            req[0] = 0x23;  // LI 0, version 4, mode 3 (client)
            s.conn->send_to(req, to);
            d.after(1s, next);
          });
}

void cipsntpcfg(Device& d, const Request& r) {
  auto& s = d.state<Sntp>();
  if (r.variant == kQuery) {
    const Sntp shown = d.has(Defect::sntpcfg_query_stale) ? Sntp{.servers = kDefaultSntp} : s;
    std::string line =
        "+CIPSNTPCFG:" + std::to_string(shown.enabled ? 1 : 0) + "," + std::to_string(shown.tz);
    const std::string quote = net(d).prints("unquoted-sntp-servers") ? "" : "\"";
    for (const auto& name : shown.servers) line += "," + quote + name + quote;
    d.info(line);
    return d.ok();
  }
  const Params& p = r.params;
  // error-still-applies: the switch, the timezone and the servers as written are kept.
  auto refuse = [&d, &p, &s] {
    if (applies_anyway(d)) {
      s.enabled = raw_int(p, 0).value_or(0) != 0;
      s.tz = static_cast<int>(raw_int(p, 1).value_or(s.tz));
      if (p.size() > 2) s.servers.clear();
      for (std::size_t i = 2; i < p.size(); ++i) s.servers.push_back(p[i].text);
    }
    d.error();
  };
  auto en = p.int_in(0, 0, 1);
  if (!en || p.size() > 5) return refuse();
  int tz = s.tz;
  if (p.size() >= 2) {
    auto v = p.int_in(1, -11, 13);
    if (!v) return refuse();
    tz = static_cast<int>(*v);
  } else if (*en == 1) {
    return refuse();  // §5.2.20: "if SNTP is enabled, the <timezone> has to be set"
  }
  std::vector<std::string> servers;
  for (std::size_t i = 2; i < p.size(); ++i) {
    auto v = p.string_at(i);
    if (!v || v->empty()) return refuse();
    servers.push_back(*v);
  }
  if (servers.empty()) servers = kDefaultSntp;
  s.enabled = *en == 1;
  s.tz = tz;
  s.servers = servers;
  s.synced.reset();
  if (s.conn) s.conn->close();
  ++s.run;
  d.ok();
  if (s.enabled) sntp_query(d, net(d).generation, s.run, 0);
}

void cipsntptime(Device& d, const Request&) {
  auto& s = d.state<Sntp>();
  const auto now = Clock::now();
  double t = 0;
  if (s.synced) {
    t = s.synced->first + std::chrono::duration<double>(now - s.synced->second).count();
  } else {
    t = std::chrono::duration<double>(now - s.boot_at).count();
  }
  if (!d.has(Defect::sntp_ignores_timezone)) t += s.tz * 3600.0;
  const std::time_t secs = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char text[64];
  std::strftime(text, sizeof text, "%a %b %e %H:%M:%S %Y", &tm);  // asctime's layout
  d.info(std::string("+CIPSNTPTIME:") + text);
  d.ok();
}

// ---------------------------------------------------------------- AT+PING

void ping(Device& d, const Request& r) {
  Net& n = net(d);
  auto host = r.params.size() == 1 ? r.params.string_at(0) : std::nullopt;
  if (!host || host->empty() || !dut_addresses(d).any()) return d.error();
  n.hold_busy();
  const std::uint64_t gen = n.generation;
  auto timeout = [&d, &n] {
    n.release_busy();
    if (d.chip() == Chip::esp32) d.info("+PING:TIMEOUT");
    d.error();
  };
  resolve(d.loop(), *host, n.dns_servers(), dns_source(d),
          [&d, &n, gen, timeout](std::optional<std::uint32_t> ip) {
            if (!n.current(gen)) return;
            if (!ip) {
              n.release_busy();
              d.info("DNS Fail");
              return d.error();
            }
            auto src = source_for(d, *ip);
            if (!src) return timeout();
            auto conn = std::make_shared<Conn>(d.loop(), ConnType::tcp);
            const auto start = Clock::now();
            const Endpoint4 to{*ip, static_cast<std::uint16_t>(n.to_host(7))};
            conn->connect(*src, to, nullptr, 1000ms, [&d, &n, gen, conn, start, timeout](bool ok) {
              if (!n.current(gen)) return;
              const auto rtt = Clock::now() - start;
              conn->close();
              // A refusal on loopback is an answer too; only silence is a timeout.
              if (!ok && rtt >= 900ms) return timeout();
              n.release_busy();
              const auto ms = std::max<long long>(
                  1, std::chrono::duration_cast<std::chrono::milliseconds>(rtt + 999us).count());
              if (!d.has(Defect::ping_no_time))
                d.info((d.chip() == Chip::esp32 ? "+PING:" : "+") + std::to_string(ms));
              d.ok();
            });
          });
}

// ---------------------------------------------------------------- AT+CIUPDATE

struct Ota {
  std::shared_ptr<Conn> conn;
  std::string in;
  bool head_done = false;
  std::size_t body_len = 0;
  std::string version;
  bool version_line = false;
  bool with_version = false;
  EventLoop::TimerId stall = 0;
  bool finished = false;
};

// "+CIPUPDATE:<n>" (or, with the spaced-cipupdate form, the ESP32 document's "+CIPUPDATE :<n>").
void ota_step(Device& d, int n) {
  d.info(std::string(net(d).prints("spaced-cipupdate") ? "+CIPUPDATE :" : "+CIPUPDATE:") +
         std::to_string(n));
}

void ota_finish(Device& d, const std::shared_ptr<Ota>& o, bool ok) {
  if (o->finished) return;
  o->finished = true;
  if (o->stall) d.loop().cancel(o->stall);
  if (o->conn) o->conn->close();
  Net& n = net(d);
  n.release_busy();
  if (!ok) return d.error();
  ota_step(d, 4);
  d.ok();
  if (!d.has(Defect::ciupdate_keeps_version)) d.storage().set("fw.version", o->version);
  // With no-restart-after-update the new version runs from the next reset.
  if (!n.prints("no-restart-after-update")) d.restart();
}

void ota_progress(Device& d, const std::shared_ptr<Ota>& o) {
  if (o->stall) d.loop().cancel(o->stall);
  o->stall = d.after(3s, [&d, o] {
    o->stall = 0;
    ota_finish(d, o, false);
  });
}

void ota_data(Device& d, const std::shared_ptr<Ota>& o, const std::string& data) {
  if (o->finished) return;
  ota_progress(d, o);
  o->in += data;
  if (!o->head_done) {
    auto end = o->in.find("\r\n\r\n");
    if (end == std::string::npos) return;
    const std::string head = o->in.substr(0, end);
    o->in.erase(0, end + 4);
    if (!head.starts_with("HTTP/1.") || head.size() < 12 || head.substr(9, 3) != "200") {
      return ota_finish(d, o, false);
    }
    std::string lower;
    for (char c : head) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto cl = lower.find("\r\ncontent-length:");
    if (cl == std::string::npos) return ota_finish(d, o, false);
    o->body_len = std::strtoul(head.c_str() + cl + 17, nullptr, 10);
    o->head_done = true;
    if (!o->with_version) ota_step(d, 2);
  }
  if (!o->version_line) {
    auto nl = o->in.find('\n');
    if (nl == std::string::npos) {
      if (o->in.size() > 256) ota_finish(d, o, false);
      return;
    }
    const std::string line = o->in.substr(0, nl);
    if (!line.starts_with("ATCONFORM-FW ")) return ota_finish(d, o, false);
    o->version = line.substr(13);
    if (!o->version.empty() && o->version.back() == '\r') o->version.pop_back();
    o->version_line = true;
    if (!o->with_version) ota_step(d, 3);
  }
  if (o->in.size() >= o->body_len) ota_finish(d, o, true);
}

void ciupdate(Device& d, const Request& r) {
  Net& n = net(d);
  bool ssl = false;
  std::string path = std::string("/") + (d.chip() == Chip::esp32 ? "esp32" : "esp8266") + "/";
  bool with_version = false;
  if (r.variant == kSet) {
    auto mode = r.params.int_in(0, 0, 1);
    if (!mode || r.params.size() > 2) return d.error();
    ssl = *mode == 1;
    if (r.params.size() == 2) {
      auto v = r.params.string_at(1);
      if (!v || v->empty()) return d.error();
      path += *v + ".bin";
      with_version = true;
    }
  }
  if (!with_version) path += "firmware.bin";
  const auto colon = n.opt.ota.rfind(':');
  const std::string host = n.opt.ota.substr(0, colon);
  const int port = std::atoi(n.opt.ota.c_str() + colon + 1);
  if (!dut_addresses(d).any() || (ssl && !n.opt.ssl_ca)) return d.error();
  n.hold_busy();
  const std::uint64_t gen = n.generation;
  auto o = std::make_shared<Ota>();
  o->with_version = with_version;
  resolve(d.loop(), host, n.dns_servers(), dns_source(d),
          [&d, &n, gen, o, ssl, host, port, path](std::optional<std::uint32_t> ip) {
            if (!n.current(gen)) return;
            auto src = ip ? source_for(d, *ip) : std::nullopt;
            if (!src) return ota_finish(d, o, false);
            o->conn = std::make_shared<Conn>(d.loop(), ssl ? ConnType::ssl : ConnType::tcp);
            TlsSetup tls;
            tls.verify_peer = true;
            tls.ca_file = n.opt.ssl_ca.value_or("");
            const Endpoint4 to{*ip, static_cast<std::uint16_t>(n.to_host(port))};
            o->conn->on_data = [&d, &n, gen, o](std::string data, Endpoint4) {
              if (n.current(gen)) ota_data(d, o, data);
            };
            o->conn->on_closed = [&d, &n, gen, o] {
              if (n.current(gen)) ota_finish(d, o, false);
            };
            o->conn->connect(*src, to, ssl ? &tls : nullptr, 1000ms,
                             [&d, &n, gen, o, host, path](bool ok) {
                               if (!n.current(gen)) return;
                               if (!ok) return ota_finish(d, o, false);
                               ota_step(d, 1);
                               ota_progress(d, o);
                               o->conn->write("GET " + path + " HTTP/1.1\r\nHost: " + host +
                                                  "\r\nConnection: close\r\n\r\n",
                                              nullptr);
                             });
          });
}

}  // namespace

void register_net_service_commands(Registry& r) {
  const Chip chip = r.chip();
  r.on_boot([](Device& d) {
    auto& s = d.state<Sntp>();
    if (s.conn) s.conn->close();
    const auto run = s.run + 1;
    s = Sntp{};
    s.run = run;
    s.boot_at = Clock::now();
    s.servers = kDefaultSntp;
    d.state<DnsMemory>() = DnsMemory{};
  });
  // esp32 §5.2.25 AT+PING, esp8266 §5.2.17 AT+PING
  r.add("+PING", kSet, ping);
  if (chip == Chip::esp32) {
    // esp32 §5.2.2 AT+CIPDOMAIN
    r.add("+CIPDOMAIN", kSet, cipdomain);
    // esp32 §5.2.3 AT+CIPDNS
    r.add("+CIPDNS", kSet | kQuery, cipdns);
    // esp32 §5.2.20 AT+CIPSNTPCFG
    r.add("+CIPSNTPCFG", kSet | kQuery, cipsntpcfg);
    // esp32 §5.2.21 AT+CIPSNTPTIME
    r.add("+CIPSNTPTIME", kQuery, cipsntptime);
    // esp32 §5.2.22 AT+CIUPDATE, esp8266 §5.2.16 AT+CIUPDATE
    r.add("+CIUPDATE", kExecute | kSet, ciupdate);
  } else {
    // esp32 §5.2.22 AT+CIUPDATE, esp8266 §5.2.16 AT+CIUPDATE
    r.add("+CIUPDATE", kExecute, ciupdate);
  }
}

}  // namespace atsim
