#include "suites/support/network_test.hpp"

#include <regex>
#include <thread>

#include "fixtures/udp_peer.hpp"
#include "harness/at/at_syntax.hpp"

namespace atc::support {

namespace {
// The clauses of the commands the helpers lean on, per document.
constexpr std::string_view kRstEsp32 = "3.2.2", kRstEsp8266 = "3.2.2";
constexpr std::string_view kCifsrEsp32 = "5.2.13", kCifsrEsp8266 = "5.2.10";
}  // namespace

std::string NetworkTest::clause_in(std::string_view role, std::string_view esp32_section,
                                   std::string_view esp8266_section) {
  const Chip c = chip(role);
  return std::string(to_string(c)) + " \u00a7" +
         std::string(c == Chip::esp32 ? esp32_section : esp8266_section);
}

void NetworkTest::preamble() {
  net_ = &*rig().net;
  on_teardown("links closed; CIPSERVER, CIPMUX, CIPMODE back to 0",
              [this] { close_links(kMainRole); });
  // The rig's AP is the PIXIT's: a DUT that cannot join it, or joins and shows no address, does
  // not conform to that command's clause, whatever test this is (address_of_role records it).
  dut_ip_ = address_of_role(kMainRole);
  if (dut_ip_.empty()) {
    FAIL() << "the DUT has no station address on the rig's AP \"" << rig().wifi->ap_ssid
           << "\": every test of this chapter needs one";
  }
  dut().clear_urcs();
}

void NetworkTest::close_links(std::string_view role) {
  Dut& d = dut(role);
  d.command("AT+CIPSERVER=0");
  Response mux = d.command("AT+CIPMUX?");
  auto v = mux.values("CIPMUX");
  if (!v.empty() && v.front() == "1") {
    // One id at a time: ESP8266 ignores id 5 while a server runs (§5.2.9).
    for (int id = 0; id < 5; ++id) d.command("AT+CIPCLOSE=" + std::to_string(id));
    d.command("AT+CIPMUX=0");
  } else {
    d.command("AT+CIPCLOSE");
  }
  d.command("AT+CIPMODE=0");
  d.clear_urcs();
}

std::string NetworkTest::station_ip(std::string_view role) {
  Response r = dut(role).command("AT+CIFSR");
  if (!r.ok()) return {};
  static const std::regex labelled(R"re(^\+CIFSR:STAIP,"?([0-9.]+)"?$)re");
  static const std::regex unlabelled(R"re(^(\+ ?CIFSR:)?"?([0-9.]+)"?$)re");
  std::vector<std::string> bare;  // unlabelled addresses, in the order printed
  bool prefixed = false;
  for (const auto& line : r.info) {
    std::smatch m;
    if (std::regex_match(line, m, labelled)) return m[1] == "0.0.0.0" ? std::string() : m[1];
    if (std::regex_match(line, m, unlabelled) && is_ip(m[2].str())) {
      bare.push_back(m[2]);
      prefixed = m[1].matched;
    }
  }
  if (bare.empty()) return {};
  // Without labels the mode says which line is whose: the SoftAP's first, then the station's
  // (esp8266 §5.2.10); station mode prints the station's alone, SoftAP mode none of it.
  const std::string mode_cmd = cur_def(role) ? "CWMODE_CUR" : "CWMODE";
  auto mode = dut(role).command("AT+" + mode_cmd + "?").values(mode_cmd);
  std::string ip;
  if (mode.size() == 1 && mode[0] == "1" && bare.size() == 1) ip = bare[0];
  if (mode.size() == 1 && mode[0] == "3" && bare.size() == 2) ip = bare[1];
  if (ip == "0.0.0.0") ip.clear();
  if (!ip.empty()) {
    observe("cifsr_form", std::string(role) + ": AT+CIFSR printed the station address " +
                              (prefixed ? "as +CIFSR:<ip> " : "as a bare line ") +
                              "without the STAIP label");
  }
  return ip;
}

std::string NetworkTest::join_ap(std::string_view role, std::string* why, std::string* clause) {
  Dut& d = dut(role);
  const bool cur = cur_def(role);
  const std::string mode_cmd = cur ? "CWMODE_CUR" : "CWMODE";
  Response m = d.command("AT+" + mode_cmd + "?");
  auto v = m.values(mode_cmd);
  const std::string mode = v.empty() ? "" : v.front();
  if (mode != "1" && mode != "3") {
    const std::string set = "AT+" + mode_cmd + "=" + (mode == "2" ? "3" : "1");
    Response s = d.command(set);
    if (!s.ok()) {
      *clause = clause_in(role, "4.2.1", cur ? "4.1.2" : "4.1.1");
      *why =
          std::string(is_ok(s).message()) + "\n(" + set + ": station mode, to join the rig's AP)";
      return {};
    }
  }
  const WifiPixit& w = *rig().wifi;
  const std::string join = "AT+" + std::string(cur ? "CWJAP_CUR" : "CWJAP") + "=" +
                           at_string(w.ap_ssid) + "," + at_string(w.ap_password);
  Response j = d.command(join, Millis{20000});
  if (!j.ok()) {
    *clause = clause_in(role, "4.2.2", cur ? "4.1.5" : "4.1.4");
    *why = std::string(is_ok(j).message()) + "\n(the rig's AP, from its <wifi> PIXIT)";
    return {};
  }
  std::string ip = station_ip(role);
  if (ip.empty()) {
    *clause = clause_in(role, kCifsrEsp32, kCifsrEsp8266);
    *why = "the DUT joined the rig's AP (OK) but AT+CIFSR shows no station address";
  }
  return ip;
}

std::string NetworkTest::address_of_role(std::string_view role) {
  std::string ip = station_ip(role);
  if (!ip.empty()) return ip;
  std::string why, clause;
  ip = join_ap(role, &why, &clause);
  if (ip.empty()) {
    failed_clause(clause);
    ADD_FAILURE() << "DUT " << role << ": " << why;
  }
  return ip;
}

::testing::AssertionResult NetworkTest::reset_and_rejoin() {
  dut().clear_urcs();
  Response r = dut().command("AT+RST");
  const std::string rst = clause_in(kMainRole, kRstEsp32, kRstEsp8266);
  if (!r.ok()) {
    failed_clause(rst);
    return is_ok(r) << "\nAT+RST (" << rst << ")";
  }
  if (auto ready = got_urc(dut(), "ready", dut().timing().boot); !ready) {
    failed_clause(rst);
    return ready << "\nafter AT+RST (" << rst << ")";
  }
  return rejoin_after_boot();
}

::testing::AssertionResult NetworkTest::rejoin_after_boot() {
  // Auto-connect brings the saved AP back; the join below covers a DUT that saved none.
  dut().wait_urc("WIFI GOT IP", Millis{5000});
  dut_ip_ = station_ip();
  if (dut_ip_.empty()) {
    std::string why, clause;
    dut_ip_ = join_ap(kMainRole, &why, &clause);
    if (dut_ip_.empty()) {
      failed_clause(clause);
      return ::testing::AssertionFailure() << "after the boot: " << why;
    }
  }
  dut().clear_urcs();
  return ::testing::AssertionSuccess();
}

int NetworkTest::dut_port(int host) const {
  const int off = net().low_port_offset;
  if (off > 0 && host > off && host <= off + 1023) return host - off;
  return host;
}

int NetworkTest::host_port(int dut) const {
  const int off = net().low_port_offset;
  if (off > 0 && dut >= 1 && dut <= 1023) return dut + off;
  return dut;
}

std::shared_ptr<fixtures::TcpPeer> NetworkTest::tcp_link(fixtures::TcpServer& server,
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

int NetworkTest::free_udp_port() const {
  fixtures::UdpPeer probe;
  return probe.bind(host_ep()).port;
}

std::string NetworkTest::cipstart_line(std::optional<int> id, std::string_view type,
                                       const fixtures::Endpoint& ep, std::string_view extra) const {
  std::string line = "AT+CIPSTART=";
  if (id) line += std::to_string(*id) + ",";
  line +=
      "\"" + std::string(type) + "\",\"" + ep.address + "\"," + std::to_string(dut_port(ep.port));
  return line + std::string(extra);
}

Response NetworkTest::cipstart(std::optional<int> id, std::string_view type,
                               const fixtures::Endpoint& ep, std::string_view extra) {
  return dut().command(cipstart_line(id, type, ep, extra), Millis{10000});
}

Response NetworkTest::cipsend(std::optional<int> id, std::string_view data, Response* prompt) {
  std::string line = "AT+CIPSEND=";
  if (id) line += std::to_string(*id) + ",";
  line += std::to_string(data.size());
  Response p = dut().prompt_command(line);
  if (prompt) *prompt = p;
  if (p.final != Final::prompt) return p;
  return dut().send_data(data, Millis{5000});
}

::testing::AssertionResult NetworkTest::cipstatus(CipStatus* out) {
  *out = CipStatus{};
  Response& r = out->response;
  r = dut().command("AT+CIPSTATUS");
  if (!r.ok()) return is_ok(r);
  static const std::regex stat_re(R"(STATUS:(\d+))");
  bool stat_seen = false;
  for (const auto& line : r.info) {
    std::smatch m;
    if (std::regex_match(line, m, stat_re)) {
      if (stat_seen) return response_failure(r, "two STATUS: lines");
      stat_seen = true;
      out->stat = std::stoi(m[1]);
      continue;
    }
    if (line.rfind("+CIPSTATUS:", 0) != 0) continue;
    if (!stat_seen) return response_failure(r, "a +CIPSTATUS: line before STATUS:<stat>");
    const Fields f = split_fields(std::string_view(line).substr(11));
    const std::string form =
        "\"" + line +
        "\" is not +CIPSTATUS:<link ID>,\"<type>\",\"<remote IP>\",<remote port>,"
        "<local port>,<tetype>: ";
    if (f.size() < 6) return response_failure(r, form + "fewer than six fields");
    auto id = to_number(f[0].value);
    auto rport = to_number(f[3].value), lport = to_number(f[4].value);
    auto tetype = to_number(f[5].value);
    if (f[0].quoted || !id || *id < 0 || *id > 4)
      return response_failure(r, form + "<link ID> is not 0..4");
    if (!f[1].quoted || (f[1].value != "TCP" && f[1].value != "UDP" && f[1].value != "SSL"))
      return response_failure(r, form + "<type> is not the string \"TCP\", \"UDP\" or \"SSL\"");
    if (!f[2].quoted || !is_ip(f[2].value))
      return response_failure(r, form + "<remote IP> is not a quoted IP address");
    if (f[3].quoted || !rport || *rport < 1 || *rport > 65535 || f[4].quoted || !lport ||
        *lport < 1 || *lport > 65535)
      return response_failure(r, form + "a port is not a number 1..65535");
    if (f[5].quoted || !tetype || (*tetype != 0 && *tetype != 1))
      return response_failure(r, form + "<tetype> is not 0 or 1");
    if (f.size() > 6) observe("cipstatus_extra_fields", line);
    out->links.push_back({static_cast<int>(*id), f[1].value, f[2].value, static_cast<int>(*rport),
                          static_cast<int>(*lport), static_cast<int>(*tetype)});
  }
  if (!stat_seen) return response_failure(r, "no STATUS:<stat> line");
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult NetworkTest::got_ipd(Millis timeout, std::optional<IpdFrame>* frame) {
  std::optional<Event> e;
  auto got = got_urc(dut(), R"(\+IPD,.*)", timeout, &e);
  *frame = e && e->ipd ? e->ipd : std::nullopt;
  if (!got) return got;
  if (!*frame) return ::testing::AssertionFailure() << "\"" << e->text << "\" is not a +IPD frame";
  return ::testing::AssertionSuccess();
}

std::optional<IpdFrame> NetworkTest::next_ipd(Millis timeout) {
  auto e = dut().wait_urc(R"(\+IPD,.*)", timeout);
  if (!e || !e->ipd) return std::nullopt;
  return e->ipd;
}

std::string NetworkTest::collect_ipd(std::size_t total, Millis timeout,
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

void NetworkTest::pause_until(Clock::time_point t) {
  std::this_thread::sleep_until(t);
}

}  // namespace atc::support
