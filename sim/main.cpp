// atsim: a simulated ESP32/ESP8266 running Espressif AT firmware, on a pseudo-terminal.
// Wiring only: options, the PTY (and TCP port), the wire, the transmitter, the device, the
// control channel, signals, and the event loop that runs them all. See docs/sim.md.
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>

#include "sim/chapters.hpp"
#include "sim/control.hpp"
#include "sim/device.hpp"
#include "sim/fault/chaos.hpp"
#include "sim/fault/host_ports.hpp"
#include "sim/options.hpp"
#include "sim/power_switch.hpp"
#include "sim/wifi/state.hpp"
#include "sim/wire.hpp"

namespace {

int run(const atsim::Options& o) {
  using namespace atsim;
  // SIGTERM/SIGINT arrive through a descriptor so the loop exits cleanly (symlink removed).
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  sigprocmask(SIG_BLOCK, &mask, nullptr);
  const int sig_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  signal(SIGPIPE, SIG_IGN);  // a TCP client that vanished mid-write

  // A world file that cannot be used stops atsim before anything is announced (exit 1, the
  // message names FILE:LINE).
  std::optional<wifi::World> world;
  if (o.world_file) world = wifi::load_world(*o.world_file);
  Storage storage(o.nvs_file ? std::optional<std::filesystem::path>(*o.nvs_file) : std::nullopt);
  storage.set_write_back(o.defects.has(Defect::nvs_lost_at_power_off));
  Registry registry(o.chip);
  register_all_chapters(registry);

  EventLoop loop;
  Device* device_ptr = nullptr;
  Wire wire(loop, [&](std::string_view bytes, const HostLine& host) {
    if (device_ptr) device_ptr->on_input(bytes, host);
  });
  Transmitter tx(loop, [&](std::string_view bytes, const UartSettings& framing, bool raw) {
    wire.deliver(bytes, framing, raw);
  });
  Device device(loop, tx, storage, o.defects, registry, *o.boot_time);
  device_ptr = &device;
  device.state<wifi::WorldSlot>().world = world;  // nullopt: the built-in default world
  device.state<NetOptions>() = o.net;             // the TCP/IP chapter reads it on first use
  device.state<wifi::Board>() = o.board;          // this board's MACs and addresses
  {
    // The BLE addresses derive from the board's base MAC (--base-mac), as the Wi-Fi ones do.
    BleOptions ble = o.ble;
    if (o.board.base_mac) ble.base_mac = ble::parse_address(wifi::mac_text(*o.board.base_mac));
    device.state<BleOptions>() = ble;  // the BLE chapter: --air
  }

  // The PTY, its --link symlink (removed at exit if it still points at ours) and --tcp.
  fault::HostPorts ports(wire, device.saved_uart().baud, o.link_path, o.tcp_port);
  std::printf("atsim: pty %s\n", ports.pty_path().c_str());
  if (ports.tcp_port()) std::printf("atsim: tcp 127.0.0.1:%d\n", *ports.tcp_port());
  std::fflush(stdout);

  // Chaos: the --fault schedule, and FAULT lines on the control channel.
  fault::Chaos chaos({loop, device, tx, wire, &ports}, o.faults);
  ControlChannel control(loop, device, STDIN_FILENO,
                         [&](std::string_view line) { return chaos.control(line); });
  std::optional<PowerSwitch> power_switch;
  if (o.power_switch) power_switch.emplace(loop, device, *o.power_switch);
  if (sig_fd >= 0) loop.watch(sig_fd, POLLIN, [&](short) { loop.stop(0); });

  device.power_on();
  return loop.run();
}

}  // namespace

int main(int argc, char** argv) {
  auto parsed = atsim::parse_options(argc, argv);
  if (!parsed.options) {
    std::fprintf(stderr, "atsim: %s\n%s", parsed.error.c_str(), atsim::usage().c_str());
    return 2;
  }
  const auto& o = *parsed.options;
  if (o.help) {
    std::fputs(atsim::usage().c_str(), stdout);
    return 0;
  }
  if (o.list_defects) {
    for (const auto& d : atsim::defect_catalog()) {
      std::printf("%s\n", atsim::catalog_line(d).c_str());
    }
    return 0;
  }
  try {
    return run(o);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "atsim: %s\n", e.what());
    return 1;
  }
}
