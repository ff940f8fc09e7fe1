#include "suites/support/ble_test.hpp"

#include <algorithm>

#include "fixtures/fixture_error.hpp"
#include "harness/testing/check_counts.hpp"

namespace atc::support {

namespace {

using fixtures::FixtureError;

// The values of the lines that start with any of `prefixes` (the document's spellings and the
// real one), prefix removed.
std::vector<std::string> values_with(const Response& r, const std::vector<std::string>& prefixes) {
  std::vector<std::string> out;
  for (const auto& line : r.info)
    for (const auto& p : prefixes)
      if (line.rfind(p, 0) == 0) {
        out.push_back(line.substr(p.size()));
        break;
      }
  return out;
}

}  // namespace

::testing::AssertionResult sent_ok(const DataExchange& x) {
  if (!x.prompted())
    return ::testing::AssertionFailure()
           << "no data prompt \">\" for " << x.prompt.command << ": " << x.prompt.describe() << "\n"
           << x.prompt.tail;
  if (!x.ok())
    return ::testing::AssertionFailure() << "the data of " << x.prompt.command
                                         << " did not end in OK: " << x.result->describe() << "\n"
                                         << x.result->tail;
  return ::testing::AssertionSuccess();
}

::testing::AssertionResult refused(const DataExchange& x) {
  // The document does not say whether a refusal comes before the prompt or after the data.
  if (x.prompt.error() || (x.result && x.result->error())) {
    count_error_answered();
    return ::testing::AssertionSuccess();
  }
  ::testing::AssertionResult r = ::testing::AssertionFailure();
  r << x.prompt.command << " should be answered ERROR, but got " << x.prompt.describe();
  if (x.result) r << " and, after the data, " << x.result->describe();
  return r << "\n" << (x.result ? x.result->tail : x.prompt.tail);
}

std::vector<std::string> BleTest::roles() {
  std::vector<std::string> r{std::string(kMainRole)};
  r.insert(r.end(), definition().spec.roles.begin(), definition().spec.roles.end());
  return r;
}

void BleTest::preamble() {
  for (const std::string& who : roles()) {
    Response r;
    auto f = query("BLEINIT", who, &r);
    if (!f || f->size() != 1) {
      failed_clause(clause_of("6.2.1"));
      FAIL() << "preamble: AT+BLEINIT? on " << who
             << " did not answer +BLEINIT:<role> OK: " << r.describe() << "\n"
             << r.tail;
    }
    if ((*f)[0].value != "0") {
      Response off = d(who).command("AT+BLEINIT=0");
      if (!off.ok()) {
        failed_clause(clause_of("6.2.1"));
        FAIL() << "preamble: AT+BLEINIT=0 on " << who << ": " << off.describe() << "\n" << off.tail;
      }
    }
    on_teardown("AT+RST (" + who + ")", [this, who] { reset_ble(who); });
  }
  // The simulated BLE world dying while the test ran is the rig's problem, whatever the test
  // made of it (registered first, so checked last).
  if (rig().ble && rig().ble->simulated() && rig().ble->sim_problem &&
      rig().ble->sim_problem().empty()) {
    on_teardown("the simulated BLE world still runs", [this] {
      if (const std::string why = rig().ble->sim_problem(); !why.empty())
        throw fixtures::FixtureError("during the test: " + why);
    });
  }
  const auto& items = definition().pixit;
  if (std::find(items.begin(), items.end(), "ble") == items.end()) return;
  std::vector<std::string> addresses;
  for (const std::string& who : roles()) {
    addresses.push_back(address(who));
    if (addresses.back().empty()) FAIL() << "preamble: the address of " << who << " is unknown";
  }
  peer();
  // A device object left from before says nothing about now (BlueZ caches GATT and bonds).
  for (const auto& a : addresses)
    if (peer_->device(a)) peer_->remove_device(a, connect_deadline());
  peer_mark_ = peer_->event_mark();
  // Runs before the DUTs are de-initialised (postambles run last-first).
  on_teardown("the BLE peer forgets the DUT", [this] { peer_.reset(); });
}

::testing::AssertionResult BleTest::init(int role, std::string_view who) {
  Response r = d(who).command("AT+BLEINIT=" + std::to_string(role));
  if (r.ok()) return ::testing::AssertionSuccess();
  failed_clause(clause_of("6.2.1"));
  return ::testing::AssertionFailure()
         << "AT+BLEINIT=" << role << " on " << who << ": " << r.describe() << "\n"
         << r.tail;
}

void BleTest::deinit(std::string_view who) {
  Response r = d(who).command("AT+BLEINIT=0");
  if (r.ok()) return;
  // A DUT that refuses to de-initialise is put back by a reset (BLE is not saved, §7).
  Dut::ResetOutcome reset = d(who).reset_by_command();
  if (!reset.ready) {
    failed_clause(clause_of("6.2.1"));
    ADD_FAILURE() << "postamble: AT+BLEINIT=0 on " << who << " answered " << r.describe()
                  << " and AT+RST brought no ready\n"
                  << d(who).tail();
  }
}

void BleTest::reset_ble(std::string_view who) {
  // BLE settings are not in §7: a reset puts every one back to its default (AT+BLEINIT=0 alone
  // keeps the name, parameters and data set before, as the ESP-IDF stack does).
  if (d(who).reset_by_command().ready) return;
  failed_clause(clause_of("3.2.2"));
  ADD_FAILURE() << "postamble: AT+RST on " << who << " brought no ready\n" << d(who).tail();
}

std::optional<Fields> BleTest::query(const std::string& name, std::string_view who, Response* out) {
  Response r = d(who).command("AT+" + name + "?");
  const auto v = r.values(name);
  std::optional<Fields> f;
  if (r.ok() && v.size() == 1) f = split_fields(v[0]);
  if (out) *out = std::move(r);
  return f;
}

std::string BleTest::address(std::string_view who) {
  auto& known = env().shared<std::map<std::string, std::string>>("support.ble.addresses", [] {
    return std::make_unique<std::map<std::string, std::string>>();
  });
  if (auto it = known.find(std::string(who)); it != known.end()) return it->second;
  Response r = d(who).command("AT+BLEADDR?");
  const bool was_off = !r.ok();
  if (was_off) {
    if (!init(kBleClient, who)) return {};
    r = d(who).command("AT+BLEADDR?");
  }
  const auto v = r.values("BLEADDR");
  const std::string a = v.size() == 1 ? ble_address(v[0]) : std::string();
  if (was_off) deinit(who);
  if (a.empty()) {
    failed_clause(clause_of("6.2.2"));
    ADD_FAILURE() << "AT+BLEADDR? on " << who << " gave no +BLEADDR:<address>: " << r.describe()
                  << "\n"
                  << r.tail;
    return {};
  }
  known[std::string(who)] = a;
  return a;
}

DataExchange BleTest::with_data(const std::string& line, const std::string& data,
                                std::string_view who) {
  DataExchange x;
  x.prompt = d(who).prompt_command(line, gatt_timeout());
  // At the UART's pace, with room for the procedure on air that follows.
  if (x.prompted())
    x.result = d(who).send_data(data, gatt_timeout() + Millis(static_cast<long>(data.size())));
  return x;
}

Response BleTest::enter_spp(std::string_view who) {
  Response r = d(who).enter_passthrough("AT+BLESPP");
  if (r.final != Final::prompt) return r;
  // In passthrough the framer keeps even a space behind the prompt as data; nothing else can
  // have come yet (the peer has not sent).
  const std::string after = d(who).take_raw(1, Millis{100});
  if (!after.empty() && after != " ")
    ADD_FAILURE() << "bytes behind the AT+BLESPP prompt on " << who << " before any data: \""
                  << after << "\"";
  return r;
}

std::vector<LocalChar> BleTest::local_chars(std::string_view who) {
  Response r = d(who).command("AT+BLEGATTSCHAR?");
  std::vector<LocalChar> out;
  if (!r.ok()) {
    failed_clause(clause_of("6.2.20"));
    ADD_FAILURE() << "AT+BLEGATTSCHAR? on " << who << ": " << r.describe() << "\n" << r.tail;
    return out;
  }
  // The document spells the prefix +BLEGATTSCCHAR: (§6.2.20, §9.5.2.1); builds print the
  // command's name.
  for (const auto& v : values_with(r, {"+BLEGATTSCHAR:", "+BLEGATTSCCHAR:"})) {
    const Fields f = split_fields(v);
    if (f.size() >= 4 && f[0].value == "char") {
      LocalChar c;
      c.srv = static_cast<int>(to_number(f[1].value).value_or(0));
      c.chr = static_cast<int>(to_number(f[2].value).value_or(0));
      c.uuid = f[3].value;
      c.props = f.size() > 4 ? properties(f[4].value).value_or(-1) : -1;
      out.push_back(c);
    } else if (f.size() >= 4 && f[0].value == "desc" && !out.empty()) {
      out.back().descs.emplace_back(static_cast<int>(to_number(f[3].value).value_or(0)),
                                    f.size() > 4 ? f[4].value : std::string());
    }
  }
  return out;
}

std::optional<LocalChar> BleTest::local_char(const std::string& uuid, std::string_view who) {
  for (const auto& c : local_chars(who))
    if (same_uuid(c.uuid, uuid)) return c;
  return std::nullopt;
}

::testing::AssertionResult BleTest::serve_and_advertise(std::string_view who) {
  for (const char* c : {"AT+BLEGATTSSRVCRE", "AT+BLEGATTSSRVSTART", "AT+BLEADVSTART"}) {
    Response r = d(who).command(c);
    if (!r.ok())
      return ::testing::AssertionFailure() << c << " on " << who << ": " << r.describe() << "\n"
                                           << r.tail;
  }
  return ::testing::AssertionSuccess();
}

std::vector<RemoteService> BleTest::primary_services(std::string_view who, Response* out) {
  Response r = d(who).command("AT+BLEGATTCPRIMSRV=0", gatt_timeout());
  std::vector<RemoteService> s;
  for (const auto& v : values_with(r, {"+BLEGATTCPRIMSRV:"})) {
    const Fields f = split_fields(v);
    if (f.size() < 4) continue;
    s.push_back({static_cast<int>(to_number(f[1].value).value_or(0)), f[2].value,
                 static_cast<int>(to_number(f[3].value).value_or(-1))});
  }
  if (out) *out = std::move(r);
  return s;
}

std::vector<RemoteChar> BleTest::remote_chars(int srv, std::string_view who, Response* out) {
  Response r = d(who).command("AT+BLEGATTCCHAR=0," + std::to_string(srv), gatt_timeout());
  std::vector<RemoteChar> chars;
  // The document spells the prefix +BLEGATTCHAR: (§6.2.26, §9.5.2.1).
  for (const auto& v : values_with(r, {"+BLEGATTCCHAR:", "+BLEGATTCHAR:"})) {
    const Fields f = split_fields(v);
    if (f.size() >= 6 && f[0].value == "char") {
      RemoteChar c;
      c.srv = static_cast<int>(to_number(f[2].value).value_or(0));
      c.chr = static_cast<int>(to_number(f[3].value).value_or(0));
      c.uuid = f[4].value;
      c.props = properties(f[5].value).value_or(-1);
      chars.push_back(c);
    } else if (f.size() >= 6 && f[0].value == "desc" && !chars.empty()) {
      chars.back().descs.emplace_back(static_cast<int>(to_number(f[4].value).value_or(0)),
                                      f[5].value);
    }
  }
  if (out) *out = std::move(r);
  return chars;
}

std::optional<Event> BleTest::message(const std::string& pattern, Millis timeout,
                                      std::string_view who) {
  return d(who).wait_urc(pattern, timeout);
}

std::string BleTest::conn_message(const std::string& address) {
  return "\\+BLECONN:0," + address_regex(address);
}

std::string BleTest::disconn_message(const std::string& address) {
  return "\\+BLEDISCONN:0," + address_regex(address);
}

fixtures::BlePeer& BleTest::peer() {
  if (peer_) return *peer_;
  if (!rig().ble) throw FixtureError("the rig names no BLE peer (<ble>)");
  const BlePixit& b = *rig().ble;
  if (b.simulated()) {
    if (b.sim_problem) {
      if (const std::string why = b.sim_problem(); !why.empty()) throw FixtureError(why);
    }
    if (b.sim_bus.empty())
      throw FixtureError("the run did not start the simulated BLE world (<ble bus=\"sim\">)");
  }
  peer_ = std::make_unique<fixtures::BlePeer>(b.adapter, b.peer_bus());
  peer_mark_ = peer_->event_mark();
  return *peer_;
}

std::string BleTest::peer_address() {
  return ble_address(peer().adapter().address);
}

std::optional<fixtures::BleDevice> BleTest::discover(
    const std::string& address, const std::function<bool(const fixtures::BleDevice&)>& ready) {
  fixtures::BleDiscoveryFilter filter;
  filter.pattern = address;
  peer().start_discovery(filter);
  auto dev = peer().wait_device(address, scan_deadline(), ready);
  if (!dev)
    ADD_FAILURE() << "the BLE peer (" << peer().where() << ") did not discover " << address
                  << (ready ? " with the expected data" : "") << " within "
                  << scan_timeout().count() << " ms\n"
                  << peer_timeline();
  return dev;
}

::testing::AssertionResult BleTest::peer_connects(std::string_view who, bool resolve) {
  const std::string a = address(who);
  if (a.empty()) return ::testing::AssertionFailure() << "the address of " << who << " is unknown";
  if (!discover(a)) return ::testing::AssertionFailure() << who << " (" << a << ") not discovered";
  peer().stop_discovery();
  const auto c = peer().connect(a, connect_deadline());
  if (!c)
    return ::testing::AssertionFailure() << "the peer could not connect to " << who << " (" << a
                                         << ") advertising: " << c.describe() << "\n"
                                         << peer_timeline();
  if (!message(conn_message(peer_address()), connect_timeout(), who))
    return ::testing::AssertionFailure()
           << who << " printed no +BLECONN:0,\"" << peer_address() << "\" when the peer connected\n"
           << d(who).tail();
  if (resolve && !peer().wait_services_resolved(a, connect_deadline()))
    return ::testing::AssertionFailure() << "BlueZ did not resolve the services of " << who
                                         << " within " << connect_timeout().count() << " ms\n"
                                         << peer_timeline();
  return ::testing::AssertionSuccess();
}

void BleTest::advertise_peer() {
  if (!advertisement_.empty()) return;
  fixtures::BleAdvertisement ad;
  ad.local_name = "atc-peer";
  advertisement_ = peer().advertise(ad);
}

::testing::AssertionResult BleTest::connect_to_peer(std::string_view who) {
  const std::string mine = address(who);
  if (mine.empty())
    return ::testing::AssertionFailure() << "the address of " << who << " is unknown";
  advertise_peer();
  const std::string pa = peer_address();
  const std::string type = peer().adapter().address_type == "random" ? ",1" : "";
  Response r = d(who).command("AT+BLECONN=0,\"" + lower(pa) + "\"" + type);
  if (!r.ok()) {
    failed_clause(clause_of("6.2.11"));
    return ::testing::AssertionFailure()
           << r.command << " on " << who << ": " << r.describe() << "\n"
           << r.tail;
  }
  if (!message(conn_message(pa), connect_timeout(), who)) {
    failed_clause(clause_of("6.2.11"));
    return ::testing::AssertionFailure() << who << " printed no +BLECONN:0,\"" << pa << "\" within "
                                         << connect_timeout().count() << " ms\n"
                                         << d(who).tail();
  }
  if (!peer().wait_connected_by(mine, connect_deadline()))
    return ::testing::AssertionFailure()
           << "the peer saw no connection from " << who << " (" << mine << ")\n"
           << peer_timeline();
  return ::testing::AssertionSuccess();
}

AirTruth BleTest::truth() {
  if (!rig().ble) throw FixtureError("the rig names no <ble>: there is no air to observe");
  const BlePixit& b = *rig().ble;
  if (b.sim_problem) {
    if (const std::string why = b.sim_problem(); !why.empty()) throw FixtureError(why);
  }
  if (b.sim_truth.empty()) throw FixtureError("the simulated air records no ground truth");
  return AirTruth(b.sim_truth);
}

}  // namespace atc::support
