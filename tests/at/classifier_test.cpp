#include "harness/at/classifier.hpp"

#include <gtest/gtest.h>

#include "harness/at/ipd_header.hpp"

namespace atc::test {
namespace {

TEST(CommandName, OfEachCommandForm) {
  EXPECT_EQ(command_name("AT"), "");
  EXPECT_EQ(command_name("ATE0"), "E");
  EXPECT_EQ(command_name("AT+GMR"), "GMR");
  EXPECT_EQ(command_name("AT+UART_CUR?"), "UART_CUR");
  EXPECT_EQ(command_name("AT+CWJAP=\"a\",\"b\""), "CWJAP");
  EXPECT_EQ(command_name("AT+CWLAP=?"), "CWLAP");
}

TEST(FinalOf, KnowsEveryFinalResult) {
  EXPECT_EQ(final_of("OK"), Final::ok);
  EXPECT_EQ(final_of("ERROR"), Final::error);
  EXPECT_EQ(final_of("FAIL"), Final::fail);
  EXPECT_EQ(final_of("SEND OK"), Final::send_ok);
  EXPECT_EQ(final_of("SEND FAIL"), Final::send_fail);
  EXPECT_EQ(final_of("busy p..."), Final::busy_p);
  EXPECT_EQ(final_of("busy s..."), Final::busy_s);
  EXPECT_EQ(final_of("OK "), Final::none);
  EXPECT_EQ(final_of("ok"), Final::none);
}

TEST(KnownUrc, BothDocumentsMessageLists) {
  for (const char* u :
       {"ready", "WIFI CONNECTED", "WIFI GOT IP", "WIFI DISCONNECT", "0,CONNECT", "4,CLOSED",
        "CONNECT", "CLOSED", "+STA_CONNECTED:\"aa:bb:cc:dd:ee:ff\"",
        "+DIST_STA_IP:\"aa:bb:cc:dd:ee:ff\",\"192.168.4.2\"", "+STA_DISCONNECTED:\"aa\"",
        "+BLECONN:0,\"aa\"", "+BLEDISCONN:0,\"aa\"", "+READ:0,1", "+WRITE:0,1,1,,1,a",
        "+NOTIFY:0,1,1,1,a", "+INDICATE:0,1,1,1,a", "+BLESECNTFYKEY:0,123456", "+BLEAUTHCMPL:0,0"})
    EXPECT_TRUE(is_known_urc(u)) << u;
  EXPECT_FALSE(is_known_urc("+CWMODE:3"));
  EXPECT_FALSE(is_known_urc("123,CLOSED"));
}

TEST(KnownUrc, EveryBleMessageOfEsp32Section8AndOfRealBuilds) {
  for (const char* u : {"+BLECONN:0,\"24:0a:c4:03:f4:d6\"",
                        "+BLECONN:0,24:0a:c4:03:f4:d6",
                        "+BLECONN:0,fail",
                        "+BLECONN:0,-1",
                        "+BLEDISCONN:0,\"24:0a:c4:03:f4:d6\"",
                        "+BLEDISCONN:0,24:0a:c4:03:f4:d6",
                        "+READ:0,\"24:0a:c4:03:f4:d6\"",
                        "+WRITE:0,1,5,,2,ab",
                        "+NOTIFY:0,3,2,1,x",
                        "+INDICATE:0,3,2,1,x",
                        "+BLESECNTFYKEY",
                        "+BLESECNTFYKEY:0,123456",
                        "+BLEAUTHCMPL",
                        "+BLEAUTHCMPL:0,1",
                        "+BLESCAN:c0:45:ff:00:11:3f,-67,02,,0",
                        "+BLESCAN:\"c0:45:ff:00:11:3f\",-67,,,1,4",
                        "+BLESCANDONE",
                        "+BLESECREQ:0",
                        "+BLESECKEYREQ:0",
                        "+BLESECNCREQ:0,123456",
                        "+BLECONNPARAM : 0,-1",
                        "+BLECONNPARAM:0,6,6,6,0,500",
                        "+BLECFGMTU:0,203",
                        "+BLESETPHY:\"6a:60:81:2d:2a:6f\",2,2"})
    EXPECT_TRUE(is_known_urc(u)) << u;
}

TEST(ExpectsPrompt, TheDataCommandsOfBothDocuments) {
  for (const char* c : {"AT+CIPSEND=5", "AT+CIPSEND=0,5", "AT+CIPSEND", "AT+CIPSENDEX=0,5",
                        "AT+CIPSENDBUF=4", "AT+SYSFLASH=1,\"ble_data\",0,4", "AT+FS=0,1,\"f\",0,5",
                        "AT+BLEGATTSNTFY=0,1,6,4", "AT+BLEGATTSIND=0,1,7,3",
                        "AT+BLEGATTSSETATTR=1,1,,4", "AT+BLEGATTCWR=0,3,1,,3", "AT+BLESPP"})
    EXPECT_TRUE(expects_prompt(c)) << c;
  for (const char* c : {"AT+CIPSEND=?", "AT+SYSFLASH=2,\"ble_data\",0,4", "AT+FS=0,2,\"f\",0,5",
                        "AT+BLESPPCFG=1,1,7,1,5", "AT+CIPSTART=\"TCP\",\"a\",1", "AT", "AT+GMR"})
    EXPECT_FALSE(expects_prompt(c)) << c;
}

Event line(Classifier& c, const char* text) {
  return c.classify({FramedItem::Kind::line, text, Clock::now(), 0, {}, {}});
}

TEST(Classifier, QueryAnswerNamedLikeAUrcIsInformationButASetCommandsUrcIsAUrc) {
  Classifier c;
  c.begin("AT+BLECONN?");
  EXPECT_EQ(line(c, "+BLECONN:0,\"aa\"").kind, EventKind::info);
  c.begin("AT+BLECONN=0,\"aa\"");
  EXPECT_EQ(line(c, "+BLECONN:0,\"aa\"").kind, EventKind::urc);
  c.begin("AT+CWJAP=\"a\",\"b\"");
  EXPECT_EQ(line(c, "+CWJAP:1").kind, EventKind::info) << "not a URC: the command's answer";
}

TEST(Classifier, LateAnswerOfACommandThatTimedOutIsNotTheNextOnes) {
  // esp-at#388: AT+CWJAP runs on after the host gave up; its +CWJAP:4 and ERROR come before the
  // next command's echo.
  Classifier c;
  c.begin("AT+CWJAP=\"a\",\"b\"");
  EXPECT_EQ(line(c, "AT+CWJAP=\"a\",\"b\"").kind, EventKind::echo);
  c.end();  // the Dut's deadline
  c.begin("AT");
  Event busy = line(c, "busy p...");
  EXPECT_EQ(busy.kind, EventKind::final) << "busy p... answers the new command";
  EXPECT_EQ(busy.final, Final::busy_p);
  c.begin("AT");
  EXPECT_EQ(line(c, "+CWJAP:4").kind, EventKind::urc);
  Event late = line(c, "ERROR");
  EXPECT_EQ(late.kind, EventKind::urc);
  EXPECT_EQ(late.final, Final::error);
  EXPECT_EQ(line(c, "AT").kind, EventKind::echo);
  EXPECT_EQ(line(c, "OK").final, Final::ok);
  EXPECT_FALSE(c.pending());
}

TEST(Classifier, WithoutAnEchoThereIsNoLateAnswer) {
  Classifier c;  // echo off: a result may as well be the new command's
  c.begin("AT+CWJAP=\"a\",\"b\"");
  c.end();
  c.begin("AT");
  Event e = line(c, "OK");
  EXPECT_EQ(e.kind, EventKind::final);
  EXPECT_EQ(e.final, Final::ok);
}

TEST(KnownUrc, SendBufferSegmentResults) {
  for (const char* u : {"1,SEND OK", "4294967295,SEND OK", "2,17,SEND OK", "3,SEND FAIL"})
    EXPECT_TRUE(is_known_urc(u)) << u;
  for (const char* n : {"SEND OK", ",SEND OK", "1,2,3,SEND OK", "12345678901,SEND OK", "1,SEND",
                        "a,SEND OK", "1,SEND OK "})
    EXPECT_FALSE(is_known_urc(n)) << n;
}

TEST(Classifier, SegmentResultDuringAnotherCommandIsUnsolicited) {
  Classifier c;
  c.begin("AT+CIPSENDBUF=4", true);
  auto e = c.classify({FramedItem::Kind::line, "1,SEND OK", Clock::now(), 0, {}, {}});
  EXPECT_EQ(e.kind, EventKind::urc);
  EXPECT_EQ(e.final, Final::none);
}

TEST(IpdHeader, AllFourForms) {
  auto a = parse_ipd_header("5");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->link_id, -1);
  EXPECT_EQ(a->length, 5u);
  auto b = parse_ipd_header("3,2920");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->link_id, 3);
  EXPECT_EQ(b->length, 2920u);
  auto c = parse_ipd_header("7,\"127.0.0.1\",8080");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->length, 7u);
  EXPECT_EQ(c->remote_ip, "127.0.0.1");
  EXPECT_EQ(c->remote_port, 8080);
  auto d = parse_ipd_header("0,7,127.0.0.2,1");
  ASSERT_TRUE(d);
  EXPECT_EQ(d->link_id, 0);
  EXPECT_EQ(d->remote_ip, "127.0.0.2");
  for (const char* bad : {"", "x", "1,2,3,4,5", "-1", "0,5,ip", "0,5,\"\",80", "0,5,1.2.3.4,99999"})
    EXPECT_FALSE(parse_ipd_header(bad)) << bad;
}

TEST(Classifier, StrayFinalWithNoCommandIsUnsolicited) {
  Classifier c;
  Event e = c.classify({FramedItem::Kind::line, "busy p...", Clock::now(), 0, {}, {}});
  EXPECT_EQ(e.kind, EventKind::urc);
  EXPECT_EQ(e.final, Final::busy_p);
}

TEST(Classifier, EchoIsRecognisedOnlyOnce) {
  Classifier c;
  c.begin("AT");
  EXPECT_EQ(line(c, "AT").kind, EventKind::echo);
  EXPECT_EQ(line(c, "AT").kind, EventKind::info);
}

}  // namespace
}  // namespace atc::test
