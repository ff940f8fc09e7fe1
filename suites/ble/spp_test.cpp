// esp32 §6.2.29 AT+BLESPPCFG and §6.2.30 AT+BLESPP: UART-BLE passthrough on the DUT's server,
// the central (the peer) subscribed to the tx characteristic and writing the rx one. Per-packet
// timing is taken from the peer's arrival times; the air's ground truth, where there is one,
// only says how much of that is the host's own delay (docs/contracts/ble.md, SPP).
#include <algorithm>
#include <numeric>

#include "suites/ble/ble_fixture.hpp"

namespace atc::ble {

namespace {

using namespace std::chrono_literals;

// A written byte that takes longer than this to reach the peer is not passed through: the
// document gives no timing for BLE SPP, so only "it flows" is judged (the figures are measured).
constexpr Millis kSppDeadline{1000};

double ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

ATC_TEST(Ble, BlesppcfgChecksTheCharacteristics,
         {.purpose = "Ensure that AT+BLESPPCFG=1,<tx_srv>,<tx_char>,<rx_srv>,<rx_char> on a "
                     "server is OK for a notify or indicate tx and a writable rx, =0 clears it, "
                     "and that fewer indexes, an unknown enable, a tx without notify or indicate, "
                     "an rx without write or a service that does not exist is answered ERROR",
          .clauses = {"esp32 §6.2.29"},
          .features = {"ble", "ble-spp"}}) {
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEGATTSSRVCRE")));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEGATTSSRVSTART")));
  auto ntf = table_char("c305"), ind = table_char("c306"), wr = table_char("c304"),
       ro = table_char("c300");
  ASSERT_TRUE(ntf && ind && wr && ro);
  auto cfg = [](const support::LocalChar& tx, const support::LocalChar& rx) {
    return "AT+BLESPPCFG=1," + std::to_string(tx.srv) + "," + std::to_string(tx.chr) + "," +
           std::to_string(rx.srv) + "," + std::to_string(rx.chr);
  };
  EXPECT_TRUE(is_ok(dut().command(cfg(*ntf, *wr)))) << "notify tx, write rx";
  EXPECT_TRUE(is_ok(dut().command(cfg(*ind, *wr)))) << "indicate tx, write rx";
  EXPECT_TRUE(is_ok(dut().command("AT+BLESPPCFG=0")));
  const std::string tx = std::to_string(ind->srv) + "," + std::to_string(ind->chr);
  expect_error({"AT+BLESPPCFG=1," + tx, "AT+BLESPPCFG=1," + tx + ",1",
                "AT+BLESPPCFG=2," + tx + ",1,5",
                cfg(*ro, *wr),   // tx can neither notify nor indicate
                cfg(*ind, *ro),  // rx cannot be written
                "AT+BLESPPCFG=1,99," + std::to_string(ind->chr) + ",1," + std::to_string(wr->chr),
                "AT+BLESPPCFG=x", "AT+BLESPPCFG", "AT+BLESPPCFG?"});
}

