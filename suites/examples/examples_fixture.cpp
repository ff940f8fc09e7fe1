#include "suites/examples/examples_fixture.hpp"

namespace atc::examples {

void Examples::softap_station_mode() {
  Response q = dut().command("AT+CWMODE?");
  auto v = q.values("CWMODE");
  if (!q.ok() || v.size() != 1) {
    // The mode to put back is unknown: the Wi-Fi mode query misbehaved (esp32 §4.2.1).
    failed_clause(clause_of("4.2.1"));
    ADD_FAILURE() << response_failure(q, "AT+CWMODE? did not report one +CWMODE:<mode>").message();
    return;
  }
  const std::string before = v.front();
  on_teardown("AT+CWMODE=" + before, [this, before] {
    dut().command("AT+CWMODE=" + before);
    // Stopping the SoftAP disconnects its stations: let their URCs come before the next test.
    dut().wait_quiet(Millis{300}, Millis{2000});
    dut().clear_urcs();
  });
  EXPECT_TRUE(is_ok(dut().command("AT+CWMODE=3"))) << "§9: AT+CWMODE=3 // SoftAP+Station mode";
}

}  // namespace atc::examples
