#include "app/decode_command.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>

#include "harness/at/capture.hpp"
#include "harness/at/decoder.hpp"

namespace atc::app {

namespace {

struct DecodeArgs {
  std::string file;
  CaptureFormat format = CaptureFormat::detect;
  char device_marker = 0;
  std::size_t max_text = 1024;
  Decoder::Options options;
};

DecodeArgs parse(const std::vector<std::string>& args) {
  DecodeArgs d;
  bool have_file = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    auto value = [&]() -> const std::string& {
      if (i + 1 >= args.size()) throw std::invalid_argument("decode: " + a + " needs a value");
      return args[++i];
    };
    if (a == "--chip") {
      const std::string& v = value();
      d.options.chip = chip_from_string(v);
      if (!d.options.chip)
        throw std::invalid_argument("decode: --chip takes esp32 or esp8266, not '" + v + "'");
    } else if (a == "--sent") {
      d.options.sent.push_back(value());
    } else if (a == "--format") {
      const std::string& v = value();
      auto f = capture_format_from_string(v);
      if (!f)
        throw std::invalid_argument(
            "decode: --format takes raw, socat, transcript or detect, not '" + v + "'");
      d.format = *f;
    } else if (a == "--from-device") {
      const std::string& v = value();
      if (v != "<" && v != ">")
        throw std::invalid_argument("decode: --from-device takes '<' or '>', not '" + v + "'");
      d.device_marker = v[0];
    } else if (a == "--max-text") {
      const std::string& v = value();
      try {
        std::size_t used = 0;
        d.max_text = std::stoul(v, &used);
        if (used != v.size()) throw std::invalid_argument(v);
      } catch (const std::exception&) {
        throw std::invalid_argument("decode: --max-text takes a number of bytes, not '" + v + "'");
      }
    } else if ((a.size() > 1 && a[0] == '-') || have_file) {
      throw std::invalid_argument("decode: unexpected argument '" + a + "'");
    } else {
      d.file = a;
      have_file = true;
    }
  }
  if (!have_file) throw std::invalid_argument("decode needs a capture file (or - for stdin)");
  return d;
}

std::string read_all(const std::string& file) {
  if (file == "-") {
    std::ostringstream s;
    s << std::cin.rdbuf();
    return s.str();
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw std::runtime_error(file + ": cannot open: " + std::strerror(errno));
  std::string content((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (in.bad()) throw std::runtime_error(file + ": read error: " + std::strerror(errno));
  return content;
}

}  // namespace

int decode(const std::vector<std::string>& args, std::ostream& out) {
  DecodeArgs d = parse(args);
  std::string name = d.file == "-" ? "<stdin>" : d.file;
  std::string content = read_all(d.file);
  Capture cap = read_capture(content, d.format, name, d.device_marker);
  if (!d.options.chip && cap.header.count("chip"))
    d.options.chip = chip_from_string(cap.header["chip"]);
  std::size_t rx = 0, tx = 0;
  for (const auto& s : cap.segments) (s.dir == CaptureSegment::Dir::rx ? rx : tx) += s.bytes.size();
  out << "# atconform decode " << name << ": " << to_string(cap.format) << ", " << rx
      << " device bytes, " << tx << " host bytes";
  if (d.options.chip) out << ", chip " << to_string(*d.options.chip);
  out << "\n";
  if (cap.format == CaptureFormat::socat)
    out << "# device direction '" << cap.device_marker << "' (" << cap.device_marker_reason
        << ")\n";
  if (!d.options.sent.empty() && tx > 0)
    out << "# the host's writes in the capture are not used: --sent gives the commands\n";
  out << "# offset  kind   final      text\n";
  out << render_decoded(decode_capture(cap, d.options), d.max_text);
  return 0;
}

}  // namespace atc::app
