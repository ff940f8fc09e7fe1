#include "tests/e2e/sim_rig.hpp"

#include <chrono>
#include <fstream>
#include <regex>
#include <sstream>
#include <stdexcept>

namespace atc::test {
namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string replace_attr(const std::string& xml, const std::string& attr, const std::string& v) {
  const std::regex re(attr + "=\"[^\"]*\"");
  if (!std::regex_search(xml, re)) throw std::runtime_error("sim rig has no " + attr + "=");
  return std::regex_replace(xml, re, attr + "=\"" + v + "\"",
                            std::regex_constants::format_first_only);
}

std::string xml_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '&')
      out += "&amp;";
    else if (c == '"')
      out += "&quot;";
    else if (c == '<')
      out += "&lt;";
    else
      out += c;
  }
  return out;
}

}  // namespace

SimRig::SimRig(const std::string& chip, const std::string& link, const std::string& dir, int wait_s)
    : slot_(PortSlot::claim(std::chrono::seconds(wait_s))) {
  offset_ = slot_.offset();
  const std::string configs = ATC_SOURCE_DIR "/configs";
  std::string xml = slurp(configs + "/rigs/sim-" + chip + ".xml");
  xml = replace_attr(xml, "link", xml_escape(link));
  xml = replace_attr(xml, "profile", configs + "/profiles/sim-" + chip + ".xml");
  xml = replace_attr(xml, "low_port_offset", std::to_string(offset_));
  // The rig's OTA images (<ota image restore_image>) are relative to configs/rigs/ (../ota/...).
  xml = std::regex_replace(xml, std::regex(R"re( (image|restore_image)="([^"/][^"]*)")re"),
                           " $1=\"" + configs + "/rigs/$2\"");
  path_ = dir + "/rig.xml";
  std::ofstream(path_) << xml;
}

void SimRig::set(const std::string& attr, const std::string& value) {
  const std::string xml = replace_attr(slurp(path_), attr, xml_escape(value));  // read, then
  std::ofstream(path_) << xml;                                                  // truncate
}

SimRig::~SimRig() = default;  // the slot's lock goes with it

}  // namespace atc::test
