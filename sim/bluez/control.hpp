#pragma once
// atsim-bluez's stdin: a control channel for the harness and the tests.
//   QUIT               ends the program (so does end of file)
//   POWER on|off       the adapter's power, as `bluetoothctl power`
//   BLOCK | UNBLOCK    the rfkill switch: blocked means powered off and unable to power on
//   STATUS             prints "atsim-bluez: status powered=1 blocked=0 discovery_sessions=N
//                      devices=N links=N advertisements=N" on stdout
// A line it does not understand is reported on stderr and ignored.
#include <string>

#include "sim/bluez/bluez.hpp"
#include "sim/bluez/reactor.hpp"

namespace atsim::bluez {

class ControlChannel {
 public:
  ControlChannel(Reactor& reactor, Bluez& bluez, int fd);
  ~ControlChannel();

 private:
  void readable();
  void line(const std::string& l);

  Reactor& reactor_;
  Bluez& bluez_;
  int fd_;
  std::string pending_;
};

}  // namespace atsim::bluez
