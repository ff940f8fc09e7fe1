#include "sim/fault/host_ports.hpp"

#include <unistd.h>

#include <filesystem>

#include "sim/tcp_listen.hpp"

namespace atsim::fault {

HostPorts::HostPorts(Wire& wire, long baud, std::optional<std::string> link_path,
                     std::optional<int> tcp_port)
    : wire_(wire), link_path_(std::move(link_path)) {
  open_pty_and_link(baud);
  if (tcp_port) {
    int bound = 0;
    wire_.attach_tcp_listener(tcp_listen(*tcp_port, bound));
    tcp_port_ = bound;
  }
  plugged_ = true;
}

HostPorts::~HostPorts() {
  remove_link();
  close_pty(pty_);
}

void HostPorts::open_pty_and_link(long baud) {
  pty_ = open_pty(baud);
  wire_.attach_pty(pty_.master);
  if (!link_path_) return;
  std::error_code ec;
  if (std::filesystem::is_symlink(*link_path_, ec)) std::filesystem::remove(*link_path_, ec);
  std::filesystem::create_symlink(pty_.slave_path, *link_path_);
}

void HostPorts::remove_link() {
  if (!link_path_) return;
  std::error_code ec;
  if (std::filesystem::read_symlink(*link_path_, ec) == pty_.slave_path)
    std::filesystem::remove(*link_path_, ec);
}

void HostPorts::unplug() {
  if (!plugged_) return;
  plugged_ = false;
  remove_link();
  wire_.detach_pty();  // closes the master: the host's descriptor on the slave hangs up
  close_pty(pty_);
  wire_.detach_tcp();
}

void HostPorts::plug(long baud) {
  if (plugged_) return;
  open_pty_and_link(baud);
  if (tcp_port_) {
    int bound = 0;
    wire_.attach_tcp_listener(tcp_listen(*tcp_port_, bound));
  }
  plugged_ = true;
}

}  // namespace atsim::fault
