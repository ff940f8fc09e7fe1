#include "harness/link/rfc2217_link.hpp"

#include <cstdint>

#include "harness/link/link_error.hpp"

namespace atc {

namespace {

constexpr unsigned char IAC = 255, DONT = 254, DO = 253, WONT = 252, WILL = 251, SB = 250, SE = 240;
constexpr unsigned char BINARY = 0, SGA = 3, COM_PORT = 44;
// COM-PORT-OPTION client-to-server commands (RFC 2217 §3).
constexpr unsigned char SET_BAUDRATE = 1, SET_DATASIZE = 2, SET_PARITY = 3, SET_STOPSIZE = 4,
                        SET_CONTROL = 5;
constexpr unsigned char CONTROL_NO_FLOW = 1, CONTROL_HW_FLOW = 3, DTR_ON = 8, DTR_OFF = 9,
                        RTS_ON = 11, RTS_OFF = 12;

std::string cmd(unsigned char verb, unsigned char opt) {
  return std::string{static_cast<char>(IAC), static_cast<char>(verb), static_cast<char>(opt)};
}

}  // namespace

Rfc2217Link::Rfc2217Link(const std::string& host, const std::string& port, std::string uri,
                         const SerialSettings& s, Millis connect_timeout)
    : TcpLink(host, port, std::move(uri), connect_timeout) {
  we_will_[BINARY] = we_will_[SGA] = we_will_[COM_PORT] = true;
  they_will_[BINARY] = they_will_[SGA] = true;
  send_raw(cmd(WILL, BINARY) + cmd(DO, BINARY) + cmd(WILL, SGA) + cmd(DO, SGA) +
           cmd(WILL, COM_PORT));
  // The server must answer DO COM-PORT-OPTION before it takes port settings. A plain TCP port
  // never answers: say so instead of sending it Telnet bytes as data for ever.
  const auto deadline = Clock::now() + connect_timeout;
  while (com_port_ == 0) {
    auto c = TcpLink::read(deadline);
    if (!c) break;
    std::string data = filter(c->bytes);
    if (!data.empty() && early_.empty()) early_at_ = c->arrived;
    early_ += data;
  }
  if (com_port_ < 0)
    throw LinkError(this->uri() +
                    ": the server refuses COM-PORT-OPTION (RFC 2217); for a raw "
                    "TCP port use tcp://");
  if (com_port_ == 0)
    throw LinkError(this->uri() + ": no Telnet COM-PORT-OPTION answer within " +
                    std::to_string(connect_timeout.count()) +
                    " ms; is this an RFC 2217 port (ser2net telnet(rfc2217))? for raw TCP use "
                    "tcp://");
  set_serial(s);
}

std::optional<Chunk> Rfc2217Link::read(Clock::time_point deadline) {
  if (!early_.empty()) {
    Chunk c{early_at_, std::move(early_)};
    early_.clear();
    return c;
  }
  for (;;) {
    auto c = TcpLink::read(deadline);
    if (!c) return c;
    c->bytes = filter(c->bytes);
    if (!c->bytes.empty()) return c;  // a chunk of only Telnet commands is no data: read on
  }
}

void Rfc2217Link::write(std::string_view bytes) {
  std::string escaped;
  escaped.reserve(bytes.size());
  for (char ch : bytes) {
    escaped += ch;
    if (static_cast<unsigned char>(ch) == IAC) escaped += ch;
  }
  send_raw(escaped);
}

void Rfc2217Link::send_raw(std::string_view bytes) {
  std::lock_guard lk(write_mu_);  // the reader thread answers negotiations concurrently
  TcpLink::write(bytes);
}

void Rfc2217Link::send_com_port(unsigned char command, std::string_view value) {
  std::string out = {static_cast<char>(IAC), static_cast<char>(SB), static_cast<char>(COM_PORT),
                     static_cast<char>(command)};
  for (char ch : value) {
    out += ch;
    if (static_cast<unsigned char>(ch) == IAC) out += ch;
  }
  out += static_cast<char>(IAC);
  out += static_cast<char>(SE);
  send_raw(out);
}

bool Rfc2217Link::set_serial(const SerialSettings& s) {
  const auto b = static_cast<std::uint32_t>(s.baud);
  send_com_port(SET_BAUDRATE, std::string{static_cast<char>(b >> 24), static_cast<char>(b >> 16),
                                          static_cast<char>(b >> 8), static_cast<char>(b)});
  send_com_port(SET_DATASIZE, std::string(1, static_cast<char>(s.data_bits)));
  const char parity = s.parity == Parity::none ? 1 : s.parity == Parity::odd ? 2 : 3;
  send_com_port(SET_PARITY, std::string(1, parity));
  send_com_port(SET_STOPSIZE, std::string(1, static_cast<char>(s.stop_bits == 2 ? 2 : 1)));
  send_com_port(SET_CONTROL, std::string(1, static_cast<char>(s.flow == FlowControl::rts_cts
                                                                  ? CONTROL_HW_FLOW
                                                                  : CONTROL_NO_FLOW)));
  return true;
}

bool Rfc2217Link::set_lines(std::optional<bool> dtr, std::optional<bool> rts) {
  // Releases first, as for a local port (see set_modem_lines).
  if (dtr && !*dtr) send_com_port(SET_CONTROL, std::string(1, static_cast<char>(DTR_OFF)));
  if (rts && !*rts) send_com_port(SET_CONTROL, std::string(1, static_cast<char>(RTS_OFF)));
  if (dtr && *dtr) send_com_port(SET_CONTROL, std::string(1, static_cast<char>(DTR_ON)));
  if (rts && *rts) send_com_port(SET_CONTROL, std::string(1, static_cast<char>(RTS_ON)));
  return true;
}

void Rfc2217Link::negotiate(unsigned char verb, unsigned char opt) {
  const bool wanted_here = opt == BINARY || opt == SGA || opt == COM_PORT;
  const bool wanted_there = opt == BINARY || opt == SGA;
  switch (verb) {
    case DO:
      if (opt == COM_PORT) com_port_ = 1;
      if (wanted_here && !we_will_[opt]) {
        we_will_[opt] = true;
        send_raw(cmd(WILL, opt));
      } else if (!wanted_here) {
        send_raw(cmd(WONT, opt));
      }
      break;
    case DONT:
      if (opt == COM_PORT) com_port_ = -1;
      if (we_will_[opt]) {
        we_will_[opt] = false;
        send_raw(cmd(WONT, opt));
      }
      break;
    case WILL:
      if (wanted_there && !they_will_[opt]) {
        they_will_[opt] = true;
        send_raw(cmd(DO, opt));
      } else if (!wanted_there) {
        send_raw(cmd(DONT, opt));
      }
      break;
    case WONT:
      if (they_will_[opt]) {
        they_will_[opt] = false;
        send_raw(cmd(DONT, opt));
      }
      break;
  }
}

std::string Rfc2217Link::filter(std::string_view in) {
  std::string out;
  out.reserve(in.size());
  for (char ch : in) {
    const auto b = static_cast<unsigned char>(ch);
    switch (state_) {
      case State::data:
        if (b == IAC)
          state_ = State::iac;
        else
          out += ch;
        break;
      case State::iac:
        if (b == IAC) {
          out += ch;  // an escaped 0xFF data byte
          state_ = State::data;
        } else if (b == DO || b == DONT || b == WILL || b == WONT) {
          pending_cmd_ = b;
          state_ = State::option;
        } else if (b == SB) {
          state_ = State::sb;
        } else {
          state_ = State::data;  // NOP, GA and friends carry nothing for us
        }
        break;
      case State::option:
        negotiate(pending_cmd_, b);
        state_ = State::data;
        break;
      case State::sb:  // acknowledgements and notifications: read and dropped
        if (b == IAC) state_ = State::sb_iac;
        break;
      case State::sb_iac:
        state_ = b == SE ? State::data : State::sb;
        break;
    }
  }
  return out;
}

}  // namespace atc
