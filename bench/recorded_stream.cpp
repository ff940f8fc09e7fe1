#include "bench/recorded_stream.hpp"

#include <random>

namespace atc::bench {

RecordedStream make_recorded_stream(std::size_t target_bytes) {
  RecordedStream s;
  std::mt19937 rng(42);
  const std::size_t sizes[] = {1, 16, 64, 200, 536, 1460, 2048, 2920};
  while (s.bytes.size() < target_bytes) {
    switch (rng() % 6) {
      case 0:  // query exchange
        s.bytes += "AT+CWMODE?\r\n+CWMODE:3\r\n\r\nOK\r\n";
        s.events += 3;
        break;
      case 1:  // URCs
        s.bytes += "WIFI CONNECTED\r\nWIFI GOT IP\r\n1,CONNECT\r\n";
        s.events += 3;
        break;
      case 2:
      case 3: {  // +IPD frame with binary payload
        std::size_t n = sizes[rng() % std::size(sizes)];
        std::string payload(n, '\0');
        for (auto& c : payload) c = static_cast<char>(rng());
        if (n > 8) payload.replace(2, 6, "\r\nOK\r\n");
        s.bytes +=
            "\r\n+IPD," + std::to_string(rng() % 5) + "," + std::to_string(n) + ":" + payload;
        s.events += 1;
        break;
      }
      case 4:  // send with prompt
        s.bytes += "AT+CIPSEND=0,5\r\n\r\nOK\r\n> \r\nRecv 5 bytes\r\n\r\nSEND OK\r\n";
        s.events += 5;
        break;
      case 5:  // a long scan line
        s.bytes += "+CWLAP:(3,\"lab-ap-2.4GHz\",-57,\"24:0a:c4:12:34:56\",6,-12,0,4,4,7,1)\r\n";
        s.events += 1;
        break;
    }
  }
  return s;
}

}  // namespace atc::bench
