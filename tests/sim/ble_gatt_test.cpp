// The ATT server (sim/ble/att_server) answering exact request bytes, and the GATT client
// procedures (sim/ble/gatt_client) run against it through an in-memory bearer.
#include <gtest/gtest.h>

#include <deque>

#include "sim/ble/att_server.hpp"
#include "sim/ble/gatt_client.hpp"

using namespace atsim::ble;

namespace {

Bytes H(const char* text) {
  return *from_hex(text);
}

// GAP (1..5), GATT (6..9), a 128-bit service (10..), a service including both.
struct Table {
  GattDb db;
  std::uint16_t name, long_value, secret, notify_value, notify_cccd, ind_value, inc_svc;
  Table() {
    db.add_service(Uuid::from16(uuids::gap_service));  // 1
    name = db.add_characteristic(Uuid::from16(uuids::device_name), prop::read, perm::read,
                                 to_bytes("BLE_AT"), 32);  // 2,3
    db.add_characteristic(Uuid::from16(uuids::appearance), prop::read, perm::read,
                          H("0000"));                   // 4,5
    db.add_service(Uuid::from16(uuids::gatt_service));  // 6
    db.add_characteristic(Uuid::from16(uuids::service_changed), prop::indicate, 0,
                          H("0100ffff"));                                                  // 7,8
    db.add_cccd();                                                                         // 9
    const auto s128 = db.add_service(*Uuid::parse("0xED2B4E3A2820492F9507DF165285E831"));  // 10
    long_value = db.add_characteristic(Uuid::from16(0xC301), prop::read | prop::write,
                                       perm::read | perm::write, Bytes(60, 0x41), 512);  // 11,12
    db.add_descriptor(Uuid::from16(uuids::user_description), perm::read, to_bytes("long"));  // 13
    secret = db.add_characteristic(Uuid::from16(0xC302), prop::read, perm::read_encrypted,
                                   H("99"));  // 14,15
    notify_value =
        db.add_characteristic(Uuid::from16(0xC305), prop::notify, perm::read, H("30"));  // 16,17
    notify_cccd = db.add_cccd();                                                         // 18
    ind_value =
        db.add_characteristic(Uuid::from16(0xC306), prop::indicate, perm::read, H("30"));  // 19,20
    db.add_cccd();                                                                         // 21
    inc_svc = db.add_service(Uuid::from16(0xA003));                                        // 22
    db.add_include(s128);                                                                  // 23
    db.add_include(1);                                                                     // 24
  }
};

// A client and a server joined back to back; PDUs wait in queues until pump() moves them,
// as a link would between connection events.
struct Bearer {
  Table t;
  AttServer server{t.db, 517};
  std::shared_ptr<AttLink> link = std::make_shared<AttLink>();
  std::deque<Bytes> to_server, to_client;
  GattClient client{[this](Bytes b) { to_server.push_back(std::move(b)); }};
  void pump() {
    for (int guard = 0; guard < 1000 && (!to_server.empty() || !to_client.empty()); ++guard) {
      while (!to_server.empty()) {
        Bytes b = std::move(to_server.front());
        to_server.pop_front();
        server.handle(link, b, [this](Bytes r) { to_client.push_back(std::move(r)); });
      }
      while (!to_client.empty()) {
        Bytes b = std::move(to_client.front());
        to_client.pop_front();
        client.on_pdu(b);
      }
    }
  }
  Bytes ask(const Bytes& req) {
    Bytes out;
    server.handle(link, req, [&](Bytes r) { out = std::move(r); });
    return out;
  }
};

}  // namespace

TEST(BleAttServer, AnswersDiscoveryRequestsByteForByte) {
  Bearer b;
  // Primary services from 1 at MTU 23: GAP and GATT fit (6-byte entries), the 128-bit one
  // has another size and waits for the next request.
  EXPECT_EQ(hex(b.ask(H("100100ffff0028"))),
            "110601000500001806000900"
            "0118");
  EXPECT_EQ(hex(b.ask(H("100a00ffff0028"))),
            "11140a001500"
            "31e8855216df07952f4920283a4e2bed");
  EXPECT_EQ(hex(b.ask(H("101900ffff0028"))), "011019000a");  // past the end: Not Found
  // Characteristic declarations in GAP: two of 7 bytes each.
  EXPECT_EQ(hex(b.ask(H("0801000500"
                        "0328"))),
            "09070200020300002a0400020500012a");
  // Descriptors of the notify characteristic.
  EXPECT_EQ(hex(b.ask(H("0412001200"))),
            "0501120002"
            "29");
  // Find By Type Value: where is the 0x1801 service?
  EXPECT_EQ(hex(b.ask(H("060100ffff00280118"))), "0706000900");
  // Bad ranges and unsupported group types.
  EXPECT_EQ(hex(b.ask(H("040500010"
                        "0"))),
            "0104050001");
  EXPECT_EQ(hex(b.ask(H("100100ffff0328"))), "0110010010");
  EXPECT_EQ(hex(b.ask(H("3000"))), "0130000006");  // unknown request
  EXPECT_EQ(hex(b.ask(H("0a01"))), "010a000004");  // malformed Read
  EXPECT_EQ(b.ask(H("7f00")).size(), 0u);          // unknown command (bit 6): dropped
}

