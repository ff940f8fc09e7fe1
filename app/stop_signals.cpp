#include "app/stop_signals.hpp"

#include <pthread.h>
#include <signal.h>

#include <cstring>

namespace atc::app {
namespace {

sigset_t stop_set() {
  sigset_t s;
  sigemptyset(&s);
  sigaddset(&s, SIGINT);
  sigaddset(&s, SIGTERM);
  sigaddset(&s, SIGUSR2);  // our own wake-up at a normal end
  return s;
}

}  // namespace

StopSignals::StopSignals(OnStop on_stop) : on_stop_(std::move(on_stop)) {
  const sigset_t s = stop_set();
  pthread_sigmask(SIG_BLOCK, &s, nullptr);
  thread_ = std::thread([this] { run(); });
}

StopSignals::~StopSignals() {
  pthread_kill(thread_.native_handle(), SIGUSR2);
  thread_.join();
}

void StopSignals::run() {
  const sigset_t s = stop_set();
  int sig = 0;
  while (sigwait(&s, &sig) != 0) {
  }
  if (sig == SIGUSR2) return;
  // From now on a second SIGINT/SIGTERM takes its default action here: the process ends at once.
  signal(SIGINT, SIG_DFL);
  signal(SIGTERM, SIG_DFL);
  sigset_t again;
  sigemptyset(&again);
  sigaddset(&again, SIGINT);
  sigaddset(&again, SIGTERM);
  pthread_sigmask(SIG_UNBLOCK, &again, nullptr);
  on_stop_(sig == SIGINT ? "SIGINT" : "SIGTERM");
}

}  // namespace atc::app
