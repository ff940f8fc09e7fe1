#include "tests/sim/sim_process.hpp"

#include <stdexcept>

#include "harness/process/child_process.hpp"

namespace atsim_test {
namespace {

std::vector<std::string> atsim_argv(std::vector<std::string> args) {
  args.insert(args.begin(), ATSIM_PATH);
  return args;
}

}  // namespace

SimProcess::SimProcess(std::vector<std::string> args)
    : child_(std::make_unique<atc::ChildProcess>(
          atc::ChildSpec{.argv = atsim_argv(args), .control = true})) {
  const auto deadline = Clock::now() + 5s;
  auto pty = child_->await_line("atsim: pty ", deadline);
  if (!pty)
    throw std::runtime_error("atsim did not announce its pty; " + child_->exit_description() +
                             "; stderr: " + child_->stderr_tail());
  pty_path_ = *pty;
  for (const auto& a : args) {
    if (a != "--tcp") continue;
    auto port = child_->await_line("atsim: tcp 127.0.0.1:", deadline);
    if (!port) throw std::runtime_error("atsim did not announce its tcp port");
    tcp_port_ = std::stoi(*port);
  }
  child_->drain();
}

SimProcess::~SimProcess() = default;  // ChildProcess: end of input, SIGTERM, SIGKILL, reaped

pid_t SimProcess::pid() const {
  return child_->pid();
}

void SimProcess::control(const std::string& line) {
  if (!child_->send(line + "\n", Clock::now() + 2s))
    throw std::runtime_error("control write failed");
}

void SimProcess::close_stdin() {
  child_->close_control();
}

std::optional<int> SimProcess::wait_exit(std::chrono::milliseconds timeout) {
  if (!child_->wait_exit(timeout)) return std::nullopt;
  return child_->exit_code();
}

RunResult run_atsim(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  atc::ChildRun run = atc::run_to_end(atsim_argv(args), timeout);
  return {run.timed_out ? -1000 : run.exit_code, run.out, run.err};
}

}  // namespace atsim_test
