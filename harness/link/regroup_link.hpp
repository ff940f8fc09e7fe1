#pragma once
// A link that hands on the DUT's bytes grouped otherwise than they came, as real transports
// do: a USB-serial adapter's latency timer (FTDI: 62-byte packets, or what it has after 16 ms),
// ser2net over a busy network, a slow host reading one byte at a time. Verdicts must not
// depend on it (the e2e regrouping check runs the whole suite through it). Chosen with the URI
// option `regroup=` on any scheme:
//   burst[:MS]     62-byte packets, or what is there MS (default 16) ms after its first byte
//   bytes          one byte per read
//   random[:SEED]  pieces of 1..256 bytes, each held 0..8 ms at most
//   mixed[:SEED]   each group of bytes handled by one of the three, chosen at random
// Every byte is delayed at most the hold time, so the rate is never below the line's. Chunks
// are stamped when they are handed on (what the host would see). Bytes that came before the
// inner link died are handed on before its LinkError; writes and everything else pass through.
#include <cstdint>
#include <exception>
#include <memory>
#include <string>

#include "harness/link/link.hpp"

namespace atc {

class RegroupLink : public Link {
 public:
  enum class Mode { burst, bytes, random, mixed };
  struct Options {
    Mode mode = Mode::burst;
    Millis hold{16};  // burst: the latency timer
    std::uint64_t seed = 1;
  };
  // Parses the value of `regroup=` ("burst:16", "bytes", "random:7"); throws LinkError naming
  // `uri` when it is not one of the forms above.
  static Options parse(const std::string& value, const std::string& uri);

  RegroupLink(std::unique_ptr<Link> inner, Options o);

  std::string uri() const override { return inner_->uri(); }
  std::optional<Chunk> read(Clock::time_point deadline) override;
  void write(std::string_view bytes) override { inner_->write(bytes); }
  bool set_serial(const SerialSettings& s) override { return inner_->set_serial(s); }
  bool set_lines(std::optional<bool> dtr, std::optional<bool> rts) override {
    return inner_->set_lines(dtr, rts);
  }
  void interrupt() override { inner_->interrupt(); }
  std::vector<std::string> environment() const override { return inner_->environment(); }

 private:
  // A group of pending bytes: how it is handed on, decided when its first byte came.
  struct Group {
    Mode mode = Mode::burst;
    Clock::time_point due;        // everything pending goes at this time
    std::size_t early_size = 62;  // a piece this big goes at once
  };
  void start_group(Clock::time_point first);
  std::optional<Chunk> take_due(Clock::time_point now);
  std::uint64_t next();

  std::unique_ptr<Link> inner_;
  Options o_;
  std::string pending_;
  Group group_;
  std::exception_ptr dead_;  // the inner link's LinkError, thrown once pending_ is out
  std::uint64_t rng_;
};

}  // namespace atc
