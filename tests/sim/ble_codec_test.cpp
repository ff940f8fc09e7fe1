// sim/ble codecs against bytes written out by hand from the Core specification (Vol 3 Part F
// for ATT, Part H for SMP, Part C 11 for AD) and the ESP32 document's own examples. A codec bug
// shared by atsim and atsim-bluez would be invisible between them; these bytes are not.
#include <gtest/gtest.h>

#include "sim/ble/ad.hpp"
#include "sim/ble/address.hpp"
#include "sim/ble/att.hpp"
#include "sim/ble/smp.hpp"
#include "sim/ble/uuid.hpp"

using namespace atsim::ble;

namespace {
Bytes H(const char* text) {
  return *from_hex(text);
}
template <class T>
T decoded(const Bytes& b) {
  auto d = att::decode(b);
  EXPECT_TRUE(std::holds_alternative<att::Pdu>(d)) << hex(b);
  return std::get<T>(std::get<att::Pdu>(d));
}
}  // namespace

TEST(BleBytes, HexBothWays) {
  EXPECT_EQ(hex(H("00ffA0")), "00ffa0");
  EXPECT_EQ(hex_upper(H("c5")), "C5");
  std::size_t bad = 0;
  EXPECT_FALSE(from_hex("0g", &bad));
  EXPECT_EQ(bad, 1u);
  EXPECT_FALSE(from_hex("abc", &bad));
  EXPECT_EQ(bad, 3u);
}

TEST(BleAddress, ParsePrintAndRules) {
  auto a = parse_address("24:0A:c4:00:00:01");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->text(), "24:0a:c4:00:00:01");
  EXPECT_EQ(a->plus(2).text(), "24:0a:c4:00:00:03");
  EXPECT_EQ(parse_address("24:0a:c4:00:00:ff")->plus(2).text(), "24:0a:c4:00:01:01");
  EXPECT_FALSE(parse_address("24:0a:c4:00:00"));
  EXPECT_FALSE(parse_address("24-0a-c4-00-00-01"));
  // ESP32 §6.2.2's own example has top bits 00: not a static random address.
  EXPECT_FALSE(parse_address("08:7f:24:87:1c:f7", AddressType::random)->is_static_random());
  EXPECT_TRUE(parse_address("c8:7f:24:87:1c:f7", AddressType::random)->is_static_random());
  EXPECT_FALSE(parse_address("ff:ff:ff:ff:ff:ff")->is_static_random());
  auto r = parse_air_address("c0:ff:ee:00:00:01/random");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->type, AddressType::random);
  EXPECT_EQ(r->air_text(), "c0:ff:ee:00:00:01/random");
  EXPECT_FALSE(parse_air_address("c0:ff:ee:00:00:01/other"));
}

TEST(BleUuid, SixteenAnd128BitForms) {
  auto a = Uuid::parse("0xA002");
  ASSERT_TRUE(a);
  EXPECT_EQ(hex(a->le_bytes()), "02a0");
  EXPECT_EQ(a->at_text(), "0xA002");
  EXPECT_EQ(a->canonical(), "0000a002-0000-1000-8000-00805f9b34fb");
  // A 128-bit UUID on the Base UUID is the 16-bit one.
  EXPECT_EQ(*Uuid::parse("0000180a-0000-1000-8000-00805f9b34fb"), Uuid::from16(0x180A));
  auto v = Uuid::parse("0xED2B4E3B2820492F9507DF165285E831");
  ASSERT_TRUE(v);
  EXPECT_FALSE(v->short16());
  EXPECT_EQ(v->at_text(), "0xED2B4E3B2820492F9507DF165285E831");
  EXPECT_EQ(hex(v->le_bytes()), "31e8855216df07952f4920283b4e2bed");
  EXPECT_EQ(*Uuid::from_le(v->le_bytes()), *v);
  EXPECT_FALSE(Uuid::parse("0xA00"));
  EXPECT_FALSE(Uuid::from_le(H("010203")));
}

TEST(BleAd, TheDocumentsIBeaconParses) {
  // ESP32 §9.5.1.2's scan result (the correct 60-digit form of §9.5.1.1's data).
  auto b = from_hex("0201061aff4c000215fda50693a4e24fb1afcfc6eb0764782527b7f206c5");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->size(), 30u);
  auto s = std::get<std::vector<AdStructure>>(parse_ad(*b));
  ASSERT_EQ(s.size(), 2u);
  EXPECT_EQ(s[0], ad_flags(0x06));
  EXPECT_EQ(s[1].type, ad_type::manufacturer_data);
  EXPECT_EQ(hex(s[1].data).substr(0, 8), "4c000215");  // Apple, iBeacon type 02 length 15
  EXPECT_EQ(build_ad(s), *b);
  // §9.5.1.1 prints it with 59 digits: not even hex bytes.
  std::size_t bad = 0;
  EXPECT_FALSE(from_hex("0201061aff4c000215fd50693a4e24fb1afcfc6eb0764782527b7f206c5", &bad));
  EXPECT_EQ(bad, 59u);
}

