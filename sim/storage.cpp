#include "sim/storage.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace atsim {
namespace {

constexpr std::string_view kHeader = "# atsim nvs v1";

void write_all(int fd, std::string_view data, const std::string& path) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("write " + path + ": " + std::strerror(errno));
    data.remove_prefix(static_cast<std::size_t>(n));
  }
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

Storage::Storage(std::optional<std::filesystem::path> file) : file_(std::move(file)) {
  if (file_) load();
}

std::optional<std::string> Storage::get(std::string_view key) const {
  auto it = values_.find(key);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

void Storage::set(const std::string& key, std::string value) {
  values_[key] = std::move(value);
  save();
}

void Storage::erase(std::string_view key) {
  auto it = values_.find(key);
  if (it == values_.end()) return;
  values_.erase(it);
  save();
}

void Storage::erase_prefix(std::string_view prefix) {
  std::erase_if(values_, [&](const auto& kv) { return kv.first.starts_with(prefix); });
  save();
}

std::vector<std::string> Storage::keys_with_prefix(std::string_view prefix) const {
  std::vector<std::string> keys;
  for (const auto& [k, v] : values_) {
    if (k.starts_with(prefix)) keys.push_back(k);
  }
  return keys;
}

std::string Storage::escape(std::string_view raw) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (char ch : raw) {
    auto c = static_cast<unsigned char>(ch);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c >= 0x7F || c == '=') {  // '=' too: keys are escaped alike
      out += "\\x";
      out += hex[c >> 4];
      out += hex[c & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

std::optional<std::string> Storage::unescape(std::string_view text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '\\') {
      out += text[i];
      continue;
    }
    if (++i >= text.size()) return std::nullopt;
    switch (text[i]) {
      case '\\':
        out += '\\';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 'x': {
        if (i + 2 >= text.size()) return std::nullopt;
        int hi = hex_value(text[i + 1]), lo = hex_value(text[i + 2]);
        if (hi < 0 || lo < 0) return std::nullopt;
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return out;
}

void Storage::load() {
  std::ifstream in(*file_, std::ios::binary);
  if (!in) return;  // first run: factory state
  std::string line;
  int lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    auto eq = line.find('=');
    auto value = eq == std::string::npos ? std::nullopt : unescape(line.substr(eq + 1));
    if (!value) {
      throw std::runtime_error(file_->string() + ":" + std::to_string(lineno) +
                               ": not a key=value line");
    }
    auto key = unescape(line.substr(0, eq));
    if (!key)
      throw std::runtime_error(file_->string() + ":" + std::to_string(lineno) + ": bad key");
    values_[*key] = std::move(*value);
  }
}

void Storage::power_loss() {
  if (!write_back_) return;
  values_.clear();
  load();
}

void Storage::save() const {
  if (!file_ || write_back_) return;
  std::ostringstream text;
  text << kHeader << '\n';
  for (const auto& [k, v] : values_) text << escape(k) << '=' << escape(v) << '\n';

  // Write beside the target, then atomically replace it: a kill of atsim at any point (the
  // module's power cut, as the chaos tests do it) leaves the old or the new file. No fsync: the
  // host's page cache outlives atsim, no test cuts the host's power, and a flush would make
  // every saved setting wait on the host's disk (0.3 ms here idle, unbounded on a busy one).
  const std::string path = file_->string();
  const std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("open " + tmp + ": " + std::strerror(errno));
  try {
    write_all(fd, text.str(), tmp);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    throw std::runtime_error("rename " + tmp + ": " + std::strerror(errno));
  }
}

}  // namespace atsim