TEST(BleAttServer, ReadsLongValuesAndEnforcesPermissions) {
  Bearer b;
  EXPECT_EQ(hex(b.ask(H("0a0300"))), "0b" + hex(to_bytes("BLE_AT")));
  // 60 bytes at MTU 23: Read gives 22, Read Blob goes on from the offset.
  EXPECT_EQ(b.ask(H("0a0c00")).size(), 23u);
  EXPECT_EQ(hex(b.ask(H("0c0c003200"))), "0d" + hex(Bytes(10, 0x41)));  // offset 50 of 60
  EXPECT_EQ(hex(b.ask(H("0c0c003d00"))), "010c0c0007");                 // offset past the end
  // Encryption required: no keys -> Insufficient Authentication; bonded -> Encryption.
  EXPECT_EQ(hex(b.ask(H("0a0f00"))), "010a0f0005");
  b.link->security.bonded = true;
  EXPECT_EQ(hex(b.ask(H("0a0f00"))), "010a0f000f");
  b.link->security.encrypted = true;
  EXPECT_EQ(hex(b.ask(H("0a0f00"))), "0b99");
  // Writes: not permitted, too long, CCCD value length, then a good one.
  EXPECT_EQ(hex(b.ask(H("12030031"))), "0112030003");
  EXPECT_EQ(hex(b.ask(H("1212000100"
                        "00"))),
            "011212000d");
  EXPECT_EQ(hex(b.ask(H("1212000100"))), "13");
  EXPECT_TRUE(b.server.subscribed(*b.link, b.t.notify_value, false));
  EXPECT_FALSE(b.server.subscribed(*b.link, b.t.notify_value, true));
  EXPECT_EQ(hex(b.ask(H("0a1200"))), "0b0100");  // the CCCD reads back per link
  // MTU exchange: the smaller of both.
  EXPECT_EQ(hex(b.ask(H("02c800"))), "030502");
  EXPECT_EQ(b.link->mtu, 200);
  // A stopped (hidden) service is gone from the air.
  b.t.db.set_hidden(b.t.db.services()[2], true);
  EXPECT_EQ(hex(b.ask(H("0a0c00"))), "010a0c0001");
}

TEST(BleAttServer, AsyncHooksAnswerLater) {
  Bearer b;
  AttServer::ReadDone pending_read;
  AttServer::WriteDone pending_write;
  std::vector<std::uint16_t> reads;
  b.server.set_hooks({
      .read = [&](std::uint16_t, std::uint16_t,
                  AttServer::ReadDone d) { pending_read = std::move(d); },
      .was_read = [&](std::uint16_t h) { reads.push_back(h); },
      .write = [&](std::uint16_t, const Bytes&, bool,
                   AttServer::WriteDone d) { pending_write = std::move(d); },
      .confirmed = nullptr,
  });
  Bytes answer;
  b.server.handle(b.link, H("0a0300"), [&](Bytes r) { answer = std::move(r); });
  EXPECT_TRUE(answer.empty());
  pending_read(att::Error::none, to_bytes("late"));
  EXPECT_EQ(to_string(answer), "\x0blate");
  EXPECT_EQ(reads, std::vector<std::uint16_t>{3});
  b.server.handle(b.link, H("120c004242"), [&](Bytes r) { answer = std::move(r); });
  pending_write(att::Error::write_not_permitted);
  EXPECT_EQ(hex(answer), "01120c0003");
  EXPECT_EQ(b.t.db.find(b.t.long_value)->value.size(), 60u);  // refused: unchanged
  // The link went away before the answer: nothing breaks.
  b.server.handle(b.link, H("1212000100"), [&](Bytes r) { answer = std::move(r); });
  b.link.reset();
  pending_write(att::Error::none);
  EXPECT_EQ(hex(answer), "13");
}

