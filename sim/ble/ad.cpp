#include "sim/ble/ad.hpp"

namespace atsim::ble {

std::variant<std::vector<AdStructure>, AdError> parse_ad(std::span<const std::uint8_t> bytes) {
  std::vector<AdStructure> out;
  std::size_t i = 0;
  while (i < bytes.size()) {
    const std::size_t len = bytes[i];
    if (len == 0) {
      // Core Vol 3 Part C 11: the significant part ends here; what follows must be padding.
      for (std::size_t j = i; j < bytes.size(); ++j) {
        if (bytes[j] != 0)
          return AdError{j, "non-zero byte after the zero length that ends the data"};
      }
      break;
    }
    if (i + 1 + len > bytes.size()) {
      return AdError{i, "AD structure of length " + std::to_string(len) + " runs past the end (" +
                            std::to_string(bytes.size() - i - 1) + " bytes left)"};
    }
    AdStructure s;
    s.type = bytes[i + 1];
    s.data.assign(bytes.begin() + static_cast<std::ptrdiff_t>(i + 2),
                  bytes.begin() + static_cast<std::ptrdiff_t>(i + 1 + len));
    out.push_back(std::move(s));
    i += 1 + len;
  }
  return out;
}

Bytes build_ad(const std::vector<AdStructure>& structures) {
  Bytes out;
  for (const auto& s : structures) {
    out.push_back(static_cast<std::uint8_t>(s.data.size() + 1));
    out.push_back(s.type);
    put(out, s.data);
  }
  return out;
}

AdStructure ad_flags(std::uint8_t flags) {
  return {ad_type::flags, {flags}};
}

AdStructure ad_name(std::string_view name, bool complete) {
  return {complete ? ad_type::complete_name : ad_type::short_name, to_bytes(name)};
}

AdStructure ad_manufacturer(std::uint16_t company, std::span<const std::uint8_t> data) {
  AdStructure s{ad_type::manufacturer_data, {}};
  put_u16(s.data, company);
  put(s.data, data);
  return s;
}

AdStructure ad_uuid16_list(const std::vector<std::uint16_t>& uuids, bool complete) {
  AdStructure s{complete ? ad_type::complete_uuid16 : ad_type::incomplete_uuid16, {}};
  for (auto u : uuids) put_u16(s.data, u);
  return s;
}

std::optional<Bytes> ad_find(const std::vector<AdStructure>& s, std::uint8_t type) {
  for (const auto& x : s) {
    if (x.type == type) return x.data;
  }
  return std::nullopt;
}

}  // namespace atsim::ble
