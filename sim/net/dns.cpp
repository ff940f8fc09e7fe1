#include "sim/net/dns.hpp"

#include <chrono>
#include <memory>

#include "sim/net/conn.hpp"

namespace atsim {
namespace {

constexpr auto kPerServer = std::chrono::milliseconds(1000);

struct Lookup : std::enable_shared_from_this<Lookup> {
  EventLoop& loop;
  std::string name;
  std::vector<Endpoint4> servers;
  std::uint32_t source;
  Resolved done;
  std::size_t next = 0;
  std::uint16_t id = 0;
  std::shared_ptr<Conn> conn;
  EventLoop::TimerId timer = 0;

  Lookup(EventLoop& l, std::string n, std::vector<Endpoint4> s, std::uint32_t src, Resolved d)
      : loop(l), name(std::move(n)), servers(std::move(s)), source(src), done(std::move(d)) {}

  void finish(std::optional<std::uint32_t> ip) {
    if (timer) loop.cancel(timer);
    timer = 0;
    if (conn) conn->close();
    conn.reset();
    auto d = std::move(done);
    done = nullptr;
    if (d) d(ip);
  }

  void try_next() {
    if (conn) conn->close();
    conn.reset();
    if (next >= servers.size()) return finish(std::nullopt);
    const Endpoint4 server = servers[next++];
    id = static_cast<std::uint16_t>(0x1000 + next * 0x101 + name.size());
    conn = std::make_shared<Conn>(loop, ConnType::udp);
    std::weak_ptr<Lookup> weak = weak_from_this();
    auto self = shared_from_this();
    timer = loop.after(kPerServer, [self] {
      self->timer = 0;
      self->try_next();
    });
    if (!conn->open_udp(source, 0, server)) return;
    conn->on_data = [weak](std::string packet, Endpoint4) {
      auto self = weak.lock();
      if (!self) return;
      auto answer = dns_answer(packet, self->id);
      if (answer) return self->finish(answer);
      // NXDOMAIN or no A record: this server said no; ask the next one now.
      if (packet.size() >= 4) {
        if (self->timer) self->loop.cancel(self->timer);
        self->timer = 0;
        self->try_next();
      }
    };
    conn->send_to(dns_query(id, name), server);
  }
};

}  // namespace

std::string dns_query(std::uint16_t id, const std::string& name) {
  std::string q;
  q += static_cast<char>(id >> 8);
  q += static_cast<char>(id & 255);
  q += std::string("\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00", 10);  // RD; one question
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    const std::size_t len = std::min<std::size_t>(dot - start, 63);
    if (len > 0) {
      q += static_cast<char>(len);
      q += name.substr(start, len);
    }
    start = dot + 1;
  }
  q += std::string("\x00\x00\x01\x00\x01", 5);  // root, type A, class IN
  return q;
}

std::optional<std::uint32_t> dns_answer(const std::string& p, std::uint16_t id) {
  auto u8 = [&](std::size_t i) { return static_cast<std::uint8_t>(p[i]); };
  auto u16 = [&](std::size_t i) { return static_cast<std::uint16_t>((u8(i) << 8) | u8(i + 1)); };
  if (p.size() < 12 || u16(0) != id || (u8(2) & 0x80) == 0 || (u8(3) & 0x0F) != 0) {
    return std::nullopt;
  }
  const std::size_t qd = u16(4), an = u16(6);
  std::size_t i = 12;
  auto skip_name = [&]() -> bool {
    while (i < p.size()) {
      const std::uint8_t len = u8(i);
      if (len == 0) {
        ++i;
        return true;
      }
      if ((len & 0xC0) == 0xC0) {
        i += 2;
        return i <= p.size();
      }
      i += 1 + len;
    }
    return false;
  };
  for (std::size_t q = 0; q < qd; ++q) {
    if (!skip_name()) return std::nullopt;
    i += 4;
  }
  for (std::size_t a = 0; a < an; ++a) {
    if (!skip_name() || i + 10 > p.size()) return std::nullopt;
    const std::uint16_t type = u16(i), len = u16(i + 8);
    i += 10;
    if (i + len > p.size()) return std::nullopt;
    if (type == 1 && len == 4) {
      return (static_cast<std::uint32_t>(u8(i)) << 24) | (u8(i + 1) << 16) | (u8(i + 2) << 8) |
             u8(i + 3);
    }
    i += len;
  }
  return std::nullopt;
}

void resolve(EventLoop& loop, const std::string& name, std::vector<Endpoint4> servers,
             std::uint32_t source, Resolved done) {
  if (auto ip = parse_ip(name)) return done(ip);
  auto lookup = std::make_shared<Lookup>(loop, name, std::move(servers), source, std::move(done));
  lookup->try_next();
}

}  // namespace atsim
