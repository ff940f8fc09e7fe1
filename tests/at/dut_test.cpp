// The Dut's synchronous API over an in-memory link: answers, deadlines, URCs, faults.
#include "harness/dut.hpp"

#include <gtest/gtest.h>

#include "harness/link/link_error.hpp"
#include "tests/at/memory_link.hpp"
#include "verdict/rig_error.hpp"

namespace atc::test {
namespace {

using namespace std::chrono_literals;

// A tiny echoing device: AT -> OK, AT+GMR -> two lines, AT+CIPSEND=n -> OK + prompt, data
// -> SEND OK, AT+SLOW -> nothing, AT+CIPSTART -> worded result only.
std::vector<std::string> device(std::string_view w) {
  std::string line(w);
  if (line == "AT\r\n") return {"AT\r\n", "\r\nOK\r\n"};
  if (line == "AT+GMR\r\n") return {"AT+GMR\r\nAT version:1\r\n", "SDK version:2\r\n\r\nOK\r\n"};
  if (line.rfind("AT+CIPSEND=", 0) == 0) return {line, "\r\nOK\r\n> "};
  if (line == "AT+CIPSEND\r\n") return {line, "\r\nOK\r\n>net data\r\nOK\r\n"};
  if (line == "hello") return {"\r\nRecv 5 bytes\r\n", "\r\nSEND OK\r\n"};
  if (line == "AT+CIPSTART\r\n") return {line, "ALREADY CONNECTED\r\n"};
  // BLE data commands: a bare prompt (ESP32 §9.5.2.1), or OK then the prompt; OK after the data.
  if (line == "AT+BLEGATTSNTFY=0,1,6,4\r\n") return {line, ">"};
  if (line == "AT+BLEGATTCWR=0,3,1,,3\r\n") return {line, "\r\nOK\r\n>"};
  if (line == "1234" || line == "abc") return {"\r\nOK\r\n"};
  // A command that outlives the host's deadline: its result comes before the next echo.
  if (line == "AT+LATE\r\n") return {line};
  if (line == "AT+NEXT\r\n") return {"+LATE:1\r\n\r\nERROR\r\n", line, "\r\nOK\r\n"};
  return {};
}

std::unique_ptr<Dut> make(MemoryLink** out) {
  auto link = std::make_unique<MemoryLink>(device);
  *out = link.get();
  DutTiming t;
  t.command = 300ms;
  t.boot = 300ms;
  t.reset_pulse = 10ms;
  t.resync = 600ms;
  t.after_plus = 20ms;
  return std::make_unique<Dut>(std::move(link), t);
}

TEST(Dut, CommandCollectsEchoInformationAndFinal) {
  MemoryLink* link;
  auto dut = make(&link);
  Response r = dut->command("AT+GMR");
  EXPECT_EQ(r.final, Final::ok);
  EXPECT_TRUE(r.echoed);
  EXPECT_EQ(r.info, (std::vector<std::string>{"AT version:1", "SDK version:2"}));
  EXPECT_LE(r.sent, r.first_byte);
  EXPECT_LE(r.first_byte, r.done);
  EXPECT_LT(r.latency(), 300ms);
}

TEST(Dut, SilentDeviceTimesOutWithinTheDeadline) {
  MemoryLink* link;
  auto dut = make(&link);
  auto start = Clock::now();
  Response r = dut->command("AT+SLOW", 100ms);
  auto took = Clock::now() - start;
  EXPECT_TRUE(r.timed_out());
  EXPECT_GE(took, 100ms);
  EXPECT_LT(took, 200ms) << "the deadline was overrun";
  EXPECT_NE(r.describe().find("no final result within 100 ms"), std::string::npos);
}

TEST(Dut, PromptThenDataThenSendOk) {
  MemoryLink* link;
  auto dut = make(&link);
  Response p = dut->prompt_command("AT+CIPSEND=5");
  ASSERT_EQ(p.final, Final::prompt) << p.describe();
  Response s = dut->send_data("hello");
  EXPECT_EQ(s.final, Final::send_ok);
  EXPECT_EQ(s.info, (std::vector<std::string>{"Recv 5 bytes"}));
}

TEST(Dut, BleDataCommandWithABarePromptThenOkAfterTheData) {
  MemoryLink* link;
  auto dut = make(&link);
  Response p = dut->prompt_command("AT+BLEGATTSNTFY=0,1,6,4");
  ASSERT_EQ(p.final, Final::prompt) << p.describe();
  EXPECT_TRUE(p.info.empty());
  Response d = dut->send_data("1234");
  EXPECT_EQ(d.final, Final::ok) << d.describe();
}

TEST(Dut, BleDataCommandWithOkThenThePrompt) {
  MemoryLink* link;
  auto dut = make(&link);
  Response p = dut->prompt_command("AT+BLEGATTCWR=0,3,1,,3");
  ASSERT_EQ(p.final, Final::prompt) << p.describe();
  EXPECT_EQ(p.info, std::vector<std::string>{"OK"});
  EXPECT_EQ(dut->send_data("abc").final, Final::ok);
}

TEST(Dut, LateResultOfATimedOutCommandIsNotTheNextCommands) {
  MemoryLink* link;
  auto dut = make(&link);
  Response late = dut->command("AT+LATE", 100ms);
  EXPECT_TRUE(late.timed_out());
  Response next = dut->command("AT+NEXT");
  EXPECT_EQ(next.final, Final::ok) << next.describe();
  EXPECT_TRUE(next.echoed);
  ASSERT_EQ(next.urcs.size(), 2u) << next.describe();
  EXPECT_EQ(next.urcs[0].text, "+LATE:1");
  EXPECT_EQ(next.urcs[1].final, Final::error);
}

TEST(Dut, WordedResultIsPromotedWhenNothingFollows) {
  MemoryLink* link;
  auto dut = make(&link);
  Response r = dut->command("AT+CIPSTART", 100ms);
  EXPECT_EQ(r.final, Final::detail);
  EXPECT_EQ(r.final_text, "ALREADY CONNECTED");
}

TEST(Dut, UrcQueuedBeforeTheWaitIsFound) {
  MemoryLink* link;
  auto dut = make(&link);
  link->deliver("\r\nWIFI CONNECTED\r\n");
  ASSERT_TRUE(dut->command("AT").ok());  // the URC surely arrived before this answer
  auto u = dut->wait_urc("WIFI CONNECTED", 10ms);
  ASSERT_TRUE(u);
  EXPECT_FALSE(dut->wait_urc("WIFI CONNECTED", 20ms)) << "a URC must be consumed once";
}

TEST(Dut, UrcArrivingDuringTheWaitIsFound) {
  MemoryLink* link;
  auto dut = make(&link);
  std::jthread later([&] {
    std::this_thread::sleep_for(30ms);  // the device side of the test: speak after a while
    link->deliver("+IPD,0,3:abc");
  });
  auto u = dut->wait_urc("\\+IPD,0,3", 1s);
  ASSERT_TRUE(u);
  ASSERT_TRUE(u->ipd);
  EXPECT_EQ(u->ipd->data, "abc");
}

TEST(Dut, ExpectLineMovesItsCursor) {
  MemoryLink* link;
  auto dut = make(&link);
  link->deliver("one\r\ntwo\r\none\r\n");
  EXPECT_TRUE(dut->expect_line("one", 200ms));
  EXPECT_TRUE(dut->expect_line("one", 200ms)) << "the second \"one\"";
  EXPECT_FALSE(dut->expect_line("one", 30ms));
}

TEST(Dut, HungUpLinkIsARigErrorNotATimeout) {
  MemoryLink* link;
  auto dut = make(&link);
  link->hang_up();
  try {
    dut->wait_urc("never comes", 2s);  // wakes when the reader sees the hang-up
    FAIL() << "no exception";
  } catch (const RigError& e) {  // a LinkError is a RigError: the error verdict by type
    EXPECT_NE(std::string(e.what()).find("gone"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(dut->link_dead());
}

TEST(Dut, FailingWriteIsARigError) {
  MemoryLink* link;
  auto dut = make(&link);
  link->fail_writes();
  EXPECT_THROW(dut->command("AT"), LinkError);
}

TEST(Dut, ResetByLinesPulsesRtsWithDtrReleased) {
  MemoryLink* link;
  auto dut = make(&link);
  std::jthread boot([&] {
    // Deliver "ready" only once RTS was released.
    auto until = Clock::now() + 1s;
    while (Clock::now() < until) {
      auto c = link->line_changes();
      if (c.size() >= 2) {
        link->deliver("\r\nready\r\n");
        return;
      }
      std::this_thread::sleep_for(1ms);
    }
  });
  auto out = dut->reset_by_lines();
  EXPECT_TRUE(out.supported);
  EXPECT_TRUE(out.ready);
  auto c = link->line_changes();
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c[0], std::make_pair(false, true)) << "EN low: RTS asserted, DTR released";
  EXPECT_EQ(c[1], std::make_pair(false, false)) << "EN high again, IO0 high: normal boot";
}

TEST(Dut, PassthroughDataIsRawAndPlusPlusPlusIsAPacketOfItsOwn) {
  MemoryLink* link;
  auto dut = make(&link);
  Response r = dut->enter_passthrough();
  ASSERT_EQ(r.final, Final::prompt) << r.describe();
  EXPECT_TRUE(dut->in_passthrough());
  // Data right behind the prompt (even in the same chunk) and "OK" inside it is raw data.
  EXPECT_EQ(dut->take_raw(14, 1s), "net data\r\nOK\r\n");
  dut->exit_passthrough(5ms);
  EXPECT_FALSE(dut->in_passthrough());
  EXPECT_NE(dut->transcript().render().find("tx  \"+++\""), std::string::npos)
      << "+++ must go out as one write";
  EXPECT_TRUE(dut->command("AT").ok());
}

// Passthrough data and a message behind it may reach the host in one read (a USB adapter's
// latency timer, ser2net): the exact take hands the test what it asked for and keeps the rest.
TEST(Dut, ExactTakeReturnsWhatWasAskedForAndKeepsTheRest) {
  MemoryLink* link;
  auto dut = make(&link);
  dut->set_passthrough(true);
  link->deliver("tcp to uart\r\nCLOSED\r\n");
  EXPECT_EQ(dut->take_raw_exactly(11, 1s), "tcp to uart");
  link->deliver("more");
  auto chunks = dut->take_raw_chunks_exactly(12, 1s);
  std::string rest;
  for (const auto& c : chunks) rest += c.bytes;
  EXPECT_EQ(rest, "\r\nCLOSED\r\nmo") << "12 bytes across two chunks, in order";
  EXPECT_EQ(dut->take_raw_exactly(5, 50ms), "re") << "fewer only at the timeout";
  EXPECT_EQ(dut->take_raw(1, 20ms), "") << "nothing left over";
}

TEST(Dut, RawBytesNobodyTookDoNotLeakIntoTheNextSession) {
  MemoryLink* link;
  auto dut = make(&link);
  dut->set_passthrough(true);
  link->deliver("WIFI CONNECTED\r\n");  // e.g. a boot into AT+SAVETRANSLINK passthrough
  const auto until = Clock::now() + 2s;
  while (Clock::now() < until &&
         dut->transcript().render().find("WIFI CONNECTED") == std::string::npos)
    std::this_thread::sleep_for(1ms);  // polling the reader thread, with a deadline
  dut->set_passthrough(false);
  dut->set_passthrough(true);
  link->deliver("fresh");
  EXPECT_EQ(dut->take_raw(5, 1s), "fresh");
}

TEST(Dut, ResyncFindsTheDeviceAgain) {
  MemoryLink* link;
  auto dut = make(&link);
  EXPECT_TRUE(dut->resync());
}

TEST(Dut, TranscriptHasBothDirectionsEscaped) {
  MemoryLink* link;
  auto dut = make(&link);
  dut->command("AT");
  std::string t = dut->transcript().render();
  EXPECT_NE(t.find("tx  \"AT\\r\\n\""), std::string::npos) << t;
  EXPECT_NE(t.find("rx  \"\\r\\nOK\\r\\n\""), std::string::npos) << t;
}

}  // namespace
}  // namespace atc::test
