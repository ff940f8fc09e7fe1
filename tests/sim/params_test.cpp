// The AT parameter parser: what a set command's parameters split into.
#include "sim/params.hpp"

#include <gtest/gtest.h>

using atsim::Param;
using atsim::Params;

TEST(Params, IntegersAndStrings) {
  auto p = Params::parse(R"(115200,8,"ssid",-3)");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->size(), 4u);
  EXPECT_EQ(p->int_in(0, 0, 1'000'000), 115200);
  EXPECT_EQ(p->int_in(1, 5, 8), 8);
  EXPECT_EQ(p->string_at(2), "ssid");
  EXPECT_EQ(p->int_in(3, -5, 0), -3);
}

TEST(Params, EscapesInsideQuotes) {
  auto p = Params::parse(R"("a\,b","say \"hi\"","back\\slash")");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->size(), 3u);
  EXPECT_EQ(p->string_at(0), "a,b");
  EXPECT_EQ(p->string_at(1), "say \"hi\"");
  EXPECT_EQ(p->string_at(2), "back\\slash");
}

TEST(Params, CommaInsideQuotesDoesNotSplit) {
  auto p = Params::parse(R"("a,b",1)");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->size(), 2u);
  EXPECT_EQ(p->string_at(0), "a,b");
}

TEST(Params, SpacesAroundParametersAsInTheDocumentsExamples) {
  auto p = Params::parse(R"(2, "ble_data", 0, 100)");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->size(), 4u);
  EXPECT_EQ(p->string_at(1), "ble_data");
  EXPECT_EQ(p->int_in(3, 0, 1000), 100);
}

TEST(Params, RangeAndTypeChecks) {
  auto p = Params::parse(R"(9,abc,0x10,"7",99999999999999999999)");
  ASSERT_TRUE(p);
  EXPECT_FALSE(p->int_in(0, 5, 8));  // out of range
  EXPECT_EQ((*p)[1].kind, Param::Kind::other);
  EXPECT_EQ((*p)[2].kind, Param::Kind::other);  // hex is not a number here
  EXPECT_FALSE(p->int_in(3, 0, 10));            // a quoted number is a string
  EXPECT_EQ((*p)[4].kind, Param::Kind::other);  // overflow
}

TEST(Params, EmptyParametersAreKept) {
  auto p = Params::parse("1,,3,");
  ASSERT_TRUE(p);
  ASSERT_EQ(p->size(), 4u);
  EXPECT_EQ((*p)[1].kind, Param::Kind::empty);
  EXPECT_EQ((*p)[3].kind, Param::Kind::empty);
}

TEST(Params, MalformedQuotingIsRejected) {
  EXPECT_FALSE(Params::parse(R"("unterminated)"));
  EXPECT_FALSE(Params::parse(R"("a"b,1)"));
  EXPECT_FALSE(Params::parse(R"("trailing backslash\)"));
}
