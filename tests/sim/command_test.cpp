// Splitting a received line into command name, form (test/query/set/execute) and parameters.
#include "sim/command.hpp"

#include <gtest/gtest.h>

using atsim::parse_request;

TEST(ParseRequest, TheFourForms) {
  auto q = parse_request("AT+UART_CUR?");
  ASSERT_TRUE(q);
  EXPECT_EQ(q->name, "+UART_CUR");
  EXPECT_EQ(q->variant, atsim::kQuery);
  EXPECT_EQ(parse_request("AT+UART_CUR=?")->variant, atsim::kTest);
  EXPECT_EQ(parse_request("AT+RST")->variant, atsim::kExecute);
  auto s = parse_request("AT+UART_CUR=115200,8,1,0,0");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->variant, atsim::kSet);
  EXPECT_EQ(s->params.size(), 5u);
}

TEST(ParseRequest, PlainAtAndBasicLetterCommands) {
  auto at = parse_request("AT");
  ASSERT_TRUE(at);
  EXPECT_EQ(at->name, "");
  auto e = parse_request("ATE0");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->name, "E");
  EXPECT_EQ(e->argument, "0");
}

TEST(ParseRequest, NotCommands) {
  EXPECT_FALSE(parse_request("at"));  // upper case only
  EXPECT_FALSE(parse_request("HELLO"));
  EXPECT_FALSE(parse_request("AT+"));
  EXPECT_FALSE(parse_request("AT+RST!"));
  EXPECT_FALSE(parse_request("AT+X=\"open"));
}

TEST(Registry, RejectsDuplicates) {
  atsim::Registry r(atsim::Chip::esp32);
  r.add("+X", atsim::kExecute, nullptr);
  EXPECT_THROW(r.add("+X", atsim::kExecute, nullptr), std::logic_error);
  EXPECT_NE(r.find("+X"), nullptr);
  EXPECT_EQ(r.find("+Y"), nullptr);
}
