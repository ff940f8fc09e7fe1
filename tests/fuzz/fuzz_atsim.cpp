// atsim's command interpreter on hostile host input: a simulated firmware must not crash on any
// bytes a host sends either. Each input boots a fresh simulated board and feeds it lines:
//   input: <chip: bit 0> <defect a> <defect b> then lines, each ending at '\n':
//     "\x01..."  a control-channel line (LINES, QUIT, FAULT ...: sim/control.hpp)
//     "\x02" <n> let n % 8 ms pass (timers, the transmitter; at most 16 ms per input)
//     anything else: UART bytes as the host sent them, the '\n' included
// The network is kept off the machine's real ports: this program's own connect/sendto/bind
// (below) refuse connections, swallow datagrams and bind only ephemeral ports, so the fuzzer
// never reaches another engineer's fixtures or takes a port a test wants.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdint>
#include <string>

#include "sim/chapters.hpp"
#include "sim/control.hpp"
#include "sim/defects.hpp"
#include "sim/device.hpp"
#include "sim/event_loop.hpp"
#include "sim/fault/chaos.hpp"
#include "sim/net/net_options.hpp"
#include "sim/storage.hpp"
#include "sim/transmitter.hpp"
#include "sim/wire.hpp"
#include "tests/fuzz/fuzz_input.hpp"

extern "C" {
// Interposed for the whole program (an executable's definitions come first).
int connect(int, const sockaddr* addr, socklen_t) {
  (void)addr;
  errno = ECONNREFUSED;
  return -1;
}
ssize_t sendto(int, const void*, std::size_t n, int, const sockaddr*, socklen_t) {
  return static_cast<ssize_t>(n);
}
int bind(int fd, const sockaddr* addr, socklen_t len) {
  if (addr && addr->sa_family == AF_INET && len >= sizeof(sockaddr_in)) {
    sockaddr_in a = *reinterpret_cast<const sockaddr_in*>(addr);
    a.sin_port = 0;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    return static_cast<int>(
        ::syscall(SYS_bind, fd, reinterpret_cast<const sockaddr*>(&a), sizeof a));
  }
  return static_cast<int>(::syscall(SYS_bind, fd, addr, len));
}
}

namespace {

using namespace atsim;

const Registry& registry(Chip chip) {
  static const Registry esp32 = [] {
    Registry r(Chip::esp32);
    register_all_chapters(r);
    return r;
  }();
  static const Registry esp8266 = [] {
    Registry r(Chip::esp8266);
    register_all_chapters(r);
    return r;
  }();
  return chip == Chip::esp32 ? esp32 : esp8266;
}

HostLine in_step_with(const UartSettings& u) {
  HostLine h;
  h.baud = u.baud;
  h.data_bits = static_cast<int>(u.data_bits);
  h.parity = static_cast<int>(u.parity);
  h.two_stop_bits = u.stop_bits > 1;
  return h;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  atc::fuzz::FuzzInput in(data, size);
  const Chip chip = (in.byte() & 1) ? Chip::esp8266 : Chip::esp32;
  Defects defects;
  const auto& catalog = defect_catalog();
  for (int i = 0; i < 2; ++i)
    if (const std::size_t pick = in.byte() % (catalog.size() + 1); pick > 0)
      defects.plant(catalog[pick - 1].id);

  EventLoop loop;
  Wire wire(loop, [&](std::string_view, const HostLine&) {});
  Transmitter tx(loop, [](std::string_view, const UartSettings&, bool) {});
  Storage storage;
  Device device(loop, tx, storage, defects, registry(chip), std::chrono::milliseconds(0));
  device.state<NetOptions>().low_port_offset = 0;
  fault::Chaos chaos({loop, device, tx, wire, nullptr}, {});
  device.power_on();
  loop.run_until(Clock::now());  // ready: the boot timer is due at once

  auto waited = std::chrono::milliseconds(0);
  while (!in.empty() && !loop.stopped()) {
    const std::string_view line = in.line();
    if (!line.empty() && line[0] == '\x01') {
      const std::string_view control = line.substr(1);
      if (!ControlChannel::apply(control, device, loop)) chaos.control(control);
    } else if (!line.empty() && line[0] == '\x02') {
      const auto ms = std::chrono::milliseconds(line.size() > 1 ? line[1] % 8 : 1);
      if (waited + ms > std::chrono::milliseconds(16)) continue;
      waited += ms;
      loop.run_until(Clock::now() + ms);
      continue;
    } else {
      device.on_input(std::string(line) + "\n", in_step_with(device.uart()));
    }
    loop.run_until(Clock::now());
  }
  return 0;
}
