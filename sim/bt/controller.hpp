#pragma once
// The ESP32's BLE controller and host on the simulated air: bringing the radio up and down,
// advertising, scanning (and the +BLESCAN lines), connecting, the connection's events and the
// §8 messages they print (+BLECONN, +BLEDISCONN, +BLECONNPARAM), and the ATT bearer that
// carries our GATT server and client. The AT handlers (gap_commands.cpp, ...) call these.
#include <functional>
#include <string>

#include "sim/bt/ble_state.hpp"

namespace atsim::bt {

// How long AT+BLECONN waits for the peer's advertising before +BLECONN:0,fail.
inline constexpr auto kConnectTimeout = std::chrono::seconds(3);
// The parameters AT+BLECONN asks for (1.25 ms, events, 10 ms).
inline constexpr std::int64_t kConnMin = 24, kConnMax = 40, kConnLatency = 0, kConnTimeout = 200;

void radio_up(Device& d, int role);
void radio_down(Device& d);

// (Re)sends the advertising set to the air from the current settings.
bool start_advertising(Device& d);
void stop_advertising(Device& d);
void start_scan(Device& d, std::int64_t seconds);
void stop_scan(Device& d);
void connect(Device& d, const ble::Address& peer);
void disconnect(Device& d);
void update_params(Device& d, std::int64_t min, std::int64_t max, std::int64_t latency,
                   std::int64_t timeout);
void set_data_length(Device& d, std::int64_t octets);
// Sends one ATT PDU to the connected peer.
void send_att(Device& d, const ble::Bytes& pdu);

// Quoted, as §9.5 prints addresses in +BLECONN and +BLEDISCONN.
std::string quoted(const ble::Address& a);

}  // namespace atsim::bt
