#include "sim/air/scripted_radio.hpp"

#include <cstdio>

#include "sim/ble/smp.hpp"

namespace atsim::air {

using namespace ble;

ScriptedRadio::ScriptedRadio(EventLoop& loop, Medium& medium, const WorldRadio& w)
    : loop_(loop), medium_(medium), w_(w) {
  if (w_.adv_type == "ind") {
    db_.add_service(Uuid::from16(uuids::gap_service));
    db_.add_characteristic(Uuid::from16(uuids::device_name), prop::read, perm::read,
                           to_bytes(w_.name), 248);
    db_.add_characteristic(Uuid::from16(uuids::appearance), prop::read, perm::read, Bytes{0, 0}, 2);
    db_.add_service(Uuid::from16(uuids::gatt_service));
    db_.add_characteristic(Uuid::from16(uuids::service_changed), prop::indicate, 0,
                           Bytes{0, 0, 0, 0}, 4);
    db_.add_cccd();
    for (const auto& s : w_.services) {
      db_.add_service(s.uuid);
      for (const auto& c : s.characteristics) {
        std::uint16_t p = 0;
        if (c.props & prop::read) p |= perm::read;
        if (c.props & (prop::write | prop::write_no_rsp)) p |= perm::write;
        db_.add_characteristic(c.uuid, c.props, p, c.value, 512);
        if (!c.description.empty()) {
          db_.add_descriptor(Uuid::from16(uuids::user_description), perm::read,
                             to_bytes(c.description));
        }
        if (c.props & (prop::notify | prop::indicate)) db_.add_cccd();
      }
    }
  }
  server_.set_hooks(
      {.read = nullptr,
       .was_read = nullptr,
       .write =
           [this](std::uint16_t handle, const Bytes& value, bool, AttServer::WriteDone done) {
             done(att::Error::none);
             // Echo: a write to a notifying characteristic comes back as a notification.
             if (link_ && h_ && server_.subscribed(*link_, handle, false)) {
               Frame n("PDU");
               n.set("h", *h_).set_hex("att", AttServer::notification(*link_, handle, value));
               send(n);
             }
           },
       .confirmed = nullptr});
  id_ = medium_.attach(w_.address, "scripted", 1, [this](const Frame& f) {
    // Answer after the medium's own work: never re-enter it from inside a delivery.
    loop_.after(Clock::duration::zero(), [this, alive = std::weak_ptr<bool>(alive_), f] {
      if (alive.lock()) receive(f);
    });
  });
  medium_.set_default_rssi(w_.address, w_.rssi);
  medium_.move(w_.address, w_.rssi);
  advertise();
}

ScriptedRadio::~ScriptedRadio() {
  *alive_ = false;
  medium_.detach(id_);
}

void ScriptedRadio::send(const Frame& f) {
  try {
    medium_.handle(id_, f);
  } catch (const BadFrame& e) {
    std::fprintf(stderr, "atsim-air: scripted radio %s: %s: %s\n", w_.address.air_text().c_str(),
                 f.text().c_str(), e.what());
  }
}

void ScriptedRadio::advertise() {
  Frame adv("ADV");
  adv.word("on").set("type", w_.adv_type).set("min", w_.interval).set("max", w_.interval);
  adv.set("own", w_.address.air_text()).set_hex("data", w_.data).set_hex("rsp", w_.rsp);
  send(adv);
}

void ScriptedRadio::receive(const Frame& f) {
  if (f.verb == "CONNECTED") {
    h_ = static_cast<std::uint32_t>(f.integer("h", 1, 0xFFFFFFFF));
    link_ = std::make_shared<AttLink>();
  } else if (f.verb == "DISCONNECTED") {
    h_.reset();
    link_.reset();
    advertise();  // a peripheral goes back to advertising
  } else if (f.verb == "PDU" && h_) {
    if (f.has("smp")) {
      Frame no("PDU");
      no.set("h", *h_).set_hex(
          "smp", smp::encode(smp::PairingFailed{smp::FailReason::pairing_not_supported}));
      return send(no);
    }
    const Bytes pdu = f.bytes("att");
    server_.handle(link_, pdu, [this, h = *h_](Bytes rsp) {
      Frame r("PDU");
      r.set("h", h).set_hex("att", rsp);
      send(r);
    });
  } else if (f.verb == "ENC_REQUEST" && h_) {
    Frame no("ENC_REPLY");
    no.set("h", *h_).set("ok", 0);
    send(no);
  }
}

}  // namespace atsim::air
