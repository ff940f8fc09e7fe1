#pragma once
// Two simulated ESP32s on one air, as ESP32 §9.5.2 sets them up: a GATT server (the default
// ble_data table, advertising) and a GATT client connected to it. Each has its own base MAC,
// so its own BLE address.
#include <memory>
#include <string>
#include <vector>

#include "tests/sim/ble_support.hpp"

namespace atsim_test {

struct BlePair {
  Air air;
  std::unique_ptr<Booted> server, client;
  // Server 24:0a:c4:00:00:03, client 24:0a:c4:00:01:03.
  static constexpr const char* kServer = "24:0a:c4:00:00:03";
  static constexpr const char* kClient = "24:0a:c4:00:01:03";

  explicit BlePair(std::vector<std::string> server_args = {},
                   std::vector<std::string> client_args = {}, bool connect = true) {
    server_args.insert(server_args.end(), {"--air", air.socket, "--base-mac", "24:0a:c4:00:00:01"});
    client_args.insert(client_args.end(), {"--air", air.socket, "--base-mac", "24:0a:c4:00:01:01"});
    server = boot("esp32", server_args);
    client = boot("esp32", client_args);
    EXPECT_TRUE(is_ok(s("AT+BLEINIT=2")));
    EXPECT_TRUE(is_ok(c("AT+BLEINIT=1")));
    if (!connect) return;
    EXPECT_TRUE(is_ok(s("AT+BLEGATTSSRVCRE")));
    EXPECT_TRUE(is_ok(s("AT+BLEGATTSSRVSTART")));
    EXPECT_TRUE(is_ok(s("AT+BLEADVSTART")));
    EXPECT_TRUE(is_ok(c(std::string("AT+BLECONN=0,\"") + kServer + "\"")));
    EXPECT_TRUE(cp().wait_for(std::string("+BLECONN:0,\"") + kServer + "\"\r\n", 3000ms))
        << cp().input();
    EXPECT_TRUE(sp().wait_for(std::string("+BLECONN:0,\"") + kClient + "\"\r\n", 3000ms))
        << sp().input();
    sp().take();
    cp().take();
  }
  HostPort& sp() { return server->port; }
  HostPort& cp() { return client->port; }
  // Up to the final result; messages after it stay for wait_for().
  std::string s(const std::string& cmd) { return server->port.command_through(cmd, 5000ms); }
  std::string c(const std::string& cmd) { return client->port.command_through(cmd, 5000ms); }
  // A data command: the bare prompt, the data, then the final result.
  static std::string with_data(HostPort& port, const std::string& cmd, const std::string& data) {
    port.write(cmd + "\r\n");
    if (!port.wait_for("> ", 3000ms)) return port.take();
    const std::string prompt = port.take();  // anything before the prompt (SYSFLASH's OK)
    port.write(data);
    if (!port.wait_for("\r\nOK\r\n", 5000ms)) port.wait_for("\r\nERROR\r\n", 10ms);
    return prompt + port.take();
  }
  void discover() {
    EXPECT_TRUE(has(c("AT+BLEGATTCPRIMSRV=0"), "+BLEGATTCPRIMSRV:0,3,0xA002,1"));
    EXPECT_TRUE(is_ok(c("AT+BLEGATTCCHAR=0,3")));
  }
};

}  // namespace atsim_test
