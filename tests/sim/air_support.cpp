#include "tests/sim/air_support.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

extern char** environ;

namespace atsim_test {

using atsim::air::Frame;

Child::Child(const std::vector<std::string>& argv) {
  int in[2], out[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int rc = posix_spawn(&pid_, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(in[0]);
  ::close(out[1]);
  in_ = in[1];
  out_ = out[0];
  if (rc != 0) throw std::runtime_error("cannot start " + argv[0]);
  pidfd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid_, 0));
}

Child::~Child() {
  close_stdin();
  if (!wait_exit(0ms)) {
    ::kill(pid_, SIGTERM);
    if (!wait_exit(2000ms)) {
      ::kill(pid_, SIGKILL);
      wait_exit(2000ms);
    }
  }
  if (out_ >= 0) ::close(out_);
  if (pidfd_ >= 0) ::close(pidfd_);
}

std::string Child::read_line(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (auto nl = buf_.find('\n'); nl != std::string::npos) {
      std::string line = buf_.substr(0, nl);
      buf_.erase(0, nl + 1);
      return line;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return "";
    pollfd p{out_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) continue;
    char b[256];
    const ssize_t n = ::read(out_, b, sizeof b);
    if (n <= 0) return "";
    buf_.append(b, static_cast<std::size_t>(n));
  }
}

void Child::write_stdin(const std::string& text) {
  if (in_ >= 0 && ::write(in_, text.data(), text.size()) < 0) close_stdin();
}

void Child::close_stdin() {
  if (in_ >= 0) ::close(in_);
  in_ = -1;
}

std::optional<int> Child::wait_exit(std::chrono::milliseconds timeout) {
  if (status_) return status_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    int st = 0;
    const pid_t r = ::waitpid(pid_, &st, WNOHANG);
    if (r == pid_) {
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
      return status_;
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return std::nullopt;
    // The pidfd becomes readable when the child exits.
    pollfd p{pidfd_, POLLIN, 0};
    ::poll(&p, 1, static_cast<int>(left.count()));
  }
}

std::string air_path() {
  return ATSIM_AIR_PATH;
}
std::string source_dir() {
  return ATC_SOURCE_DIR;
}

Air::Air(std::vector<std::string> extra, bool with_truth) {
  char tmpl[] = "/tmp/atc-air-XXXXXX";
  if (!::mkdtemp(tmpl)) throw std::runtime_error("mkdtemp");
  dir = tmpl;
  socket = dir + "/air";
  truth = dir + "/truth.txt";
  std::vector<std::string> argv = {air_path(), "--socket", socket};
  if (with_truth) {
    argv.push_back("--truth");
    argv.push_back(truth);
  }
  argv.insert(argv.end(), extra.begin(), extra.end());
  child = std::make_unique<Child>(argv);
  const std::string line = child->read_line(5000ms);
  if (line != "atsim-air: socket " + socket)
    throw std::runtime_error("atsim-air did not announce its socket: '" + line + "'");
}

Air::~Air() {
  child.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}

std::vector<std::string> Air::truth_lines() const {
  std::ifstream in(truth);
  std::vector<std::string> out;
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

bool run_until(atsim::EventLoop& loop, const std::function<bool()>& done,
               std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::function<void()> check = [&] {
    if (done() || std::chrono::steady_clock::now() >= deadline) return loop.stop();
    loop.after(1ms, check);
  };
  loop.after(0ms, check);
  loop.run();
  return done();
}

TestRadio::TestRadio(atsim::EventLoop& l, const std::string& socket, const std::string& addr,
                     int conns)
    : loop(l) {
  client = std::make_unique<atsim::air::AirClient>(l, socket, *atsim::ble::parse_air_address(addr),
                                                   "test", conns);
  client->on_frame = [this](const Frame& f) { frames.push_back(f); };
  client->on_closed = [this](const std::string&) { closed = true; };
  if (!wait("WELCOME", 2000ms)) throw std::runtime_error("no WELCOME for " + addr);
}

void TestRadio::send(const std::string& text) {
  auto f = atsim::air::parse_frame(text);
  if (auto* bad = std::get_if<atsim::air::BadFrame>(&f))
    throw std::runtime_error(std::string("test frame: ") + bad->what());
  client->send(std::get<Frame>(f));
}

std::optional<Frame> TestRadio::wait(const std::string& verb, std::chrono::milliseconds timeout,
                                     const std::string& key, const std::string& value) {
  auto match = [&](const Frame& f) {
    if (f.verb != verb) return false;
    if (key.empty()) return true;
    const auto* x = f.find(key);
    return x && x->value == value;
  };
  std::optional<Frame> got;
  run_until(
      loop,
      [&] {
        for (auto it = frames.begin(); it != frames.end(); ++it) {
          if (match(*it)) {
            got = *it;
            frames.erase(it);
            return true;
          }
        }
        return false;
      },
      timeout);
  return got;
}

std::size_t TestRadio::count(const std::string& verb) const {
  std::size_t n = 0;
  for (const auto& f : frames) n += f.verb == verb;
  return n;
}

}  // namespace atsim_test
