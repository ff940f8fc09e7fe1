// esp32 §5.2.22, esp8266 §5.2.16: AT+CIUPDATE. The image and the server are the rig's (PIXIT
// <net><ota>): its own OTA server, or one the suite serves on this host with the image the rig
// names, the version that image carries and an image that puts the DUT's firmware back.
#include <fstream>
#include <regex>
#include <sstream>

#include "fixtures/firmware_server.hpp"
#include "fixtures/fixture_error.hpp"
#include "suites/tcpip/tcpip_fixture.hpp"

namespace atc::tcpip {
namespace {
using namespace std::chrono_literals;
using fixtures::deadline_in;

// A real update writes flash over Wi-Fi: allow it a minute or two.
constexpr Millis kUpdateLimit{120000};

std::string read_image(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw fixtures::FixtureError("cannot read the rig's OTA image " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The "AT version:" line of AT+GMR (§3.2.3 prints it first on both chips).
::testing::AssertionResult at_version(Dut& dut, std::string* line) {
  Response r = dut.command("AT+GMR");
  if (!r.ok()) return is_ok(r);
  return has_line_matching(r, "AT version:.*", line);
}

// The FOTA steps "+CIPUPDATE:<n>" (the ESP32 document also writes "+CIPUPDATE :<n>").
std::vector<std::string> steps_of(const Response& r) {
  static const std::regex step(R"(\+CIPUPDATE ?:(\d+))");
  std::vector<std::string> out;
  std::smatch m;
  for (const auto& l : r.info)
    if (std::regex_match(l, m, step)) out.push_back(m[1]);
  return out;
}
}  // namespace

ATC_TEST(TcpIp, CiupdateInstallsTheImageAndComesBack,
         {.purpose = "Ensure that AT+CIUPDATE fetches the image from the rig's OTA server, "
                     "prints the four FOTA steps +CIPUPDATE:1..4, answers OK, and that after the "
                     "reboot the DUT runs the version the image carries",
          .clauses = {"esp32 §5.2.22", "esp8266 §5.2.16"},
          .features = {"ota"},
          .pixit = {"ota"}}) {
  const OtaPixit& ota = *net().ota;
  // Shared with the postamble, which runs after this body's locals are gone.
  auto server = std::make_shared<fixtures::FirmwareServer>();
  if (!ota.image.empty()) {
    server->listen({ota.host, static_cast<std::uint16_t>(host_port(ota.port))});
    server->serve(ota.path, {.body = read_image(ota.image)});
  }
  std::string old_version;
  if (auto v = at_version(dut(), &old_version); !v) {
    failed_clause(clause_of("3.2.3"));
    FAIL() << v.message() << "\n(the version before the update)";
  }
  if (!ota.restore_image.empty()) {
    on_teardown("the rig's restore image installed", [this, server, ota] {
      server->serve(ota.path, {.body = read_image(ota.restore_image)});
      dut().clear_urcs();
      if (!dut().command("AT+CIUPDATE", kUpdateLimit).ok()) return;
      if (dut().wait_urc("ready", dut().timing().boot)) {
        rejoin_after_boot();
      } else {
        reset_and_rejoin();
      }
    });
  }
  dut().clear_urcs();
  Response r = dut().command("AT+CIUPDATE", kUpdateLimit);
  ASSERT_TRUE(is_ok(r));
  EXPECT_EQ(steps_of(r), (std::vector<std::string>{"1", "2", "3", "4"}))
      << "the FOTA steps of §5.2.22 / §5.2.16, in order";
  if (!ota.image.empty()) {
    auto got = server->wait_request(deadline_in(1s));
    ASSERT_TRUE(got) << "OK, but the OTA fixture served no request";
    EXPECT_EQ(got->request.target, ota.path) << "the image the DUT asked for";
  }
  // Neither document says the DUT restarts by itself: the new firmware must run after a boot,
  // its own or one the suite asks for.
  if (dut().wait_urc("ready", dut().timing().boot)) {
    ASSERT_TRUE(rejoin_after_boot());
  } else {
    observe("ciupdate_reboot", "no ready after OK within the boot time; AT+RST sent");
    ASSERT_TRUE(reset_and_rejoin());
  }
  std::string now;
  ASSERT_TRUE(at_version(dut(), &now)) << "after the update";
  if (ota.version.empty()) {
    observe("ciupdate_version", old_version + " -> " + now);
  } else {
    EXPECT_EQ(now.rfind("AT version:" + ota.version, 0), 0u)
        << "after the update AT+GMR says \"" << now << "\", not the image's version " << ota.version
        << " (before: \"" << old_version << "\")";
  }
}

ATC_TEST(TcpIp, CiupdateRefusesAFormTheDocumentDoesNotDefine,
         {.purpose = "Ensure that AT+CIUPDATE with an <ota_mode> other than 0/1 (ESP32) or in a "
                     "set form (ESP8266, execute only) answers ERROR and updates nothing",
          .clauses = {"esp32 §5.2.22", "esp8266 §5.2.16"},
          .features = {"ota"}}) {
  std::string before;
  ASSERT_TRUE(at_version(dut(), &before));
  dut().clear_urcs();
  const std::string bad = chip() == Chip::esp32 ? "AT+CIUPDATE=2" : "AT+CIUPDATE=1";
  EXPECT_TRUE(is_error(dut().command(bad, kUpdateLimit))) << bad;
  std::string after;
  ASSERT_TRUE(at_version(dut(), &after)) << "after " << bad;
  EXPECT_EQ(after, before) << "the firmware changed after " << bad;
  // AT+GMR answered above: the DUT is talking, and must not be rebooting into anything.
  EXPECT_FALSE(dut().wait_urc("ready", 1000ms)) << "the DUT rebooted after " << bad;
}

ATC_TEST(TcpIp, CiupdateAnswersErrorWhenTheDownloadFails,
         {.purpose = "Ensure that AT+CIUPDATE answers ERROR, without a reboot and with the old "
                     "firmware still running, when the OTA server has no image (404) or the "
                     "download ends early",
          .clauses = {"esp32 §5.2.22", "esp8266 §5.2.16"},
          .features = {"ota"},
          .pixit = {"ota-image"}}) {
  const OtaPixit& ota = *net().ota;
  fixtures::FirmwareServer server;
  server.listen({ota.host, static_cast<std::uint16_t>(host_port(ota.port))});
  std::string before;
  ASSERT_TRUE(at_version(dut(), &before));
  const std::string image = read_image(ota.image);

  struct Case {
    const char* what;
    std::optional<fixtures::Blob> blob;
  };
  for (const Case& c : {Case{"no image at the path (404)", std::nullopt},
                        Case{"the connection closed after half the image",
                             fixtures::Blob{.body = image, .close_after = image.size() / 2}}}) {
    SCOPED_TRACE(c.what);
    if (c.blob) {
      server.serve(ota.path, *c.blob);
    } else {
      server.remove(ota.path);
    }
    dut().clear_urcs();
    EXPECT_TRUE(is_error(dut().command("AT+CIUPDATE", kUpdateLimit)));
    EXPECT_TRUE(server.wait_request(deadline_in(1s))) << "the DUT did not ask the OTA server";
    std::string after;
    ASSERT_TRUE(at_version(dut(), &after));
    EXPECT_EQ(after, before) << "the firmware changed after a failed download";
    EXPECT_FALSE(dut().wait_urc("ready", 1000ms)) << "the DUT rebooted after a failed download";
  }
}

}  // namespace atc::tcpip
