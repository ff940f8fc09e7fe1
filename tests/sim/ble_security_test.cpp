// SMP-lite between two simulated ESP32s (ESP32 §6.2.31-6.2.37): just works, passkey entry,
// numeric comparison, rejection, bonds and their clearing; and each security defect.
#include <gtest/gtest.h>

#include <regex>

#include "tests/sim/ble_pair.hpp"

using namespace atsim_test;

namespace {
// The six digits of +BLESECNTFYKEY:0,<key> in `text`, or -1.
long shown_key(const std::string& text) {
  std::smatch m;
  if (!std::regex_search(text, m, std::regex(R"(\+BLESECNTFYKEY:0,(\d+)\r\n)"))) return -1;
  return std::stol(m[1]);
}
// The client asks, the server is told and accepts.
void request_and_accept(BlePair& p) {
  EXPECT_TRUE(is_ok(p.c("AT+BLEENC=0,3")));
  ASSERT_TRUE(p.sp().wait_for("+BLESECREQ:0\r\n", 2000ms)) << p.sp().input();
  p.sp().take();
  EXPECT_TRUE(is_ok(p.s("AT+BLEENCRSP=0,1")));
}
}  // namespace

TEST(AtsimBleSecurity, ParametersQueryAndRanges) {
  BlePair p({}, {}, false);
  EXPECT_TRUE(has(p.s("AT+BLESECPARAM?"), "+BLESECPARAM:1,3,16,3,3\r\n"));
  EXPECT_TRUE(is_ok(p.s("AT+BLESECPARAM=1,4,16,3,3")));  // §6.2.31's example
  EXPECT_TRUE(has(p.s("AT+BLESECPARAM?"), "+BLESECPARAM:1,4,16,3,3\r\n"));
  EXPECT_TRUE(is_error(p.s("AT+BLESECPARAM=1,4,6,3,3")));
  EXPECT_TRUE(is_error(p.s("AT+BLESECPARAM=1,4,17,3,3")));
  EXPECT_TRUE(is_error(p.s("AT+BLESECPARAM=1,5,16,3,3")));
  EXPECT_TRUE(is_error(p.s("AT+BLESECPARAM=3,4,16,3,3")));  // not in the document's list
  EXPECT_TRUE(is_error(p.s("AT+BLESECPARAM=8,4,16,3,3")));  // ESP-IDF's SC_ONLY: not the document's
  EXPECT_TRUE(is_error(p.s("AT+BLESECPARAM=1,4,16,16,3")));
  EXPECT_TRUE(is_error(p.s("AT+BLEENC=0,1")));  // no connection
}

TEST(AtsimBleSecurity, JustWorksBondsAndReencryptsWithTheBond) {
  BlePair p;
  request_and_accept(p);
  EXPECT_TRUE(p.cp().wait_for("+BLEAUTHCMPL:0,0\r\n", 3000ms)) << p.cp().input();
  EXPECT_TRUE(p.sp().wait_for("+BLEAUTHCMPL:0,0\r\n", 3000ms)) << p.sp().input();
  p.sp().take();
  p.cp().take();
  EXPECT_TRUE(has(p.s("AT+BLEENCDEV?"), "+BLEENCDEV:0,\"24:0a:c4:00:01:03\"\r\n"));
  EXPECT_TRUE(has(p.c("AT+BLEENCDEV?"), "+BLEENCDEV:0,\"24:0a:c4:00:00:03\"\r\n"));
  // Reconnect: the bond encrypts without a new pairing request.
  EXPECT_TRUE(is_ok(p.c("AT+BLEDISCONN=0")));
  ASSERT_TRUE(p.sp().wait_for("+BLEDISCONN:", 2000ms));
  EXPECT_TRUE(is_ok(p.s("AT+BLEADVSTART")));
  EXPECT_TRUE(is_ok(p.c("AT+BLECONN=0,\"24:0a:c4:00:00:03\"")));
  ASSERT_TRUE(p.sp().wait_for("+BLECONN:0,", 3000ms));
  p.sp().take();
  p.cp().take();
  EXPECT_TRUE(is_ok(p.c("AT+BLEENC=0,1")));
  EXPECT_TRUE(p.cp().wait_for("+BLEAUTHCMPL:0,0\r\n", 3000ms)) << p.cp().input();
  EXPECT_FALSE(has(p.sp().input(), "+BLESECREQ"));
  // Bonds are kept in NVS like the IDF stack's: they survive a reset.
  EXPECT_TRUE(is_ok(p.s("AT+RST")));
  ASSERT_TRUE(p.sp().wait_for("ready\r\n", 3000ms));
  p.sp().take();
  EXPECT_TRUE(is_ok(p.s("AT+BLEINIT=2")));
  EXPECT_TRUE(has(p.s("AT+BLEENCDEV?"), "+BLEENCDEV:0,"));
  EXPECT_TRUE(is_error(p.s("AT+BLEENCCLEAR=1")));  // no bond there
  EXPECT_TRUE(is_ok(p.s("AT+BLEENCCLEAR=0")));
  EXPECT_EQ(p.s("AT+BLEENCDEV?"), "AT+BLEENCDEV?\r\n\r\nOK\r\n");
}