TEST(BleGattClient, DiscoversEverythingAndReadsLongValues) {
  Bearer b;
  std::vector<RemoteService> services;
  b.client.discover_primary_services([&](Status s, std::vector<RemoteService> v) {
    EXPECT_TRUE(s.ok());
    services = std::move(v);
  });
  b.pump();
  ASSERT_EQ(services.size(), 4u);
  EXPECT_EQ(services[0].uuid, Uuid::from16(0x1800));
  EXPECT_EQ(services[2].uuid.at_text(), "0xED2B4E3A2820492F9507DF165285E831");
  EXPECT_EQ(services[2].start, 10);
  EXPECT_EQ(services[2].end, 21);

  std::vector<RemoteCharacteristic> chars;
  b.client.discover_characteristics(10, 21, [&](Status s, auto v) {
    EXPECT_TRUE(s.ok());
    chars = std::move(v);
  });
  std::vector<RemoteDescriptor> descs;
  b.client.discover_descriptors(17, 18, [&](Status s, auto v) {
    EXPECT_TRUE(s.ok());
    descs = std::move(v);
  });
  std::vector<RemoteInclude> incs;
  b.client.find_included_services(22, 24, [&](Status s, auto v) {
    EXPECT_TRUE(s.ok());
    incs = std::move(v);
  });
  Bytes long_value;
  b.client.read(b.t.long_value, [&](Status s, Bytes v) {
    EXPECT_TRUE(s.ok());
    long_value = std::move(v);
  });
  Status secret;
  b.client.read(b.t.secret, [&](Status s, Bytes) { secret = s; });
  b.pump();
  ASSERT_EQ(chars.size(), 4u);
  EXPECT_EQ(chars[0].uuid, Uuid::from16(0xC301));
  EXPECT_EQ(chars[0].props, prop::read | prop::write);
  EXPECT_EQ(chars[2].value, b.t.notify_value);
  ASSERT_EQ(descs.size(), 2u);
  EXPECT_EQ(descs[1].uuid, Uuid::from16(uuids::cccd));
  ASSERT_EQ(incs.size(), 2u);
  EXPECT_EQ(incs[0].uuid.at_text(), "0xED2B4E3A2820492F9507DF165285E831");  // read separately
  EXPECT_EQ(incs[1].uuid, Uuid::from16(0x1800));
  EXPECT_EQ(long_value, Bytes(60, 0x41));
  EXPECT_EQ(secret.kind, Status::Kind::att_error);
  EXPECT_EQ(secret.error, att::Error::insufficient_authentication);
}

TEST(BleGattClient, WritesSubscribesAndConfirmsIndications) {
  Bearer b;
  int confirmations = 0;
  b.server.set_hooks({.read = nullptr, .was_read = nullptr, .write = nullptr, .confirmed = [&] {
                        ++confirmations;
                      }});
  std::uint16_t mtu = 0;
  b.client.exchange_mtu(100, [&](Status s, std::uint16_t m) {
    EXPECT_TRUE(s.ok());
    mtu = m;
  });
  Status w1, w2;
  b.client.write(b.t.ind_value + 1, H("0200"), true, [&](Status s) { w1 = s; });
  b.client.write(b.t.name, H("41"), true, [&](Status s) { w2 = s; });
  b.pump();
  EXPECT_EQ(mtu, 100);
  EXPECT_EQ(b.link->mtu, 100);
  EXPECT_TRUE(w1.ok());
  EXPECT_EQ(w2.error, att::Error::write_not_permitted);
  ASSERT_TRUE(b.server.subscribed(*b.link, b.t.ind_value, true));

  std::vector<std::pair<std::uint16_t, Bytes>> got;
  b.client.on_value = [&](std::uint16_t h, const Bytes& v, bool ind) {
    EXPECT_TRUE(ind);
    got.emplace_back(h, v);
  };
  b.to_client.push_back(AttServer::indication(*b.link, b.t.ind_value, H("313233")));
  b.pump();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].second, H("313233"));
  EXPECT_EQ(confirmations, 1);
  // Notifications are cut to MTU-3.
  EXPECT_EQ(AttServer::notification(*b.link, 16, Bytes(200, 1)).size(), 3u + 97u);
}

TEST(BleGattClient, AbortEndsEveryProcedureOnce) {
  Bearer b;
  int ended = 0;
  b.client.discover_primary_services([&](Status s, auto) {
    EXPECT_EQ(s.kind, Status::Kind::link_lost);
    ++ended;
    // A callback that queues more: that one ends too.
    b.client.read(3, [&](Status s2, Bytes) {
      EXPECT_EQ(s2.kind, Status::Kind::link_lost);
      ++ended;
    });
  });
  b.client.read(3, [&](Status s, Bytes) {
    EXPECT_EQ(s.kind, Status::Kind::link_lost);
    ++ended;
  });
  b.client.abort();
  EXPECT_EQ(ended, 3);
  b.pump();  // the answer to the first request arrives late: ignored
  EXPECT_EQ(ended, 3);
}
