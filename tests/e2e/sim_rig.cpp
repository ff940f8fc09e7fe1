#include "tests/e2e/sim_rig.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace atc::test {
namespace {

// Offsets 20000 + k*1024 stay below Linux's ephemeral range (32768..), which fixtures that bind
// port 0 and the simulator's outgoing connections draw from.
constexpr int kFirstOffset = 20000;
constexpr int kSlots = 12;

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string replace_attr(const std::string& xml, const std::string& attr, const std::string& v) {
  const std::regex re(attr + "=\"[^\"]*\"");
  if (!std::regex_search(xml, re)) throw std::runtime_error("sim rig has no " + attr + "=");
  return std::regex_replace(xml, re, attr + "=\"" + v + "\"",
                            std::regex_constants::format_first_only);
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '"')
      out += "&quot;";
    else if (c == '<')
      out += "&lt;";
    else
      out += c;
  }
  return out;
}

}  // namespace

SimRig::SimRig(const std::string& chip, const std::string& link, const std::string& dir,
               int wait_s) {
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(wait_s);
  while (lock_fd_ < 0) {
    for (int k = 0; k < kSlots && lock_fd_ < 0; ++k) {
      const std::string lock = "/tmp/atc-e2e-port-slot-" + std::to_string(k) + ".lock";
      int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0666);
      if (fd < 0) continue;
      if (::flock(fd, LOCK_EX | LOCK_NB) == 0) {
        lock_fd_ = fd;
        offset_ = kFirstOffset + k * 1024;
      } else {
        ::close(fd);
      }
    }
    if (lock_fd_ >= 0) break;
    if (std::chrono::steady_clock::now() > give_up)
      throw std::runtime_error("no free simulator port slot within " + std::to_string(wait_s) +
                               " s");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));  // a poll with a deadline above
  }
  const std::string configs = ATC_SOURCE_DIR "/configs";
  std::string xml = slurp(configs + "/rigs/sim-" + chip + ".xml");
  xml = replace_attr(xml, "link", xml_escape(link));
  xml = replace_attr(xml, "profile", configs + "/profiles/sim-" + chip + ".xml");
  xml = replace_attr(xml, "low_port_offset", std::to_string(offset_));
  path_ = dir + "/rig.xml";
  std::ofstream(path_) << xml;
}

void SimRig::set(const std::string& attr, const std::string& value) {
  const std::string xml = replace_attr(slurp(path_), attr, xml_escape(value));  // read, then
  std::ofstream(path_) << xml;                                                  // truncate
}

SimRig::~SimRig() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

}  // namespace atc::test