TEST(BleAd, TheDocumentsServerAdvertisingIsMalformed) {
  // §9.5.2.1: length 0B for a 9-byte name; the last structure then runs past the end.
  auto r = parse_ad(H("0201060B09457370726573736966030302A0"));
  ASSERT_TRUE(std::holds_alternative<AdError>(r));
  EXPECT_EQ(std::get<AdError>(r).offset, 15u);
  // With the comment's 0A it is fine: flags, "Espressif", the 16-bit UUID A002.
  auto ok = std::get<std::vector<AdStructure>>(parse_ad(H("0201060A09457370726573736966030302A0")));
  ASSERT_EQ(ok.size(), 3u);
  EXPECT_EQ(to_string(ok[1].data), "Espressif");
  EXPECT_EQ(ok[2], ad_uuid16_list({0xA002}));
  // Zero padding after the data is allowed, anything else after a zero length is not.
  EXPECT_TRUE(std::holds_alternative<std::vector<AdStructure>>(parse_ad(H("0201060000"))));
  EXPECT_TRUE(std::holds_alternative<AdError>(parse_ad(H("02010600ff"))));
}

TEST(BleAtt, RequestsEncodeAsTheSpecLaysThemOut) {
  EXPECT_EQ(hex(att::encode(att::ExchangeMtuReq{517})), "020502");
  EXPECT_EQ(hex(att::encode(att::ExchangeMtuRsp{23})), "031700");
  EXPECT_EQ(hex(att::encode(att::FindInfoReq{0x0001, 0xFFFF})), "040100ffff");
  EXPECT_EQ(hex(att::encode(att::FindByTypeValueReq{1, 0xFFFF, 0x2800, H("02a0")})),
            "060100ffff002802a0");
  EXPECT_EQ(hex(att::encode(att::ReadByTypeReq{1, 0xFFFF, Uuid::from16(0x2803)})),
            "080100ffff0328");
  EXPECT_EQ(hex(att::encode(att::ReadReq{0x0003})), "0a0300");
  EXPECT_EQ(hex(att::encode(att::ReadBlobReq{0x0003, 22})), "0c03001600");
  EXPECT_EQ(hex(att::encode(att::ReadByGroupTypeReq{1, 0xFFFF, Uuid::from16(0x2800)})),
            "100100ffff0028");
  EXPECT_EQ(hex(att::encode(att::WriteReq{0x0011, H("0100")})), "1211000100");
  EXPECT_EQ(hex(att::encode(att::WriteCmd{0x0011, H("31")})), "52110031");
  EXPECT_EQ(hex(att::encode(att::Notification{0x0010, H("313233")})), "1b1000313233");
  EXPECT_EQ(hex(att::encode(att::Indication{0x0013, H("31")})), "1d130031");
  EXPECT_EQ(hex(att::encode(att::Confirmation{})), "1e");
  EXPECT_EQ(hex(att::encode(att::WriteRsp{})), "13");
}

TEST(BleAtt, ResponsesEncodeAndDecode) {
  const Bytes err =
      att::encode(att::ErrorRsp{att::Op::read_req, 0x0003, att::Error::read_not_permitted});
  EXPECT_EQ(hex(err), "010a030002");
  auto e = decoded<att::ErrorRsp>(err);
  EXPECT_EQ(e.request, att::Op::read_req);
  EXPECT_EQ(e.code, att::Error::read_not_permitted);

  // GAP 1..5 and GATT 6..9 as one Read By Group Type Response (length 6 per entry).
  att::ReadByGroupTypeRsp g{{{1, 5, H("0018")}, {6, 9, H("0118")}}};
  EXPECT_EQ(hex(att::encode(g)), "1106010005000018060009000118");
  auto g2 = decoded<att::ReadByGroupTypeRsp>(att::encode(g));
  ASSERT_EQ(g2.items.size(), 2u);
  EXPECT_EQ(g2.items[1].end, 9);

  // A characteristic declaration: properties 02, value handle 0003, UUID 2A00.
  att::ReadByTypeRsp t{{{2, H("020300002a")}}};
  EXPECT_EQ(hex(att::encode(t)),
            "090702000203"
            "00002a");
  att::FindInfoRsp f{{{3, Uuid::from16(0x2901)}, {4, Uuid::from16(0x2902)}}};
  EXPECT_EQ(hex(att::encode(f)),
            "050103000129040002"
            "29");
  auto f2 = decoded<att::FindInfoRsp>(att::encode(f));
  EXPECT_EQ(f2.entries[1].second, Uuid::from16(0x2902));
  att::FindInfoRsp f128{{{7, *Uuid::parse("0xED2B4E3B2820492F9507DF165285E831")}}};
  EXPECT_EQ(hex(att::encode(f128)), "0502070031e8855216df07952f4920283b4e2bed");
  EXPECT_EQ(hex(att::encode(att::FindByTypeValueRsp{{{0x10, 0x1F}}})), "0710001f00");
}

