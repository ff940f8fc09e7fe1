// The harness's cost per AT round trip and per MiB of passthrough, through the Dut against a
// DUT on a link (normally atsim on a PTY started by bench/roundtrip.sh, reached as tty:PATH, the
// same kind of link the baseline script uses). Prints one "key value" line per figure; CPU is
// this process's own user + system time (getrusage RUSAGE_SELF: the simulator is another
// process), wall is steady_clock.
//
//   roundtrip --link tty:PATH --round-trips 2000                 AT -> OK through the Dut
//   roundtrip --link tty:PATH --round-trips 2000 --mode floor    the same bytes with nothing
//       but write + ppoll + read on the descriptor: the kernel's share, which no harness avoids
//   roundtrip --link tty:PATH --mode passthrough --kib 1024 --baud 3000000 --peer 127.0.0.1:P
//       joins the simulator's AP, opens a TCP link to P (an echo server), switches both ends to
//       BAUD, enters passthrough and writes KIB KiB while reading the echo back.
#include <fcntl.h>
#include <poll.h>
#include <sys/resource.h>
#include <termios.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "harness/at/uart_params.hpp"
#include "harness/dut.hpp"
#include "harness/link/link_factory.hpp"
#include "harness/link/termios2.hpp"

namespace {

using Clock = std::chrono::steady_clock;

struct Cpu {
  double user = 0, sys = 0;
};
Cpu cpu_now() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto s = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return {s(u.ru_utime), s(u.ru_stime)};
}

struct Args {
  std::string link, mode = "dut", peer, ssid = "atconform-ap", password = "conform-pass-1";
  int round_trips = 1000, kib = 1024, baud = 3000000;
};

Args parse(int argc, char** argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    std::string k = argv[i];
    if (i + 1 >= argc) throw std::invalid_argument(k + " needs a value");
    std::string v = argv[++i];
    if (k == "--link")
      a.link = v;
    else if (k == "--round-trips")
      a.round_trips = std::stoi(v);
    else if (k == "--mode")
      a.mode = v;
    else if (k == "--kib")
      a.kib = std::stoi(v);
    else if (k == "--baud")
      a.baud = std::stoi(v);
    else if (k == "--peer")
      a.peer = v;
    else if (k == "--ssid")
      a.ssid = v;
    else if (k == "--password")
      a.password = v;
    else
      throw std::invalid_argument("unknown option " + k);
  }
  if (a.link.empty()) throw std::invalid_argument("--link is required");
  if (a.mode != "dut" && a.mode != "floor" && a.mode != "passthrough")
    throw std::invalid_argument("--mode is dut, floor or passthrough");
  if (a.mode == "passthrough" && a.peer.find(':') == std::string::npos)
    throw std::invalid_argument("--mode passthrough needs --peer HOST:PORT");
  return a;
}

void print_cpu(const char* what, Cpu a, Cpu b, double per, double wall) {
  std::printf("%s_user_us %.2f\n", what, (b.user - a.user) * 1e6 / per);
  std::printf("%s_sys_us %.2f\n", what, (b.sys - a.sys) * 1e6 / per);
  std::printf("%s_cpu_us %.2f\n", what, ((b.user - a.user) + (b.sys - a.sys)) * 1e6 / per);
  std::printf("%s_wall_us %.2f\n", what, wall * 1e6 / per);
}

int through_dut(const Args& a) {
  atc::SerialSettings serial;
  atc::Dut dut(atc::open_link(a.link, serial));
  dut.set_host_serial(serial);
  if (!dut.resync()) throw std::runtime_error("the DUT does not answer AT on " + a.link);
  // Warm up, then measure only the round trips.
  for (int i = 0; i < 20; ++i) dut.command("AT");
  const Cpu c0 = cpu_now();
  const auto t0 = Clock::now();
  int ok = 0;
  for (int i = 0; i < a.round_trips; ++i) ok += dut.command("AT").ok();
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  const Cpu c1 = cpu_now();
  if (ok != a.round_trips) throw std::runtime_error("some round trips failed");
  std::printf("round_trips %d\n", a.round_trips);
  print_cpu("round_trip", c0, c1, a.round_trips, wall);
  return 0;
}

