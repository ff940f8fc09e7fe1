#include "suites/tcpip/tcpip_fixture.hpp"

#include <regex>
#include <thread>

#include "fixtures/udp_peer.hpp"
#include "reports/verdict_marker.hpp"

namespace atc::tcpip {

namespace {
// Both documents' string escapes: \ before , " and \ (ESP32 §4.2.2).
std::string quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == ',' || c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::optional<int> to_int(const std::string& s) {
  try {
    std::size_t used = 0;
    int v = std::stoi(s, &used);
    if (used != s.size()) return std::nullopt;
    return v;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}
}  // namespace

void TcpIp::preamble() {
  const Rig& rig = session().rig();
  if (!rig.net) GTEST_SKIP() << kNoNet;
  if (!rig.wifi) GTEST_SKIP() << kNoAp;
  net_ = &*rig.net;
  on_teardown("links closed; CIPSERVER, CIPMUX, CIPMODE back to 0", [this] {
    dut().command("AT+CIPSERVER=0");
    Response mux = dut().command("AT+CIPMUX?");
    auto v = mux.values("CIPMUX");
    if (!v.empty() && v.front() == "1") {
      // One id at a time: ESP8266 ignores id 5 while a server runs (§5.2.9).
      for (int id = 0; id < 5; ++id) dut().command("AT+CIPCLOSE=" + std::to_string(id));
      dut().command("AT+CIPMUX=0");
    } else {
      dut().command("AT+CIPCLOSE");
    }
    dut().command("AT+CIPMODE=0");
    dut().clear_urcs();
  });
  dut_ip_ = station_ip();
  if (dut_ip_.empty() && !join())
    throw std::runtime_error(rig_error("the DUT could not join the rig's AP \"" +
                                       rig.wifi->ap_ssid + "\" to get an address\n" +
                                       dut().tail()));
  dut().clear_urcs();
}

std::string TcpIp::station_ip() {
  Response r = dut().command("AT+CIFSR");
  static const std::regex sta(R"re(^\+CIFSR:STAIP,"?([0-9.]+)"?$)re");
  for (const auto& line : r.info) {
    std::smatch m;
    if (std::regex_match(line, m, sta) && m[1] != "0.0.0.0") return m[1];
  }
  return {};
}

bool TcpIp::join() {
  const bool cur = chip() == Chip::esp8266 && profile().claims("cur-def");
  const std::string mode_cmd = cur ? "CWMODE_CUR" : "CWMODE";
  Response m = dut().command("AT+" + mode_cmd + "?");
  auto v = m.values(mode_cmd);
  const std::string mode = v.empty() ? "" : v.front();
  if (mode != "1" && mode != "3")
    dut().command("AT+" + mode_cmd + "=" + std::string(mode == "2" ? "3" : "1"));
  const WifiPixit& w = *session().rig().wifi;
  Response j = dut().command("AT+" + std::string(cur ? "CWJAP_CUR" : "CWJAP") + "=" +
                                 quoted(w.ap_ssid) + "," + quoted(w.ap_password),
                             Millis{20000});
  if (!j.ok()) return false;
  dut_ip_ = station_ip();
  return !dut_ip_.empty();
}

bool TcpIp::reset_and_rejoin() {
  dut().clear_urcs();
  if (!dut().command("AT+RST").ok()) return false;
  if (!dut().wait_urc("ready", dut().timing().boot)) return false;
  dut().wait_urc("WIFI GOT IP", Millis{5000});
  dut_ip_ = station_ip();
  if (dut_ip_.empty() && !join()) return false;
  dut().clear_urcs();
  return true;
}

int TcpIp::dut_port(int host) const {
  const int off = net().low_port_offset;
  if (off > 0 && host > off && host <= off + 1023) return host - off;
  return host;
}

int TcpIp::host_port(int dut) const {
  const int off = net().low_port_offset;
  if (off > 0 && dut >= 1 && dut <= 1023) return dut + off;
  return dut;
}

std::shared_ptr<fixtures::TcpPeer> TcpIp::tcp_link(fixtures::TcpServer& server,
                                                   fixtures::Endpoint* at) {
  const auto ep = server.listen(host_ep(net().tcp_port));
  if (at) *at = ep;
  Response r = cipstart(std::nullopt, "TCP", ep);
  if (!r.ok()) {
    ADD_FAILURE() << is_ok(r).message();
    return nullptr;
  }
  auto peer = server.wait_accept(fixtures::deadline_in(std::chrono::seconds(3)));
  if (!peer) ADD_FAILURE() << "AT+CIPSTART answered OK, but the fixture saw no connection";
  return peer;
}

int TcpIp::free_udp_port() const {
  fixtures::UdpPeer probe;
  return probe.bind(host_ep()).port;
}

std::string TcpIp::cipstart_line(std::optional<int> id, std::string_view type,
                                 const fixtures::Endpoint& ep, std::string_view extra) const {
  std::string line = "AT+CIPSTART=";
  if (id) line += std::to_string(*id) + ",";
  line +=
      "\"" + std::string(type) + "\",\"" + ep.address + "\"," + std::to_string(dut_port(ep.port));
  return line + std::string(extra);
}

Response TcpIp::cipstart(std::optional<int> id, std::string_view type, const fixtures::Endpoint& ep,
                         std::string_view extra) {
  return dut().command(cipstart_line(id, type, ep, extra), Millis{10000});
}

Response TcpIp::cipsend(std::optional<int> id, std::string_view data, Response* prompt) {
  std::string line = "AT+CIPSEND=";
  if (id) line += std::to_string(*id) + ",";
  line += std::to_string(data.size());
  Response p = dut().prompt_command(line);
  if (prompt) *prompt = p;
  if (p.final != Final::prompt) return p;
  return dut().send_data(data, Millis{5000});
}

std::optional<int> TcpIp::cipstatus(std::vector<LinkStatus>* links, Response* out) {
  Response r = dut().command("AT+CIPSTATUS");
  if (out) *out = r;
  std::optional<int> stat;
  static const std::regex line_re(
      R"re(^\+CIPSTATUS:(\d+),"([A-Z]+)","([0-9.]+)",(\d+),(\d+),(\d+)$)re");
  for (const auto& l : r.info) {
    if (l.rfind("STATUS:", 0) == 0) stat = to_int(l.substr(7));
    std::smatch m;
    if (links && std::regex_match(l, m, line_re))
      links->push_back(
          {std::stoi(m[1]), m[2], m[3], std::stoi(m[4]), std::stoi(m[5]), std::stoi(m[6])});
  }
  return stat;
}

std::optional<IpdFrame> TcpIp::next_ipd(Millis timeout) {
  auto e = dut().wait_urc(R"(\+IPD,.*)", timeout);
  if (!e || !e->ipd) return std::nullopt;
  return e->ipd;
}

std::string TcpIp::collect_ipd(std::size_t total, Millis timeout,
                               std::vector<std::size_t>* frames) {
  std::string data;
  const auto deadline = Clock::now() + timeout;
  while (data.size() < total) {
    auto left = std::chrono::duration_cast<Millis>(deadline - Clock::now());
    if (left <= Millis{0}) break;
    auto f = next_ipd(left);
    if (!f) break;
    data += f->data;
    if (frames) frames->push_back(f->length);
  }
  return data;
}

bool TcpIp::saw(const Response& r, std::string_view text) {
  for (const auto& l : r.info)
    if (l == text) return true;
  for (const auto& e : r.urcs)
    if (e.text == text) return true;
  return r.final_text == text;
}

void TcpIp::pause_until(Clock::time_point t) {
  std::this_thread::sleep_until(t);
}

}  // namespace atc::tcpip