TEST(AtsimBleSecurity, PasskeyEntryRightAndWrong) {
  // The server displays (DisplayOnly), the client types (KeyboardOnly); MITM asked (2).
  BlePair p;
  EXPECT_TRUE(is_ok(p.s("AT+BLESECPARAM=2,0,16,3,3")));
  EXPECT_TRUE(is_ok(p.c("AT+BLESECPARAM=2,2,16,3,3")));
  request_and_accept(p);
  ASSERT_TRUE(p.sp().wait_for("+BLESECNTFYKEY:0,", 2000ms));
  ASSERT_TRUE(p.sp().wait_for("\r\n", 100ms));
  const long key = shown_key(p.sp().take());
  ASSERT_GE(key, 0);
  ASSERT_TRUE(p.cp().wait_for("+BLESECKEYREQ:0\r\n", 2000ms)) << p.cp().input();
  EXPECT_TRUE(is_ok(p.c("AT+BLEKEYREPLY=0," + std::to_string(key))));
  EXPECT_TRUE(p.cp().wait_for("+BLEAUTHCMPL:0,0\r\n", 3000ms)) << p.cp().input();
  EXPECT_TRUE(p.sp().wait_for("+BLEAUTHCMPL:0,0\r\n", 3000ms)) << p.sp().input();
  EXPECT_TRUE(is_error(p.c("AT+BLEKEYREPLY=0,1000000")));
  EXPECT_TRUE(is_error(p.c("AT+BLEKEYREPLY=1,123456")));
  EXPECT_TRUE(is_error(p.c("AT+BLEKEYREPLY=0,abc")));

  BlePair q;
  EXPECT_TRUE(is_ok(q.s("AT+BLESECPARAM=2,0,16,3,3")));
  EXPECT_TRUE(is_ok(q.c("AT+BLESECPARAM=2,2,16,3,3")));
  request_and_accept(q);
  ASSERT_TRUE(q.cp().wait_for("+BLESECKEYREQ:0\r\n", 2000ms));
  ASSERT_TRUE(q.sp().wait_for("+BLESECNTFYKEY:0,", 2000ms) && q.sp().wait_for("\r\n", 100ms));
  const long right = shown_key(q.sp().take());
  EXPECT_TRUE(is_ok(q.c("AT+BLEKEYREPLY=0," + std::to_string((right + 1) % 1000000))));
  EXPECT_TRUE(q.cp().wait_for("+BLEAUTHCMPL:0,1\r\n", 3000ms)) << q.cp().input();
  EXPECT_TRUE(q.sp().wait_for("+BLEAUTHCMPL:0,1\r\n", 3000ms)) << q.sp().input();
}

