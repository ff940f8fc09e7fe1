#include "sim/bluez/air_radio.hpp"

#include <cctype>
#include <cstdio>

#include "sim/ble/bytes.hpp"

namespace atsim::bluez {
namespace {

ble::Address to_air(const RadioAddress& a) {
  auto parsed = ble::parse_address(a.address,
                                   a.random ? ble::AddressType::random : ble::AddressType::public_);
  if (!parsed) throw std::runtime_error("not an address: " + a.address);
  return *parsed;
}

RadioAddress from_air(const ble::Address& a) {
  RadioAddress r;
  r.address = a.text();
  for (auto& c : r.address) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  r.random = a.type == ble::AddressType::random;
  return r;
}

// Connection parameters BlueZ's kernel asks for by default (hci_core: le_conn_min_interval 24,
// le_conn_max_interval 40 in 1.25 ms, latency 0, supervision timeout 420 in 10 ms).
constexpr int kConnMin = 24, kConnMax = 40, kConnLatency = 0, kConnTimeout = 420;
// Discovery's active scan (mgmt start discovery: interval 0x60 = 60 ms, window 0x30 = 30 ms).
constexpr int kScanInterval = 0x60, kScanWindow = 0x30;

ReportKind report_kind(const std::string& evt) {
  if (evt == "ind") return ReportKind::adv_ind;
  if (evt == "direct") return ReportKind::adv_direct_ind;
  if (evt == "scan") return ReportKind::adv_scan_ind;
  if (evt == "scan_rsp") return ReportKind::scan_rsp;
  return ReportKind::adv_nonconn_ind;
}

std::uint8_t hex_byte(const std::string& s) {
  return static_cast<std::uint8_t>(std::stoul(s, nullptr, 16));
}

}  // namespace

AirRadio::AirRadio(EventLoop& loop, Reactor& reactor, const std::string& path,
                   const RadioAddress& own)
    : reactor_(reactor), own_(own) {
  // A host controller holds several links at once (the air refuses connectable advertising
  // when none is free).
  client_ = std::make_unique<air::AirClient>(loop, path, to_air(own), "bluez", 4);
  client_->on_frame = [this](const air::Frame& f) {
    try {
      receive(f);
    } catch (const std::exception& e) {
      if (events_.lost)
        events_.lost(std::string("a frame from the air we cannot use: ") + e.what());
    }
    // The frame's handlers may have sent on the bus: let the loop see it (ble.md §4b.10).
    reactor_.pump();
  };
  client_->on_closed = [this](const std::string& why) {
    if (events_.lost) events_.lost("the air closed: " + why);
    reactor_.pump();
  };
}

void AirRadio::receive(const air::Frame& f) {
  const auto& v = f.verb;
  if (v == "WELCOME") return;
  if (v == "REPORT") {
    if (!events_.report) return;
    AdvertisingReport r;
    r.from = from_air(f.address("from"));
    r.kind = report_kind(f.str("evt"));
    r.rssi = static_cast<int>(f.integer("rssi", -127, 20));
    r.data = f.bytes("data");
    events_.report(r);
  } else if (v == "CONNECTED") {
    if (events_.connected) {
      events_.connected(static_cast<std::uint32_t>(f.integer("h", 1, 0xFFFFFFFF)),
                        from_air(f.address("peer")), f.str("role") == "central");
    }
  } else if (v == "CONNECT_FAIL") {
    if (events_.connect_failed) events_.connect_failed(from_air(f.address("to")), f.str("reason"));
  } else if (v == "DISCONNECTED") {
    if (events_.disconnected) {
      events_.disconnected(static_cast<std::uint32_t>(f.integer("h", 1, 0xFFFFFFFF)),
                           hex_byte(f.str("reason")));
    }
  } else if (v == "PDU") {
    const auto h = static_cast<std::uint32_t>(f.integer("h", 1, 0xFFFFFFFF));
    if (f.has("att") && events_.att) events_.att(h, f.bytes("att"));
    if (f.has("smp") && events_.smp) events_.smp(h, f.bytes("smp"));
  } else if (v == "ENCRYPTED") {
    if (events_.encryption) {
      events_.encryption(static_cast<std::uint32_t>(f.integer("h", 1, 0xFFFFFFFF)),
                         f.integer("ok", 0, 1) == 1);
    }
  } else if (v == "ENC_REQUEST") {
    const auto h = static_cast<std::uint32_t>(f.integer("h", 1, 0xFFFFFFFF));
    if (events_.encrypt_request) {
      events_.encrypt_request(h, f.bytes("ltk"));
    } else {
      encrypt_reply(h, false);
    }
  } else if (v == "ERROR") {
    // A frame of ours the air could not use: a bug here, not a reason to stop.
    std::fprintf(stderr, "atsim-bluez: the air refused a frame: %s\n", f.text().c_str());
  }
  // UPDATED, DATA_LEN_CHANGED, UPDATE_FAIL: nothing BlueZ shows over D-Bus.
}

void AirRadio::scan(bool on, bool active) {
  air::Frame f("SCAN");
  if (!on) {
    f.word("off");
  } else {
    f.word("on")
        .set("type", active ? "active" : "passive")
        .set("int", kScanInterval)
        .set("win", kScanWindow);
  }
  client_->send(f);
}

void AirRadio::advertise(const std::optional<Advertising>& adv) {
  air::Frame f("ADV");
  if (!adv) {
    client_->send(f.word("off"));
    return;
  }
  const char* type = adv->connectable ? "ind" : (adv->scan_response.empty() ? "nonconn" : "scan");
  const auto units = std::max<std::int64_t>(0x20, adv->interval.count() * 1000 / 625);
  f.word("on")
      .set("type", type)
      .set("min", units)
      .set("max", units)
      .set("ch", 7)
      .set_hex("data", adv->data)
      .set_hex("rsp", adv->scan_response);
  client_->send(f);
}

void AirRadio::connect(const RadioAddress& peer, std::chrono::milliseconds timeout) {
  air::Frame f("CONNECT");
  f.set("to", to_air(peer).air_text())
      .set("min", kConnMin)
      .set("max", kConnMax)
      .set("lat", kConnLatency)
      .set("sup", kConnTimeout)
      .set("timeout_ms", timeout.count());
  client_->send(f);
}

void AirRadio::cancel_connect() {
  client_->send(air::Frame("CONNECT_CANCEL"));
}

void AirRadio::disconnect(std::uint32_t link, std::uint8_t reason) {
  air::Frame f("DISCONNECT");
  f.set("h", link).set("reason", reason);
  client_->send(f);
}

void AirRadio::send_att(std::uint32_t link, const Bytes& pdu) {
  air::Frame f("PDU");
  f.set("h", link).set_hex("att", pdu);
  client_->send(f);
}

void AirRadio::send_smp(std::uint32_t link, const Bytes& pdu) {
  air::Frame f("PDU");
  f.set("h", link).set_hex("smp", pdu);
  client_->send(f);
}

void AirRadio::encrypt(std::uint32_t link, const Bytes& ltk) {
  air::Frame f("ENCRYPT");
  f.set("h", link).set_hex("ltk", ltk);
  client_->send(f);
}

void AirRadio::encrypt_reply(std::uint32_t link, bool ok) {
  air::Frame f("ENC_REPLY");
  f.set("h", link).set("ok", ok ? 1 : 0);
  client_->send(f);
}

void QuietRadio::connect(const RadioAddress& peer, std::chrono::milliseconds timeout) {
  connect_timer_ = reactor_.after(timeout, [this, peer] {
    connect_timer_.reset();
    if (events_.connect_failed) events_.connect_failed(peer, "0x02");
  });
}

void QuietRadio::cancel_connect() {
  if (connect_timer_) reactor_.cancel(*connect_timer_);
  connect_timer_.reset();
}

}  // namespace atsim::bluez