// The same round trips with nothing but the system calls any program needs: write the command,
// wait in ppoll (with a deadline, as every honest wait has) and read until "OK\r\n".
int floor_only(const Args& a) {
  const std::string path = a.link.substr(a.link.find(':') + 1);
  const int fd = ::open(path.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  atc::configure_raw_tty(fd, atc::SerialSettings{}, path);
  int wake[2];
  if (::pipe2(wake, O_CLOEXEC | O_NONBLOCK) != 0) throw std::runtime_error("pipe");
  char buf[4096];
  auto round_trip = [&] {
    if (::write(fd, "AT\r\n", 4) != 4) throw std::runtime_error("write");
    std::string got;
    const auto deadline = Clock::now() + std::chrono::seconds(2);
    while (got.find("OK\r\n") == std::string::npos) {
      pollfd p[2] = {{fd, POLLIN, 0}, {wake[0], POLLIN, 0}};
      const auto left = deadline - Clock::now();
      if (left <= Clock::duration::zero()) throw std::runtime_error("no OK within 2 s");
      const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
      timespec ts{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
      if (::ppoll(p, 2, &ts, nullptr) <= 0) continue;
      const ssize_t n = ::read(fd, buf, sizeof buf);
      if (n > 0) got.append(buf, static_cast<std::size_t>(n));
    }
  };
  if (::write(fd, "\r\n", 2) != 2) throw std::runtime_error("write");
  for (int i = 0; i < 20; ++i) round_trip();
  const Cpu c0 = cpu_now();
  const auto t0 = Clock::now();
  for (int i = 0; i < a.round_trips; ++i) round_trip();
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  const Cpu c1 = cpu_now();
  std::printf("round_trips %d\n", a.round_trips);
  print_cpu("floor", c0, c1, a.round_trips, wall);
  ::close(fd);
  return 0;
}

void expect_ok(atc::Dut& dut, const std::string& line, atc::Millis timeout = atc::Millis{5000}) {
  atc::Response r = dut.command(line, timeout);
  if (!r.ok()) throw std::runtime_error(line + ": " + r.describe() + "\n" + r.tail);
}

int passthrough(const Args& a) {
  atc::SerialSettings serial;
  atc::Dut dut(atc::open_link(a.link, serial));
  dut.set_host_serial(serial);
  if (!dut.resync()) throw std::runtime_error("the DUT does not answer AT on " + a.link);
  const std::string host = a.peer.substr(0, a.peer.rfind(':'));
  const std::string port = a.peer.substr(a.peer.rfind(':') + 1);
  expect_ok(dut, "AT+CWMODE=1");
  expect_ok(dut, "AT+CWJAP=\"" + a.ssid + "\",\"" + a.password + "\"", atc::Millis{20000});
  expect_ok(dut, "AT+CIPMODE=1");
  expect_ok(dut, "AT+CIPSTART=\"TCP\",\"" + host + "\"," + port, atc::Millis{10000});
  atc::SerialSettings fast = serial;
  fast.baud = a.baud;
  expect_ok(dut, "AT+UART_CUR=" + atc::uart_params(fast));
  dut.set_host_serial(fast);
  if (!dut.resync()) throw std::runtime_error("no answer at " + std::to_string(a.baud) + " baud");
  const atc::Response p = dut.enter_passthrough("AT+CIPSEND");
  if (p.final != atc::Final::prompt) throw std::runtime_error("AT+CIPSEND: " + p.describe());

  std::string data(static_cast<std::size_t>(a.kib) * 1024, '\0');
  for (std::size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>('A' + i % 23);
  const Cpu c0 = cpu_now();
  const auto t0 = Clock::now();
  // Written in 4 KiB pieces, as a test feeding a stream would; the echo is read meanwhile by
  // the Dut (its idle reader) and taken when everything is written.
  for (std::size_t at = 0; at < data.size(); at += 4096)
    dut.write_raw(std::string_view(data).substr(at, 4096));
  std::string back;
  while (back.size() < data.size()) {
    std::string got = dut.take_raw(data.size() - back.size(), atc::Millis{30000});
    if (got.empty())
      throw std::runtime_error("the echo stopped after " + std::to_string(back.size()));
    back += got;
  }
  const double wall = std::chrono::duration<double>(Clock::now() - t0).count();
  const Cpu c1 = cpu_now();
  if (back != data) throw std::runtime_error("the echo differs from what was written");
  dut.exit_passthrough();
  dut.set_host_serial(fast);
  expect_ok(dut, "AT+UART_CUR=" + atc::uart_params(serial));
  dut.set_host_serial(serial);
  // As found: the next program opens its own link (AT+CIPSTART on an open one is ERROR).
  expect_ok(dut, "AT+CIPMODE=0");
  expect_ok(dut, "AT+CIPCLOSE");
  std::printf("passthrough_kib %d\nbaud %d\n", a.kib, a.baud);
  print_cpu("mib", c0, c1, a.kib / 1024.0, wall);
  return 0;
}

}  // namespace

int main(int argc, char** argv) try {
  const Args a = parse(argc, argv);
  if (a.mode == "floor") return floor_only(a);
  if (a.mode == "passthrough") return passthrough(a);
  return through_dut(a);
} catch (const std::exception& e) {
  std::fprintf(stderr, "roundtrip: %s\n", e.what());
  return 2;
}