ATC_TEST(Ble, BlesppcfgIsClearedByBleShutdownAndTheLastOneCounts,
         {.purpose = "Ensure that the SPP configuration is gone after AT+BLEINIT=0 (AT+BLESPP is "
                     "then ERROR), and that of two AT+BLESPPCFG the last one counts: the bytes "
                     "go out on the tx characteristic it named",
          .clauses = {"esp32 §6.2.29"},
          .features = {"ble", "ble-gatts", "ble-spp"},
          .pixit = {"ble"}}) {
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEGATTSSRVCRE")));
  auto ntf = table_char("c305"), ind = table_char("c306"), wr = table_char("c304");
  ASSERT_TRUE(ntf && ind && wr);
  auto cfg = [](const support::LocalChar& tx, const support::LocalChar& rx) {
    return "AT+BLESPPCFG=1," + std::to_string(tx.srv) + "," + std::to_string(tx.chr) + "," +
           std::to_string(rx.srv) + "," + std::to_string(rx.chr);
  };
  ASSERT_TRUE(is_ok(dut().command(cfg(*ntf, *wr))));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEINIT=0")));
  auto c = subscribed("c305");
  ASSERT_TRUE(c);
  ASSERT_TRUE(peer().start_notify(address(), {kTableService, "c306"}, connect_deadline()).ok);
  take_ccc_write();
  Response spp = enter_spp();
  if (spp.final == Final::prompt) {
    dut().exit_passthrough();
    ADD_FAILURE() << "AT+BLESPP entered SPP with the configuration AT+BLEINIT=0 should clear";
  } else {
    EXPECT_TRUE(is_error(spp));
  }
  ASSERT_TRUE(is_ok(dut().command(cfg(*ind, *wr))));
  ASSERT_TRUE(is_ok(dut().command(cfg(*ntf, *wr))));  // this one counts
  const auto from = peer().event_mark();
  ASSERT_EQ(enter_spp().final, Final::prompt);
  dut().write_raw("last");
  const auto got = peer().wait_notifications(address(), {kTableService, "c305"}, 1,
                                             fixtures::deadline_in(kSppDeadline), from);
  dut().exit_passthrough();
  ASSERT_EQ(got.size(), 1u) << "nothing on C305, the tx of the last AT+BLESPPCFG\n"
                            << peer_timeline();
  EXPECT_EQ(support::text_of(got[0].value), "last");
  EXPECT_TRUE(peer().notifications(address(), {kTableService, "c306"}, from).empty())
      << "bytes went out on the earlier configuration's tx (C306)";
  EXPECT_TRUE(is_ok(dut().command("AT")));
}

