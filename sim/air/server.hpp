#pragma once
// atsim-air's socket: an AF_UNIX SOCK_SEQPACKET listener; every client is a radio. The first
// frame must be HELLO; a frame the air cannot use is answered with an ERROR frame naming the
// byte offset, the reason and the frame itself, and the client stays connected.
#include <deque>
#include <map>
#include <memory>
#include <string>

#include "sim/air/medium.hpp"
#include "sim/event_loop.hpp"

namespace atsim::air {

class AirServer {
 public:
  // Binds and listens at `path` (a stale socket file is replaced; a live air is refused).
  // Throws std::runtime_error naming the path.
  AirServer(EventLoop& loop, Medium& medium, std::string path);
  ~AirServer();
  AirServer(const AirServer&) = delete;
  AirServer& operator=(const AirServer&) = delete;

 private:
  struct Client {
    int fd;
    RadioId radio = 0;  // 0 until HELLO
    std::deque<std::string> out;
  };
  void accept_clients();
  void readable(int fd, short revents);
  void on_frame(Client& c, std::string_view text);
  void send(int fd, const std::string& text);
  void flush(Client& c);
  void drop(int fd);

  EventLoop& loop_;
  Medium& medium_;
  std::string path_;
  int listen_fd_ = -1;
  std::map<int, std::unique_ptr<Client>> clients_;
};

}  // namespace atsim::air
