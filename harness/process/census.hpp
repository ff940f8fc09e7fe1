#pragma once
// What a run leaves on the machine, read from /proc: its descendant processes and the sockets
// they listen on. A process is named by its pid and start time (pids are reused), a socket by
// its inode. atconform records them in its run manifest (app/run_manifest.hpp) while it runs;
// after it ended, nothing recorded may still exist (the e2e tests check that).
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace atc::census {

struct Process {
  pid_t pid = 0;
  std::uint64_t start_time = 0;  // clock ticks after boot (/proc/<pid>/stat field 22)
  std::string name;              // comm
};

struct Socket {
  std::uint64_t inode = 0;
  std::string proto;    // tcp, tcp6, udp, udp6
  std::string address;  // local address:port as /proc/net shows it, e.g. 0100007F:1F90
};

// Process `pid` as /proc shows it now; nullopt when there is none, or only a zombie.
std::optional<Process> process(pid_t pid);
// Every living descendant of `root` (children, theirs, ...).
std::vector<Process> descendants(pid_t root);
// The listening TCP sockets and bound UDP sockets that `pids` hold open.
std::vector<Socket> listening_sockets(const std::vector<pid_t>& pids);

// True while that process (same pid, same start time) exists and is not a zombie.
bool alive(const Process& p);
// True while a socket with that inode is in the kernel's tables (/proc/net/*).
bool socket_exists(std::uint64_t inode);

}  // namespace atc::census
