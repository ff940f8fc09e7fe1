// UART pacing: bytes leave at the device's baud rate, actions run after what precedes them.
#include "sim/transmitter.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using atsim::Clock;

TEST(UartSettings, CharacterTimeFollowsFraming) {
  atsim::UartSettings s;  // 115200 8N1: 10 bits
  EXPECT_NEAR(s.char_time().count(), 86805, 2);
  s.parity = 2;
  s.stop_bits = 3;  // 8E2: 12 bits
  EXPECT_NEAR(s.char_time().count(), 104166, 2);
  s = atsim::UartSettings{9600, 5, 2, 0, 0};  // 5 data, 1.5 stop: 7.5 bits
  EXPECT_NEAR(s.char_time().count(), 781250, 2);
}

TEST(Transmitter, PacesAtTheBaudRateAndRunsActionsInOrder) {
  atsim::EventLoop loop;
  std::string wire;
  Clock::time_point done{};
  atsim::Transmitter tx(
      loop, [&](std::string_view b, const atsim::UartSettings&, bool) { wire.append(b); });
  tx.set_settings(atsim::UartSettings{9600, 8, 1, 0, 0});  // ~1.04 ms per character
  const auto start = Clock::now();
  tx.send(std::string(48, 'x'));  // ~50 ms at 9600
  tx.then([&] {
    done = Clock::now();
    loop.stop();
  });
  loop.after(2s, [&] { loop.stop(1); });  // deadline
  ASSERT_EQ(loop.run(), 0);
  EXPECT_EQ(wire.size(), 48u);
  const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(done - start).count();
  EXPECT_GE(took, 49);
  EXPECT_LE(took, 80);
}