TEST(BleAtt, DecoderNamesTheOffset) {
  auto short_read = att::decode(H("0a03"));
  ASSERT_TRUE(std::holds_alternative<att::DecodeError>(short_read));
  EXPECT_EQ(std::get<att::DecodeError>(short_read).offset, 1u);
  auto trailing = att::decode(H("0a030000"));
  ASSERT_TRUE(std::holds_alternative<att::DecodeError>(trailing));
  EXPECT_EQ(std::get<att::DecodeError>(trailing).offset, 3u);
  auto bad_uuid = att::decode(H("080100ffff03"));  // a 1-byte UUID
  ASSERT_TRUE(std::holds_alternative<att::DecodeError>(bad_uuid));
  auto unknown = att::decode(H("7f"));
  ASSERT_TRUE(std::holds_alternative<att::DecodeError>(unknown));
  EXPECT_EQ(std::get<att::DecodeError>(unknown).why, "unknown ATT opcode");
  EXPECT_TRUE(std::holds_alternative<att::DecodeError>(att::decode({})));
  EXPECT_TRUE(att::is_request(0x0A));
  EXPECT_FALSE(att::is_request(0x52));
  EXPECT_FALSE(att::is_request(0x1B));
  EXPECT_TRUE(att::is_request(0x30));  // unknown, no command bit
}

TEST(BleSmp, PairingFeatureExchangeIsTheSpecsLayout) {
  // Part H 3.5.1: code, IO capability, OOB flag, AuthReq, max key size, initiator and
  // responder key distribution.
  smp::Features f{smp::IoCap::keyboard_display, 0, 0x0D, 16, 0x03, 0x03};
  EXPECT_EQ(hex(smp::encode(smp::PairingRequest{f})),
            "010400"
            "0d100303");
  EXPECT_EQ(hex(smp::encode(smp::PairingResponse{f})),
            "020400"
            "0d100303");
  EXPECT_EQ(hex(smp::encode(smp::PairingFailed{smp::FailReason::passkey_entry_failed})), "0501");
  EXPECT_EQ(hex(smp::encode(smp::SecurityRequest{0x05})), "0b05");
  EXPECT_EQ(hex(smp::encode(smp::SimPasskey{649784})), "f038ea0900");
  auto d = smp::decode(H("0104000d100303"));
  ASSERT_TRUE(std::holds_alternative<smp::Pdu>(d));
  EXPECT_EQ(std::get<smp::PairingRequest>(std::get<smp::Pdu>(d)).f, f);
  // Key size 6 is under the spec's minimum; IO capability 5 does not exist.
  EXPECT_TRUE(std::holds_alternative<smp::DecodeError>(smp::decode(H("01040005060303"))));
  EXPECT_TRUE(std::holds_alternative<smp::DecodeError>(smp::decode(H("01050005100303"))));
  EXPECT_TRUE(std::holds_alternative<smp::DecodeError>(smp::decode(H("f040420f00"))));  // 1000000
}

TEST(BleSmp, MethodFromIoCapabilitiesTable28) {
  using enum smp::IoCap;
  auto m = [](smp::IoCap i, smp::IoCap r, std::uint8_t auth) {
    return smp::pairing_method({i, 0, auth, 16, 0, 0}, {r, 0, auth, 16, 0, 0});
  };
  const std::uint8_t mitm = smp::auth::mitm, sc_mitm = smp::auth::mitm | smp::auth::sc;
  EXPECT_EQ(m(keyboard_display, keyboard_display, 0), smp::Method::just_works);  // no MITM asked
  EXPECT_EQ(m(keyboard_display, display_only, mitm), smp::Method::passkey_responder_displays);
  EXPECT_EQ(m(display_only, keyboard_only, mitm), smp::Method::passkey_initiator_displays);
  EXPECT_EQ(m(keyboard_only, keyboard_only, mitm), smp::Method::passkey_both_input);
  EXPECT_EQ(m(no_input_no_output, keyboard_display, mitm), smp::Method::just_works);
  EXPECT_EQ(m(display_yes_no, display_yes_no, mitm), smp::Method::just_works);
  EXPECT_EQ(m(display_yes_no, display_yes_no, sc_mitm), smp::Method::numeric_comparison);
  EXPECT_EQ(m(keyboard_display, display_yes_no, mitm), smp::Method::passkey_responder_displays);
  EXPECT_EQ(m(keyboard_display, display_yes_no, sc_mitm), smp::Method::numeric_comparison);
  EXPECT_EQ(m(keyboard_only, display_yes_no, sc_mitm), smp::Method::passkey_responder_displays);
  EXPECT_EQ(smp::agreed_key_size({keyboard_only, 0, 0, 16, 0, 0}, {keyboard_only, 0, 0, 7, 0, 0}),
            7);
}
