#pragma once
// Every child process and temporary directory a run has made and not yet cleaned up, so that a
// run that must end at once (a stop signal, the watchdog) still leaves nothing behind: it kills
// and reaps the children and removes the directories, then exits. ChildProcess and SimLink
// register here; the normal paths (their destructors) unregister.
#include <sys/types.h>

#include <string>
#include <vector>

#include "harness/process/census.hpp"

namespace atc::live {

// False once stop_all() has begun: the caller must stop the process or remove the directory
// itself (no new child may outlive a run that is ending).
bool add_process(pid_t pid);
void remove_process(pid_t pid);
bool add_directory(const std::string& path);
void remove_directory(const std::string& path);
bool stopping();
// Every process ever registered in this run, with its start time (the run manifest's record:
// app/run_manifest.hpp), whether it has ended or not.
std::vector<census::Process> started();

// From now on nothing new is registered; SIGKILL to every registered process, each reaped (at
// most ~2 s in all), then every registered directory removed. Safe to call from any thread;
// returns how many processes it stopped.
int stop_all() noexcept;

}  // namespace atc::live
