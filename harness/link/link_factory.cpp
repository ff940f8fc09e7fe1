#include "harness/link/link_factory.hpp"

#include <set>
#include <thread>

#include "harness/link/link_error.hpp"
#include "harness/link/regroup_link.hpp"
#include "harness/link/rfc2217_link.hpp"
#include "harness/link/serial_link.hpp"
#include "harness/link/sim_link.hpp"
#include "harness/link/tcp_link.hpp"
#include "harness/link/tty_link.hpp"

namespace atc {

namespace {

const char* const kKnownSchemes = "serial:, tty:, tcp://, rfc2217://, sim:";
const std::set<std::string> kSerialKeys = {"baud", "data_bits", "parity", "stop_bits", "flow"};
// Every transport may regroup the DUT's bytes (regroup_link.hpp); the unpluggable ones say how
// long a lost link may take to come back (reopen_link).
const std::set<std::string> kLinkKeys = {"regroup", "reconnect_ms"};
constexpr Millis kReconnectDefault{5000};
constexpr Millis kReconnectPace{100};

SerialSettings apply_settings(const LinkUri& u, SerialSettings s) {
  for (const auto& [k, v] : u.query) {
    if (k == "baud") {
      s.baud = u.number(k, v, 1, 100'000'000);
    } else if (k == "data_bits") {
      s.data_bits = u.number(k, v, 5, 8);
    } else if (k == "stop_bits") {
      s.stop_bits = u.number(k, v, 1, 2);
    } else if (k == "parity") {
      if (v == "none")
        s.parity = Parity::none;
      else if (v == "odd")
        s.parity = Parity::odd;
      else if (v == "even")
        s.parity = Parity::even;
      else
        throw LinkError("link URI \"" + u.text() + "\": parity=" + v +
                        " must be none, odd or even");
    } else if (k == "flow") {
      if (v == "none")
        s.flow = FlowControl::none;
      else if (v == "rtscts")
        s.flow = FlowControl::rts_cts;
      else
        throw LinkError("link URI \"" + u.text() + "\": flow=" + v + " must be none or rtscts");
    }
  }
  return s;
}

Millis connect_timeout(const LinkUri& u) {
  std::string v = u.get("connect_ms");
  return Millis(v.empty() ? 5000 : u.number("connect_ms", v, 1, 600'000));
}

std::set<std::string> with(std::set<std::string> a, const std::set<std::string>& b) {
  a.insert(b.begin(), b.end());
  return a;
}

Millis reconnect_window(const LinkUri& u) {
  std::string v = u.get("reconnect_ms");
  return v.empty() ? kReconnectDefault : Millis(u.number("reconnect_ms", v, 0, 600'000));
}

std::unique_ptr<Link> open_transport(const LinkUri& u, const SerialSettings& serial,
                                     const SimSettings& sim) {
  const std::string uri = u.text();
  if (u.scheme == "serial")
    return std::make_unique<SerialLink>(u.target, apply_settings(u, serial), uri);
  if (u.scheme == "tty") return std::make_unique<TtyLink>(u.target, apply_settings(u, serial), uri);
  if (u.scheme == "tcp") {
    auto [host, port] = split_host_port(u.target, uri);
    return std::make_unique<TcpLink>(host, port, uri, connect_timeout(u));
  }
  if (u.scheme == "rfc2217") {
    auto [host, port] = split_host_port(u.target, uri);
    return std::make_unique<Rfc2217Link>(host, port, uri, apply_settings(u, serial),
                                         connect_timeout(u));
  }
  return std::make_unique<SimLink>(SimLink::options_from(u, sim), apply_settings(u, serial), uri);
}

}  // namespace

void check_link_uri(const LinkUri& u) {
  if (u.scheme == "serial" || u.scheme == "tty") {
    u.allow_only(with(kSerialKeys, kLinkKeys));
    apply_settings(u, {});
  } else if (u.scheme == "tcp") {
    u.allow_only(with({"connect_ms"}, kLinkKeys));
    split_host_port(u.target, u.text());
    connect_timeout(u);
  } else if (u.scheme == "rfc2217") {
    u.allow_only(with(with(kSerialKeys, {"connect_ms"}), kLinkKeys));
    split_host_port(u.target, u.text());
    apply_settings(u, {});
    connect_timeout(u);
  } else if (u.scheme == "sim") {
    SimLink::options_from(u, {});
    apply_settings(u, {});
  } else {
    throw LinkError("link URI \"" + u.text() + "\": unknown scheme '" + u.scheme +
                    "'; known: " + kKnownSchemes);
  }
  if (u.has("reconnect_ms")) reconnect_window(u);
  if (u.has("regroup")) RegroupLink::parse(u.get("regroup"), u.text());
}

std::unique_ptr<Link> open_link(const LinkUri& u, const SerialSettings& serial,
                                const SimSettings& sim) {
  check_link_uri(u);
  auto link = open_transport(u, serial, sim);
  if (u.has("regroup"))
    link = std::make_unique<RegroupLink>(std::move(link),
                                         RegroupLink::parse(u.get("regroup"), u.text()));
  return link;
}

std::unique_ptr<Link> reopen_link(const LinkUri& u, const SerialSettings& serial,
                                  const SimSettings& sim) {
  check_link_uri(u);
  // A simulator that is gone is gone: a new atsim is a new board, started once.
  if (u.scheme == "sim") return open_link(u, serial, sim);
  const auto give_up = Clock::now() + reconnect_window(u);
  for (;;) {
    try {
      return open_link(u, serial, sim);
    } catch (const LinkError& e) {
      if (Clock::now() + kReconnectPace > give_up)
        throw LinkError(std::string(e.what()) + " (still, " +
                        std::to_string(reconnect_window(u).count()) +
                        " ms after the link was lost)");
    }
    // Polling with a deadline: a device node or a listening port gives no signal of coming back.
    std::this_thread::sleep_for(kReconnectPace);
  }
}

}  // namespace atc

namespace atc {

std::unique_ptr<Link> open_link(const std::string& uri, const SerialSettings& serial,
                                const SimSettings& sim) {
  return open_link(parse_link_uri(uri), serial, sim);
}

}  // namespace atc
