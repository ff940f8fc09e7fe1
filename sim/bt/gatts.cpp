// The GATT server on the link: the ble_data services' messages (+READ, +WRITE, §8 and
// §9.5.2.1), the indication's confirmation, and what a link's coming and going resets.
#include "sim/bt/chapter.hpp"
#include "sim/bt/controller.hpp"
#include "sim/bt/link_events.hpp"
#include "sim/bt/local_index.hpp"
#include "sim/device.hpp"

namespace atsim::bt {

using namespace ble;

void install_server_hooks(Device& d) {
  Radio& r = *ble(d).radio;
  r.server->set_hooks({
      .read = nullptr,
      .was_read =
          [&d](std::uint16_t handle) {
            Radio* x = ble(d).radio.get();
            // Bluedroid answers GAP and GATT itself; the AT application hears only its table.
            if (!x || !x->conn || !locate(*x, handle) || d.has(Defect::read_urc_missing)) return;
            d.info("+READ:0," + quoted(x->conn->peer));
          },
      .write =
          [&d](std::uint16_t handle, const Bytes& value, bool, AttServer::WriteDone done) {
            done(att::Error::none);
            Radio* x = ble(d).radio.get();
            if (!x || !x->conn) return;
            auto where = locate(*x, handle);
            if (!where) return;
            if (on_spp_write(d, *where, value)) return;  // SPP's rx: raw on the UART instead
            if (d.has(Defect::write_urc_missing)) return;
            // The value raw, as real firmware prints it; <desc_index> empty for a value write.
            const std::string desc = where->desc ? std::to_string(where->desc) : "";
            d.send("+WRITE:0," + std::to_string(where->srv) + "," + std::to_string(where->chr) +
                   "," + desc + "," + std::to_string(value.size()) + "," + to_string(value) +
                   "\r\n");
          },
      .confirmed =
          [&d] {
            if (Radio* x = ble(d).radio.get()) x->indication_pending = false;
          },
  });
}

void on_link_up(Device& d) {
  Radio& r = *ble(d).radio;
  // SPP restoring its link comes back to the same server: what was discovered still holds.
  if (!r.in_spp) r.remote = RemoteTable{};
  r.conn->gattc->on_value = [&d](std::uint16_t handle, const Bytes& value, bool indication) {
    on_remote_value(d, handle, value, indication);
  };
}

void on_link_down(Device& d, const Address& peer) {
  Radio& r = *ble(d).radio;
  if (!r.in_spp) r.remote = RemoteTable{};
  r.indication_pending = false;
  on_spp_link_down(d, peer);
}

void clear_gatt(Device&) {
  // Everything GATT lives in the Radio, which AT+BLEINIT=0 has just taken down.
}

std::optional<LocalIndex> locate(const Radio& r, std::uint16_t handle) {
  for (std::size_t s = 0; s < r.services.size(); ++s) {
    const auto& svc = r.services[s];
    if (handle < svc.info.start || handle > svc.info.end) continue;
    for (std::size_t c = 0; c < svc.characteristics.size(); ++c) {
      const auto& ch = svc.characteristics[c];
      if (ch.info.value == handle)
        return LocalIndex{static_cast<int>(s + 1), static_cast<int>(c + 1), 0};
      for (std::size_t k = 0; k < ch.descriptors.size(); ++k) {
        if (ch.descriptors[k] == handle) {
          return LocalIndex{static_cast<int>(s + 1), static_cast<int>(c + 1),
                            static_cast<int>(k + 1)};
        }
      }
    }
  }
  return std::nullopt;
}

}  // namespace atsim::bt
