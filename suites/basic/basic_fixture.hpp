#pragma once
// The Basic AT chapter (§3 of both documents): shared helpers for its tests.
#include <string>

#include "harness/testing/assertions.hpp"
#include "harness/testing/dut_test.hpp"

namespace atc::basic {

class Basic : public DutTest {
 protected:
  // "115200,8,1,0,0" for the rig's UART settings with another baud.
  std::string uart_args(int baud);
  // A baud the rig allows the UART to be switched to, other than its own (tests that call it
  // declare the `baud-change` PIXIT item; a rig that lists only its own baud is a rig error).
  int other_baud();
  // Switches the host side (nothing to do at the baud it has); a rig error when the link cannot.
  void host_baud(int baud);
  // Puts the UART back to the rig's settings now and at boot, at TearDown (registered once).
  void restore_uart_at_teardown();
  // The whole-line regex of the +UART_xxx value for `baud` with the rig's framing.
  std::string uart_value(int baud);
  // After AT+UART_DEF=<baud>: the documents do not say whether it also applies at once (real
  // builds do), so the host looks for the DUT at `baud`, then at the baud it had. False when the
  // DUT answers at neither.
  bool follow_uart_def(int baud);
  // AT+RST with host at `baud_after` to read what the device prints after the reboot.
  Dut::ResetOutcome reset_and_listen_at(int baud_after);
};

}  // namespace atc::basic

// Tests in this chapter are written as ATC_TEST(Basic, Name, {...}).
using atc::Chip;
using atc::basic::Basic;
