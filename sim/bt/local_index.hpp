#pragma once
// Where an attribute of our GATT server sits in the AT numbering (srv_index, char_index,
// desc_index, each from 1; desc 0 for the characteristic's value), and the hooks other parts
// of the chapter hang on the server's and client's traffic.
#include <optional>

#include "sim/bt/ble_state.hpp"

namespace atsim::bt {

struct LocalIndex {
  int srv = 0, chr = 0, desc = 0;
};
std::optional<LocalIndex> locate(const Radio& r, std::uint16_t handle);  // gatts.cpp

// A notification or indication from the peer's server (+NOTIFY, +INDICATE; gattc_commands.cpp).
void on_remote_value(Device& d, std::uint16_t handle, const ble::Bytes& value, bool indication);
// SPP (spp_commands.cpp): a client's write to our rx characteristic (true when SPP took it,
// raw to the UART), and the link going.
bool on_spp_write(Device& d, const LocalIndex& where, const ble::Bytes& value);
void on_spp_link_down(Device& d, const ble::Address& peer);
// A notification on the client's SPP rx characteristic: true when SPP took it (raw to the UART).
bool on_spp_value(Device& d, int srv, int chr, const ble::Bytes& value);

}  // namespace atsim::bt
