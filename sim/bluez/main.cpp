// atsim-bluez: a stand-in for bluetoothd and its host controller on a private D-Bus, for the
// BLE peer fixture in CI (this kernel has no Bluetooth). Wiring only: options, signals, the
// bus, the radio, the loop. See docs/ble-peer.md.
#include <signal.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <sdbus-c++/sdbus-c++.h>

#include <cstdio>
#include <memory>

#include "sim/bluez/air_radio.hpp"
#include "sim/bluez/bluez.hpp"
#include "sim/bluez/control.hpp"

namespace {

int run(const atsim::bluez::Options& o) {
  using namespace atsim::bluez;
  sigset_t mask;
  sigemptyset(&mask);
  sigaddset(&mask, SIGTERM);
  sigaddset(&mask, SIGINT);
  sigprocmask(SIG_BLOCK, &mask, nullptr);
  const int sig_fd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
  signal(SIGPIPE, SIG_IGN);

  Log log(o.log);
  std::unique_ptr<sdbus::IConnection> bus;
  try {
    bus = sdbus::createSessionBusConnectionWithAddress(o.bus);
  } catch (const sdbus::Error& e) {
    std::fprintf(stderr, "atsim-bluez: no bus at %s: %s\n", o.bus.c_str(), e.what());
    return 1;
  }
  atsim::EventLoop loop;
  Reactor reactor(loop);
  const RadioAddress own{o.address, false};
  std::unique_ptr<Radio> radio;
  try {
    if (o.air.empty()) {
      radio = std::make_unique<QuietRadio>(reactor, own);
    } else {
      radio = std::make_unique<AirRadio>(loop, reactor, o.air, own);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "atsim-bluez: %s\n", e.what());
    return 1;
  }
  AppCalls calls(*bus, reactor);
  Context ctx{*bus, reactor, calls, log, *radio, o, "/org/bluez/" + o.adapter};
  Bluez bluez(ctx);
  ControlChannel control(reactor, bluez, STDIN_FILENO);
  if (sig_fd >= 0) reactor.watch(sig_fd, POLLIN, [&](short) { reactor.stop(0); });
  int code = 0;
  reactor.attach(*bus, [&](const std::string& why) {
    std::fprintf(stderr, "atsim-bluez: the bus went away: %s\n", why.c_str());
    code = 3;
    reactor.stop(3);
  });
  bluez.start([&](bool ok, const std::string& why) {
    if (!ok) {
      std::fprintf(stderr, "atsim-bluez: cannot own org.bluez: %s\n", why.c_str());
      reactor.stop(4);
      return;
    }
    log.line("ready: org.bluez on " + o.bus);
    std::printf("atsim-bluez: ready %s %s\n", o.adapter.c_str(), o.address.c_str());
    std::fflush(stdout);
  });
  const int rc = reactor.run();
  return code ? code : rc;
}

}  // namespace

int main(int argc, char** argv) {
  // Die with the parent (the harness or a test): nothing may outlive a run.
  const pid_t parent = getppid();
  prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (getppid() != parent) return 1;
  auto parsed = atsim::bluez::parse_options(argc, argv);
  if (!parsed.options) {
    std::fprintf(stderr, "atsim-bluez: %s\n%s", parsed.error.c_str(),
                 atsim::bluez::usage().c_str());
    return 2;
  }
  if (parsed.options->help) {
    std::fputs(atsim::bluez::usage().c_str(), stdout);
    return 0;
  }
  try {
    return run(*parsed.options);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "atsim-bluez: %s\n", e.what());
    return 1;
  }
}
