#include "harness/process/census.hpp"

#include <dirent.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string_view>

namespace atc::census {
namespace {

struct Stat {
  Process p;
  pid_t ppid = 0;
  char state = '?';
};

std::optional<Stat> read_stat(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string text;
  if (!std::getline(in, text)) return std::nullopt;
  // "pid (comm) state ppid ...": comm may hold spaces and ')', so cut at the last ')'.
  const auto open = text.find('(');
  const auto close = text.rfind(')');
  if (open == std::string::npos || close == std::string::npos || close < open) return std::nullopt;
  Stat s;
  s.p.pid = pid;
  s.p.name = text.substr(open + 1, close - open - 1);
  std::istringstream rest(text.substr(close + 2));
  rest >> s.state >> s.ppid;
  std::string field;
  for (int i = 5; i < 22 && rest >> field; ++i) {  // fields 5..21
  }
  rest >> s.p.start_time;
  if (!rest) return std::nullopt;
  return s;
}

std::vector<pid_t> all_pids() {
  std::vector<pid_t> out;
  if (DIR* d = ::opendir("/proc")) {
    while (dirent* e = ::readdir(d)) {
      char* end = nullptr;
      const long v = std::strtol(e->d_name, &end, 10);
      if (end != e->d_name && *end == '\0' && v > 0) out.push_back(static_cast<pid_t>(v));
    }
    ::closedir(d);
  }
  return out;
}

// Socket inodes in the kernel's table `proto` with their local address; tcp: LISTEN only.
std::map<std::uint64_t, Socket> table(const std::string& proto) {
  std::map<std::uint64_t, Socket> out;
  std::ifstream in("/proc/net/" + proto);
  std::string line;
  std::getline(in, line);  // header
  const bool tcp = proto.rfind("tcp", 0) == 0;
  while (std::getline(in, line)) {
    std::istringstream f(line);
    std::string slot, local, remote, state, queues, timer, retr, uid, timeout;
    std::uint64_t inode = 0;
    f >> slot >> local >> remote >> state >> queues >> timer >> retr >> uid >> timeout >> inode;
    if (!f || (tcp && state != "0A")) continue;  // 0A: TCP_LISTEN
    out[inode] = {inode, proto, local};
  }
  return out;
}

const char* const kTables[] = {"tcp", "tcp6", "udp", "udp6"};

}  // namespace

std::optional<Process> process(pid_t pid) {
  auto s = read_stat(pid);
  if (!s || s->state == 'Z') return std::nullopt;
  return s->p;
}

std::vector<Process> descendants(pid_t root) {
  std::multimap<pid_t, Stat> by_parent;
  for (pid_t pid : all_pids())
    if (auto s = read_stat(pid); s && s->state != 'Z') by_parent.emplace(s->ppid, *s);
  std::vector<Process> out;
  std::vector<pid_t> todo{root};
  std::set<pid_t> seen{root};
  while (!todo.empty()) {
    const pid_t parent = todo.back();
    todo.pop_back();
    auto [from, to] = by_parent.equal_range(parent);
    for (auto it = from; it != to; ++it) {
      if (!seen.insert(it->second.p.pid).second) continue;
      out.push_back(it->second.p);
      todo.push_back(it->second.p.pid);
    }
  }
  return out;
}

std::vector<Socket> listening_sockets(const std::vector<pid_t>& pids) {
  std::set<std::uint64_t> held;
  for (pid_t pid : pids) {
    const std::string dir = "/proc/" + std::to_string(pid) + "/fd";
    DIR* d = ::opendir(dir.c_str());
    if (!d) continue;
    while (dirent* e = ::readdir(d)) {
      char target[64] = {};
      const std::string link = dir + "/" + e->d_name;
      const ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
      const std::string_view t(target, n > 0 ? static_cast<std::size_t>(n) : 0);
      if (t.starts_with("socket:[") && t.ends_with("]"))
        held.insert(std::strtoull(std::string(t.substr(8, t.size() - 9)).c_str(), nullptr, 10));
    }
    ::closedir(d);
  }
  std::vector<Socket> out;
  if (held.empty()) return out;
  for (const char* proto : kTables)
    for (const auto& [inode, s] : table(proto))
      if (held.count(inode)) out.push_back(s);
  return out;
}

bool alive(const Process& p) {
  auto now = process(p.pid);
  return now && now->start_time == p.start_time;
}

bool socket_exists(std::uint64_t inode) {
  for (const char* proto : kTables) {
    std::ifstream in(std::string("/proc/net/") + proto);
    std::string line;
    std::getline(in, line);
    while (std::getline(in, line)) {
      std::istringstream f(line);
      std::string field;
      for (int i = 0; i < 9 && f >> field; ++i) {
      }
      std::uint64_t inode_here = 0;
      if (f >> inode_here && inode_here == inode) return true;
    }
  }
  return false;
}

}  // namespace atc::census
