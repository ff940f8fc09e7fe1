// The chaos fault spec (sim/fault/fault.hpp): what --fault, fault= and FAULT accept.
#include <gtest/gtest.h>

#include "sim/fault/fault.hpp"

namespace atsim::fault {
namespace {

TEST(FaultSpec, KindTriggerAndParameters) {
  auto a = parse_fault("silent@on:AT+GMR,nth=2,bytes=7");
  ASSERT_TRUE(a.fault) << a.error;
  EXPECT_EQ(a.fault->kind, Kind::silent);
  EXPECT_EQ(a.fault->when.type, Trigger::Type::prefix);
  EXPECT_EQ(a.fault->when.prefix, "AT+GMR");
  EXPECT_EQ(a.fault->when.number, 2);
  EXPECT_EQ(a.fault->bytes, 7);

  auto b = parse_fault("flood@cmd:12,for=500");
  ASSERT_TRUE(b.fault) << b.error;
  EXPECT_EQ(b.fault->when.type, Trigger::Type::command);
  EXPECT_EQ(b.fault->when.number, 12);
  EXPECT_EQ(b.fault->duration_ms, 500);

  auto c = parse_fault("brown-out@ms:2500");
  ASSERT_TRUE(c.fault) << c.error;
  EXPECT_EQ(c.fault->when.type, Trigger::Type::time);
  EXPECT_EQ(c.fault->when.number, 2500);

  auto d = parse_fault("late");
  ASSERT_TRUE(d.fault) << d.error;
  EXPECT_EQ(d.fault->when.type, Trigger::Type::now);
  EXPECT_EQ(d.fault->duration_ms, 1800) << "the default: inside the harness's 2 s";
  for (const char* k : {"drop-links", "stall", "unplug"}) EXPECT_TRUE(parse_fault(k).fault) << k;
}

TEST(FaultSpec, MistakesAreRefusedWithTheReason) {
  for (const char* bad : {"", "slient", "silent@", "silent@cmd:0", "silent@cmd:x", "silent@on:",
                          "silent@at:3", "flood,for=", "flood,for=-1", "flood,bytes=3",
                          "late,for=3", "silent,nth=2", "stall,for=1,x=2", "silent@cmd:1,"}) {
    auto r = parse_fault(bad);
    EXPECT_FALSE(r.fault) << bad;
    EXPECT_NE(r.error.find(std::string("'") + bad + "'"), std::string::npos) << r.error;
  }
}

}  // namespace
}  // namespace atsim::fault
