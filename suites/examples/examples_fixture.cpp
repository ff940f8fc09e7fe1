#include "suites/examples/examples_fixture.hpp"

namespace atc::examples {

void Examples::softap_station_mode() {
  Response q = dut().command("AT+CWMODE?");
  auto v = q.values("CWMODE");
  const std::string before = v.empty() ? "1" : v.front();
  on_teardown("AT+CWMODE=" + before, [this, before] {
    dut().command("AT+CWMODE=" + before);
    // Stopping the SoftAP disconnects its stations: let their URCs come before the next test.
    dut().wait_quiet(Millis{300}, Millis{2000});
    dut().clear_urcs();
  });
  EXPECT_TRUE(is_ok(dut().command("AT+CWMODE=3"))) << "§9: AT+CWMODE=3 // SoftAP+Station mode";
}

}  // namespace atc::examples
