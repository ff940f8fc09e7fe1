#pragma once
// A radio's connection to the simulated air (atsim-air): the AF_UNIX SOCK_SEQPACKET socket, the
// HELLO/WELCOME greeting, and frames both ways, on the caller's EventLoop. atsim (the ESP32's
// controller) and atsim-bluez (the host adapter) are radios through this class.
#include <deque>
#include <functional>
#include <memory>
#include <string>

#include "sim/air/frame.hpp"
#include "sim/ble/address.hpp"
#include "sim/event_loop.hpp"

namespace atsim::air {

inline constexpr const char* kProtocol = "air/1";
inline constexpr std::size_t kMaxFrame = 65536;

class AirClient {
 public:
  // Connects (an AF_UNIX connect does not wait) and sends HELLO with the radio's identity
  // address and kind (`esp32`, `bluez`, ...). `max_conn`: how many connections this radio can
  // hold at once (the air refuses more). Throws std::runtime_error naming the path when
  // there is no air there.
  AirClient(EventLoop& loop, const std::string& path, const ble::Address& identity,
            std::string kind, int max_conn = 1);
  ~AirClient();
  AirClient(const AirClient&) = delete;
  AirClient& operator=(const AirClient&) = delete;

  // Queued if the socket is full; dropped once the air is gone.
  void send(const Frame& f);
  bool open() const { return fd_ >= 0; }
  bool welcomed() const { return welcomed_; }

  // Every frame from the air (WELCOME included). An ERROR frame names the byte offset and
  // quotes the frame the air could not use.
  std::function<void(const Frame&)> on_frame;
  // The air closed the socket (or sent something that is not a frame): no more frames.
  std::function<void(const std::string& why)> on_closed;

 private:
  void readable(short revents);
  void flush();
  void close_with(const std::string& why);

  EventLoop& loop_;
  std::string path_;
  int fd_ = -1;
  bool welcomed_ = false;
  std::deque<std::string> out_;
  // Shared with callbacks in flight: a callback may destroy this client.
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace atsim::air
