// atsim-bluez's device lifecycle on the simulated air, as BlueZ 5.66 has it: devices found by
// discovery are temporary and go TemporaryTimeout after they were last seen (non-connectable
// ones at once when discovery stops); a device whose services were resolved stays; RemoveDevice
// of a connected device disconnects it first. The BLE peer fixture is the client here.
#include <gtest/gtest.h>

#include "fixtures/ble_peer.hpp"
#include "tests/fixtures/ble_test_processes.hpp"

namespace {

using namespace std::chrono_literals;
using atc::fixtures::BleEvent;
using atc::fixtures::BlePeer;
using atc::fixtures::deadline_in;
using atc::test::Clock;
using atc::test::PrivateBus;
using atc::test::SimAir;
using atc::test::SimBluez;

const char* const kWorld = R"(
  <radio addr="24:0a:c4:02:10:0e" type="public" adv="nonconn" interval="80" data="020106"/>
  <radio addr="c6:55:44:33:22:11" type="random" name="gap-name" adv="ind" interval="80"
         data="020106">
    <service uuid="0xFFE0"><characteristic uuid="0xFFE1" props="read" value="30"/></service>
  </radio>)";
const char* const kBeacon = "24:0A:C4:02:10:0E";
const char* const kPeripheral = "C6:55:44:33:22:11";

class AtsimBluezDevices : public ::testing::Test {
 protected:
  PrivateBus bus;
  SimAir air{bus, kWorld};
  SimBluez bluez{bus, &air, {.extra = {"--temporary-timeout-s", "1"}}};
  BlePeer peer{"hci0", bus.address()};

  std::optional<BleEvent> removed(const char* address, std::size_t from,
                                  std::chrono::milliseconds within) {
    std::string path = std::string("/org/bluez/hci0/dev_") + address;
    std::replace(path.begin(), path.end(), ':', '_');
    return peer.wait_event(
        [&](const BleEvent& e) {
          return e.kind == BleEvent::Kind::object_removed && e.path == path;
        },
        deadline_in(within), from);
  }
};

TEST_F(AtsimBluezDevices, ADeviceStillAdvertisingOutlivesTheTemporaryTimeout) {
  peer.start_discovery();
  ASSERT_TRUE(peer.wait_device(kBeacon, deadline_in(5s)));
  const auto mark = peer.event_mark();
  // Heard every 50 ms, so its 1 s timer keeps restarting.
  EXPECT_FALSE(removed(kBeacon, mark, 2500ms));
  EXPECT_TRUE(peer.device(kBeacon));
}

TEST_F(AtsimBluezDevices, WhenDiscoveryStopsNonConnectableDevicesGoAtOnceTheOthersLater) {
  peer.start_discovery();
  ASSERT_TRUE(peer.wait_device(kBeacon, deadline_in(5s)));
  ASSERT_TRUE(peer.wait_device(kPeripheral, deadline_in(5s)));
  const auto mark = peer.event_mark();
  const auto stopped = Clock::now();
  peer.stop_discovery();
  const auto beacon = removed(kBeacon, mark, 1s);
  ASSERT_TRUE(beacon) << peer.timeline(mark);
  EXPECT_LT(beacon->at - stopped, 500ms) << "discovery_cleanup removes it";
  // RSSI is invalidated for what discovery found.
  EXPECT_TRUE(peer.wait_event([](const BleEvent& e) { return e.name == "RSSI" && e.value.empty(); },
                              deadline_in(1s), mark));
  const auto connectable = removed(kPeripheral, mark, 3s);
  ASSERT_TRUE(connectable) << peer.timeline(mark);
  EXPECT_GE(connectable->at - stopped, 700ms) << "TemporaryTimeout (1 s here) after last seen";
}

TEST_F(AtsimBluezDevices, ADeviceWhoseServicesWereResolvedIsKept) {
  peer.start_discovery();
  ASSERT_TRUE(peer.wait_device(kPeripheral, deadline_in(5s)));
  ASSERT_TRUE(peer.connect(kPeripheral, deadline_in(5s)));
  ASSERT_TRUE(peer.wait_services_resolved(kPeripheral, deadline_in(5s)));
  ASSERT_TRUE(peer.disconnect(kPeripheral, deadline_in(5s)));
  peer.stop_discovery();
  const auto mark = peer.event_mark();
  EXPECT_FALSE(removed(kPeripheral, mark, 2s)) << "no longer temporary";
}

TEST_F(AtsimBluezDevices, RemoveDeviceDisconnectsAConnectedDeviceFirst) {
  peer.start_discovery();
  ASSERT_TRUE(peer.wait_device(kPeripheral, deadline_in(5s)));
  ASSERT_TRUE(peer.connect(kPeripheral, deadline_in(5s)));
  const auto mark = peer.event_mark();
  EXPECT_TRUE(peer.remove_device(kPeripheral, deadline_in(5s)));
  const auto disconnected =
      peer.wait_event([](const BleEvent& e) { return e.name == "Connected" && e.value == "false"; },
                      deadline_in(1s), mark);
  const auto gone = removed(kPeripheral, mark, 1s);
  ASSERT_TRUE(disconnected) << peer.timeline(mark);
  ASSERT_TRUE(gone);
  EXPECT_LE(disconnected->seq, gone->seq);
}

}  // namespace
