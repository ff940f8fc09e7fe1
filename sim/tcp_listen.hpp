#pragma once
// The optional raw TCP port (--tcp), the way ser2net exposes a board in a farm.
namespace atsim {

// Listens on 127.0.0.1:port (0 = any free port). Returns the descriptor (non-blocking) and
// stores the real port in `bound_port`. Throws std::runtime_error.
int tcp_listen(int port, int& bound_port);

}  // namespace atsim