ATC_TEST(Ble, BlesppPassesBytesBothWays,
         {.purpose = "Ensure that after AT+BLESPP (OK, then the prompt) bytes written to the UART "
                     "reach the subscribed central as notifications of the tx characteristic, in "
                     "order and whole, bytes the central writes to the rx characteristic come "
                     "out on the UART raw, and a lone +++ returns to command mode",
          .clauses = {"esp32 §6.2.30"},
          .features = {"ble", "ble-gatts", "ble-spp"},
          .pixit = {"ble"}}) {
  auto tx = subscribed("c305");
  ASSERT_TRUE(tx);
  auto rx = table_char("c304");
  ASSERT_TRUE(rx);
  ASSERT_TRUE(is_ok(dut().command("AT+BLESPPCFG=1," + std::to_string(tx->srv) + "," +
                                  std::to_string(tx->chr) + "," + std::to_string(rx->srv) + "," +
                                  std::to_string(rx->chr))));
  const fixtures::BleAttribute txa{kTableService, "c305"};
  Response spp = enter_spp();
  ASSERT_EQ(spp.final, Final::prompt) << spp.describe() << "\n" << spp.tail;
  on_teardown("leave SPP", [this] {
    if (dut().in_passthrough()) dut().exit_passthrough();
  });

  // Short writes, one at a time: how long a byte takes to reach the peer.
  std::vector<double> latency;
  std::vector<fixtures::BleNotification> seen;
  for (int round = 0; round < 5; ++round) {
    const std::string data = "spp round " + std::to_string(round) + " 0123456";
    const auto from = peer().event_mark();
    const auto written = Clock::now();
    dut().write_raw(data);
    std::string got;
    std::vector<fixtures::BleNotification> n;
    for (std::size_t count = 1; got.size() < data.size(); ++count) {
      n = peer().wait_notifications(address(), txa, count, written + kSppDeadline, from);
      if (n.size() < count) break;
      got.clear();
      for (const auto& x : n) got += support::text_of(x.value);
    }
    ASSERT_EQ(got, data) << "round " << round << ": the peer received " << got.size() << " of "
                         << data.size() << " bytes within " << kSppDeadline.count() << " ms\n"
                         << peer_timeline();
    latency.push_back(ms(n.back().at - written));
    seen.insert(seen.end(), n.begin(), n.end());
  }
  measure("spp_latency_median_ms", median(latency), "ms");
  measure("spp_latency_max_ms", *std::max_element(latency.begin(), latency.end()), "ms");

  // A burst: every byte, in order, in packets no longer than one notification carries.
  std::string burst;
  for (int i = 0; i < 2000; ++i) burst += static_cast<char>('a' + i % 26);
  const auto from = peer().event_mark();
  const auto written = Clock::now();
  dut().write_raw(burst);
  std::string got;
  std::vector<fixtures::BleNotification> n;
  const auto deadline = written + 10 * kSppDeadline;
  while (got.size() < burst.size()) {
    n = peer().wait_notifications(address(), txa, n.size() + 1, deadline, from);
    got.clear();
    for (const auto& x : n) got += support::text_of(x.value);
    if (Clock::now() >= deadline) break;
  }
  ASSERT_EQ(got.size(), burst.size()) << "of a 2000-byte burst";
  EXPECT_EQ(got, burst) << "the burst arrived out of order or changed";
  measure("spp_burst_packets", static_cast<double>(n.size()), "notifications");
  measure("spp_burst_Bps", burst.size() / std::max(1e-3, ms(n.back().at - written) / 1000.0),
          "B/s");
  if (n.size() > 1) {
    std::vector<double> gaps;
    for (std::size_t i = 1; i < n.size(); ++i) gaps.push_back(ms(n[i].at - n[i - 1].at));
    measure("spp_burst_gap_median_ms", median(gaps), "ms");
  }
  seen.insert(seen.end(), n.begin(), n.end());

  // Calibration: where the air's ground truth exists, how long the host took after the air.
  if (rig().ble->simulated()) {
    std::vector<double> host;
    const auto pdus = truth().frames("PDU", address(), written - 10s);
    for (const auto& s : seen) {
      for (const auto& f : pdus) {
        const std::string* att = f.field("att");
        if (att && att->size() > 6 && att->rfind("1b", 0) == 0 &&
            att->substr(6) == support::to_hex(s.value)) {
          host.push_back(ms(s.at - f.at));
          break;
        }
      }
    }
    if (!host.empty()) measure("spp_host_delay_median_ms", median(host), "ms");
  }

  // The central writes: raw bytes on the UART.
  const std::string in = "from the peer\r\n+++ inside data\r\n";
  const auto w = peer().write(address(), {kTableService, "c304"}, support::bytes_of(in),
                              fixtures::BleWriteType::request, connect_deadline());
  ASSERT_TRUE(w.ok) << w.describe();
  EXPECT_EQ(dut().take_raw(in.size(), kSppDeadline), in);

  dut().exit_passthrough();
  EXPECT_TRUE(is_ok(dut().command("AT"))) << "+++ alone returns to command mode";
}

