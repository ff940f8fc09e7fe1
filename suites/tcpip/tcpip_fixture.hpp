#pragma once
// The TCP/IP chapter (ESP32 §5.2.1–5.2.3, §5.2.8–5.2.25; ESP8266 §5.2). Its fixture is the shared
// network support (suites/support/network_test.hpp): an address from the rig's AP, the peer
// fixtures, the CIPSTART/CIPSEND/+IPD helpers, every link closed afterwards.
#include "suites/support/network_test.hpp"

namespace atc::tcpip {

using support::CipStatus;
using support::LinkStatus;
class TcpIp : public support::NetworkTest {};

}  // namespace atc::tcpip

using atc::tcpip::TcpIp;