TEST(AtsimBleSecurity, NumericComparisonBothConfirm) {
  BlePair p;
  EXPECT_TRUE(is_ok(p.s("AT+BLESECPARAM=6,1,16,3,3")));  // SC_MITM, DisplayYesNo
  EXPECT_TRUE(is_ok(p.c("AT+BLESECPARAM=6,1,16,3,3")));
  request_and_accept(p);
  ASSERT_TRUE(p.cp().wait_for("+BLESECNTFYKEY:0,", 2000ms) && p.cp().wait_for("\r\n", 100ms));
  ASSERT_TRUE(p.sp().wait_for("+BLESECNTFYKEY:0,", 2000ms) && p.sp().wait_for("\r\n", 100ms));
  const long a = shown_key(p.cp().take()), b = shown_key(p.sp().take());
  EXPECT_EQ(a, b);
  EXPECT_TRUE(is_ok(p.s("AT+BLECONFREPLY=0,1")));
  EXPECT_TRUE(is_ok(p.c("AT+BLECONFREPLY=0,1")));
  EXPECT_TRUE(p.cp().wait_for("+BLEAUTHCMPL:0,0\r\n", 3000ms)) << p.cp().input();
  EXPECT_TRUE(p.sp().wait_for("+BLEAUTHCMPL:0,0\r\n", 3000ms)) << p.sp().input();
  EXPECT_TRUE(is_error(p.c("AT+BLECONFREPLY=0,2")));
}

TEST(AtsimBleSecurity, RejectedPairingFailsOnBothSides) {
  BlePair p;
  EXPECT_TRUE(is_ok(p.c("AT+BLEENC=0,1")));
  ASSERT_TRUE(p.sp().wait_for("+BLESECREQ:0\r\n", 2000ms));
  p.sp().take();
  EXPECT_TRUE(is_error(p.s("AT+BLEENCRSP=0,2")));
  EXPECT_TRUE(is_ok(p.s("AT+BLEENCRSP=0,0")));
  EXPECT_TRUE(p.cp().wait_for("+BLEAUTHCMPL:0,1\r\n", 3000ms)) << p.cp().input();
  EXPECT_TRUE(p.sp().wait_for("+BLEAUTHCMPL:0,1\r\n", 3000ms));
  p.sp().take();
  EXPECT_EQ(p.s("AT+BLEENCDEV?"), "AT+BLEENCDEV?\r\n\r\nOK\r\n");
}

TEST(AtsimBleSecurity, ServerAsksWithASecurityRequest) {
  BlePair p;
  EXPECT_TRUE(is_ok(p.s("AT+BLEENC=0,1")));
  ASSERT_TRUE(p.cp().wait_for("+BLESECREQ:0\r\n", 2000ms)) << p.cp().input();
  EXPECT_TRUE(is_ok(p.c("AT+BLEENCRSP=0,1")));
  ASSERT_TRUE(p.sp().wait_for("+BLESECREQ:0\r\n", 2000ms)) << p.sp().input();
  EXPECT_TRUE(is_ok(p.s("AT+BLEENCRSP=0,1")));
  EXPECT_TRUE(p.sp().wait_for("+BLEAUTHCMPL:0,0\r\n", 3000ms)) << p.sp().input();
}

// ---- the planted defects

TEST(AtsimBleSecurityDefects, SecparamKeysizeUnchecked) {
  BlePair p({"--defect", "secparam-keysize-unchecked"}, {}, false);
  EXPECT_TRUE(is_ok(p.s("AT+BLESECPARAM=1,4,6,3,3")));
  EXPECT_TRUE(is_ok(p.s("AT+BLESECPARAM=1,4,17,3,3")));
}

TEST(AtsimBleSecurityDefects, EncNoAuthcmpl) {
  BlePair p({}, {"--defect", "enc-no-authcmpl"});
  request_and_accept(p);
  EXPECT_TRUE(p.sp().wait_for("+BLEAUTHCMPL:0,0\r\n", 3000ms));
  p.cp().drain_for(300ms);
  EXPECT_FALSE(has(p.cp().take(), "+BLEAUTHCMPL"));
}