ATC_TEST(Ble, BlesppIsRefusedWithoutItsPreconditions,
         {.purpose = "Ensure that AT+BLESPP is answered ERROR without a configuration, without a "
                     "connection, in multiple-connection mode and while advertising other than "
                     "ADV_TYPE_NONCONN_IND, and enters SPP while advertising non-connectably",
          .clauses = {"esp32 §6.2.30"},
          .features = {"ble", "ble-gatts", "ble-spp"},
          .pixit = {"ble"}}) {
  auto spp_refused = [this](const std::string& why) {
    Response r = enter_spp();
    if (r.final == Final::prompt) {
      dut().exit_passthrough();
      ADD_FAILURE() << "AT+BLESPP entered SPP " << why;
      return;
    }
    EXPECT_TRUE(is_error(r)) << why;
  };
  ASSERT_TRUE(init(kBleServer));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEGATTSSRVCRE")));
  ASSERT_TRUE(is_ok(dut().command("AT+BLEGATTSSRVSTART")));
  spp_refused("without a configuration");
  auto tx = table_char("c305"), rx = table_char("c304");
  ASSERT_TRUE(tx && rx);
  ASSERT_TRUE(is_ok(dut().command("AT+BLESPPCFG=1," + std::to_string(tx->srv) + "," +
                                  std::to_string(tx->chr) + "," + std::to_string(rx->srv) + "," +
                                  std::to_string(rx->chr))));
  spp_refused("without a connection");
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  ASSERT_TRUE(peer_connects());
  ASSERT_TRUE(peer().start_notify(address(), {kTableService, "c305"}, connect_deadline()).ok);
  take_ccc_write();

  on_teardown("single connection", [this] { dut().command("AT+CIPMUX=0"); });
  ASSERT_TRUE(is_ok(dut().command("AT+CIPMUX=1")));
  spp_refused("with AT+CIPMUX=1");
  ASSERT_TRUE(is_ok(dut().command("AT+CIPMUX=0")));

  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVPARAM=32,64,2,0,7")));  // ADV_TYPE_SCAN_IND
  if (Response adv = dut().command("AT+BLEADVSTART"); adv.ok()) {
    spp_refused("while advertising ADV_TYPE_SCAN_IND");
    ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTOP")));
  } else {
    observe("scannable_advertising_while_connected", adv.describe());
  }
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVPARAM=32,64,3,0,7")));  // ADV_TYPE_NONCONN_IND
  ASSERT_TRUE(is_ok(dut().command("AT+BLEADVSTART")));
  Response ok = enter_spp();
  EXPECT_EQ(ok.final, Final::prompt)
      << "AT+BLESPP while advertising ADV_TYPE_NONCONN_IND \"will be enabled successfully\": "
      << ok.describe();
  if (ok.final == Final::prompt) dut().exit_passthrough();
  EXPECT_TRUE(is_ok(dut().command("AT+BLEADVSTOP")));
}

ATC_TEST(Ble, PlusesInsideDataStayData,
         {.purpose = "Ensure that in BLE SPP a +++ inside a stream of data (not a packet of its "
                     "own) is passed through as data and SPP goes on",
          .clauses = {"esp32 §6.2.30"},
          .features = {"ble", "ble-gatts", "ble-spp"},
          .pixit = {"ble"}}) {
  auto tx = subscribed("c305");
  auto rx = table_char("c304");
  ASSERT_TRUE(tx && rx);
  ASSERT_TRUE(is_ok(dut().command("AT+BLESPPCFG=1," + std::to_string(tx->srv) + "," +
                                  std::to_string(tx->chr) + "," + std::to_string(rx->srv) + "," +
                                  std::to_string(rx->chr))));
  ASSERT_EQ(enter_spp().final, Final::prompt);
  on_teardown("leave SPP", [this] {
    if (dut().in_passthrough()) dut().exit_passthrough();
  });
  const fixtures::BleAttribute txa{kTableService, "c305"};
  auto send_and_collect = [&](const std::string& data) {
    const auto from = peer().event_mark();
    const auto written = Clock::now();
    dut().write_raw(data);
    std::string got;
    for (std::size_t count = 1; got.size() < data.size(); ++count) {
      auto n = peer().wait_notifications(address(), txa, count, written + kSppDeadline, from);
      if (n.size() < count) break;
      got.clear();
      for (const auto& x : n) got += support::text_of(x.value);
    }
    return got;
  };
  EXPECT_EQ(send_and_collect("ab+++cd"), "ab+++cd") << "+++ inside data is data";
  EXPECT_EQ(send_and_collect("still in spp"), "still in spp") << "SPP ended at a +++ inside data";
  dut().exit_passthrough();
  EXPECT_TRUE(is_ok(dut().command("AT")));
}

}  // namespace atc::ble