TEST(AtsimBleSecurityDefects, EncrspRejectIgnored) {
  BlePair p({"--defect", "encrsp-reject-ignored"});
  EXPECT_TRUE(is_ok(p.c("AT+BLEENC=0,1")));
  ASSERT_TRUE(p.sp().wait_for("+BLESECREQ:0\r\n", 2000ms));
  EXPECT_TRUE(is_ok(p.s("AT+BLEENCRSP=0,0")));
  EXPECT_TRUE(p.cp().wait_for("+BLEAUTHCMPL:0,0\r\n", 3000ms)) << p.cp().input();
}

TEST(AtsimBleSecurityDefects, KeyreplyAnyKey) {
  BlePair p({}, {"--defect", "keyreply-any-key"});
  EXPECT_TRUE(is_ok(p.s("AT+BLESECPARAM=2,0,16,3,3")));
  EXPECT_TRUE(is_ok(p.c("AT+BLESECPARAM=2,2,16,3,3")));
  request_and_accept(p);
  ASSERT_TRUE(p.cp().wait_for("+BLESECKEYREQ:0\r\n", 2000ms));
  ASSERT_TRUE(p.sp().wait_for("+BLESECNTFYKEY:0,", 2000ms) && p.sp().wait_for("\r\n", 100ms));
  const long right = shown_key(p.sp().take());
  EXPECT_TRUE(is_ok(p.c("AT+BLEKEYREPLY=0," + std::to_string((right + 1) % 1000000))));
  EXPECT_TRUE(p.cp().wait_for("+BLEAUTHCMPL:0,0\r\n", 3000ms)) << p.cp().input();
}

TEST(AtsimBleSecurityDefects, ConfreplyIgnored) {
  BlePair p({"--defect", "confreply-ignored"});
  EXPECT_TRUE(is_ok(p.s("AT+BLESECPARAM=6,1,16,3,3")));
  EXPECT_TRUE(is_ok(p.c("AT+BLESECPARAM=6,1,16,3,3")));
  request_and_accept(p);
  ASSERT_TRUE(p.sp().wait_for("+BLESECNTFYKEY:0,", 2000ms));
  ASSERT_TRUE(p.cp().wait_for("+BLESECNTFYKEY:0,", 2000ms));
  EXPECT_TRUE(is_ok(p.s("AT+BLECONFREPLY=0,0")));  // the server's user says no...
  EXPECT_TRUE(is_ok(p.c("AT+BLECONFREPLY=0,1")));
  EXPECT_TRUE(p.cp().wait_for("+BLEAUTHCMPL:0,0\r\n", 3000ms))
      << p.cp().input();  // ...paired anyway
}

TEST(AtsimBleSecurityDefects, EncdevListsUnbonded) {
  BlePair p({"--defect", "encdev-lists-unbonded"});
  EXPECT_TRUE(is_ok(p.s("AT+BLESECPARAM=0,3,16,3,3")));  // NO_BOND
  EXPECT_TRUE(is_ok(p.c("AT+BLESECPARAM=0,3,16,3,3")));
  request_and_accept(p);
  ASSERT_TRUE(p.sp().wait_for("+BLEAUTHCMPL:0,0\r\n", 3000ms));
  p.sp().take();
  EXPECT_TRUE(has(p.s("AT+BLEENCDEV?"), "+BLEENCDEV:0,"));
}

TEST(AtsimBleSecurityDefects, EncclearNoop) {
  BlePair p({"--defect", "encclear-noop"});
  request_and_accept(p);
  ASSERT_TRUE(p.sp().wait_for("+BLEAUTHCMPL:0,0\r\n", 3000ms));
  p.sp().take();
  EXPECT_TRUE(is_ok(p.s("AT+BLEENCCLEAR")));
  EXPECT_TRUE(has(p.s("AT+BLEENCDEV?"), "+BLEENCDEV:0,"));
}
