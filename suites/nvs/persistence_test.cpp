// Persistence across a reset: esp32 §7 (the NVS list) and each command's "saved in the NVS
// area" note; esp8266 §4.1 _DEF forms (saved), _CUR forms (not saved), deprecated forms (saved).
// Each test checks what the suite's shared pass recorded (see nvs_fixture.hpp).
#include "suites/nvs/nvs_fixture.hpp"

namespace atc::nvs {

// ---- ESP32: saved in the NVS area --------------------------------------------------------

ATC_TEST(Nvs, CwmodeSurvivesReset,
         {.purpose = "Ensure that the Wi-Fi mode set with AT+CWMODE is saved: after AT+RST the "
                     "query reports it",
          .clauses = {"esp32 §4.2.1"}}) {
  check("CWMODE");
}

ATC_TEST(Nvs, CwsapSurvivesReset,
         {.purpose = "Ensure that the SoftAP configuration set with AT+CWSAP is saved",
          .clauses = {"esp32 §4.2.6"}}) {
  check("CWSAP");
}

ATC_TEST(Nvs, CwdhcpSurvivesReset,
         {.purpose = "Ensure that the DHCP state set with AT+CWDHCP is saved: after AT+RST the "
                     "query reports the station bit as set",
          .clauses = {"esp32 §4.2.8"}}) {
  dhcp_survives_reset("CWDHCP");
}

ATC_TEST(Nvs, CwdhcpsSurvivesReset,
         {.purpose = "Ensure that the SoftAP DHCP range set with AT+CWDHCPS is saved",
          .clauses = {"esp32 §4.2.9"}}) {
  check("CWDHCPS");
}

ATC_TEST(Nvs, CipstamacSurvivesReset,
         {.purpose = "Ensure that the station MAC set with AT+CIPSTAMAC is saved",
          .clauses = {"esp32 §5.2.4"}}) {
  check("CIPSTAMAC");
}

ATC_TEST(Nvs, CipapmacSurvivesReset,
         {.purpose = "Ensure that the SoftAP MAC set with AT+CIPAPMAC is saved",
          .clauses = {"esp32 §5.2.5"}}) {
  check("CIPAPMAC");
}

ATC_TEST(Nvs, CipstaSurvivesReset,
         {.purpose = "Ensure that the station's static address set with AT+CIPSTA is saved",
          .clauses = {"esp32 §5.2.6"}}) {
  check("CIPSTA");
}

ATC_TEST(Nvs, CipapSurvivesReset,
         {.purpose = "Ensure that the SoftAP's address set with AT+CIPAP is saved",
          .clauses = {"esp32 §5.2.7"}}) {
  check("CIPAP");
}

ATC_TEST(Nvs, CwhostnameIsNotSaved,
         {.purpose = "Ensure that the host name set with AT+CWHOSTNAME is not saved: after AT+RST "
                     "the query reports the name from before the change",
          .clauses = {"esp32 §4.2.14"}}) {
  check("CWHOSTNAME");
}

// ---- ESP8266: _DEF saved, _CUR not saved, _CUR does not touch _DEF ------------------------

ATC_TEST(Nvs, CwmodeDefSurvivesReset,
         {.purpose = "Ensure that the mode set with AT+CWMODE_DEF is saved",
          .clauses = {"esp8266 §4.1.3"}}) {
  check("CWMODE_DEF");
}

ATC_TEST(Nvs, CwmodeCurIsNotSaved,
         {.purpose = "Ensure that AT+CWMODE_CUR leaves AT+CWMODE_DEF? unchanged and after AT+RST "
                     "the mode is the saved one again",
          .clauses = {"esp8266 §4.1.2"}}) {
  check("CWMODE_CUR");
}

ATC_TEST(Nvs, CwsapDefSurvivesReset,
         {.purpose = "Ensure that the SoftAP configuration set with AT+CWSAP_DEF is saved",
          .clauses = {"esp8266 §4.1.11"}}) {
  check("CWSAP_DEF");
}

ATC_TEST(Nvs, CwsapCurIsNotSaved,
         {.purpose = "Ensure that AT+CWSAP_CUR leaves AT+CWSAP_DEF? unchanged and is gone after "
                     "AT+RST",
          .clauses = {"esp8266 §4.1.10"}}) {
  check("CWSAP_CUR");
}

ATC_TEST(Nvs, CipstamacDefSurvivesReset,
         {.purpose = "Ensure that the station MAC set with AT+CIPSTAMAC_DEF is saved",
          .clauses = {"esp8266 §4.1.19"}}) {
  check("CIPSTAMAC_DEF");
}

ATC_TEST(Nvs, CipstamacCurIsNotSaved,
         {.purpose = "Ensure that AT+CIPSTAMAC_CUR leaves AT+CIPSTAMAC_DEF? unchanged and is gone "
                     "after AT+RST",
          .clauses = {"esp8266 §4.1.18"}}) {
  check("CIPSTAMAC_CUR");
}

ATC_TEST(Nvs, CipapmacDefSurvivesReset,
         {.purpose = "Ensure that the SoftAP MAC set with AT+CIPAPMAC_DEF is saved",
          .clauses = {"esp8266 §4.1.22"}}) {
  check("CIPAPMAC_DEF");
}

ATC_TEST(Nvs, CipapmacCurIsNotSaved,
         {.purpose = "Ensure that AT+CIPAPMAC_CUR leaves AT+CIPAPMAC_DEF? unchanged and is gone "
                     "after AT+RST",
          .clauses = {"esp8266 §4.1.21"}}) {
  check("CIPAPMAC_CUR");
}

ATC_TEST(Nvs, CipstaDefSurvivesReset,
         {.purpose = "Ensure that the station address set with AT+CIPSTA_DEF is saved",
          .clauses = {"esp8266 §4.1.25"}}) {
  check("CIPSTA_DEF");
}

ATC_TEST(Nvs, CipstaCurIsNotSaved,
         {.purpose = "Ensure that AT+CIPSTA_CUR leaves AT+CIPSTA_DEF? unchanged and is gone after "
                     "AT+RST",
          .clauses = {"esp8266 §4.1.24"}}) {
  check("CIPSTA_CUR");
}

ATC_TEST(Nvs, CipapDefSurvivesReset,
         {.purpose = "Ensure that the SoftAP address set with AT+CIPAP_DEF is saved",
          .clauses = {"esp8266 §4.1.28"}}) {
  check("CIPAP_DEF");
}

ATC_TEST(Nvs, CipapCurIsNotSaved,
         {.purpose = "Ensure that AT+CIPAP_CUR leaves AT+CIPAP_DEF? unchanged and is gone after "
                     "AT+RST",
          .clauses = {"esp8266 §4.1.27"}}) {
  check("CIPAP_CUR");
}

ATC_TEST(Nvs, CwdhcpDefSurvivesReset,
         {.purpose = "Ensure that the DHCP state set with AT+CWDHCP_DEF is saved: after AT+RST "
                     "the query reports the station bit as set",
          .clauses = {"esp8266 §4.1.15"}}) {
  dhcp_survives_reset("CWDHCP_DEF");
}

ATC_TEST(Nvs, CwdhcpCurIsNotSaved,
         {.purpose = "Ensure that the DHCP state set with AT+CWDHCP_CUR is gone after AT+RST",
          .clauses = {"esp8266 §4.1.14"}}) {
  check("CWDHCP_CUR");
}

// ---- ESP8266: the deprecated forms save --------------------------------------------------

ATC_TEST(Nvs, DeprecatedCwmodeSurvivesReset,
         {.purpose = "Ensure that the mode set with the deprecated AT+CWMODE is saved",
          .clauses = {"esp8266 §4.1.1"}}) {
  check("CWMODE");
}

ATC_TEST(Nvs, DeprecatedCwsapSurvivesReset,
         {.purpose = "Ensure that the SoftAP configuration set with the deprecated AT+CWSAP is "
                     "saved",
          .clauses = {"esp8266 §4.1.9"}}) {
  check("CWSAP");
}

ATC_TEST(Nvs, DeprecatedCwdhcpSurvivesReset,
         {.purpose = "Ensure that the DHCP state set with the deprecated AT+CWDHCP is saved",
          .clauses = {"esp8266 §4.1.13"}}) {
  check("CWDHCP");
}

ATC_TEST(Nvs, DeprecatedCipstamacSurvivesReset,
         {.purpose = "Ensure that the station MAC set with the deprecated AT+CIPSTAMAC is saved",
          .clauses = {"esp8266 §4.1.17"}}) {
  check("CIPSTAMAC");
}

ATC_TEST(Nvs, DeprecatedCipapmacSurvivesReset,
         {.purpose = "Ensure that the SoftAP MAC set with the deprecated AT+CIPAPMAC is saved",
          .clauses = {"esp8266 §4.1.20"}}) {
  check("CIPAPMAC");
}

ATC_TEST(Nvs, DeprecatedCipstaSurvivesReset,
         {.purpose = "Ensure that the station address set with the deprecated AT+CIPSTA is saved",
          .clauses = {"esp8266 §4.1.23"}}) {
  check("CIPSTA");
}

}  // namespace atc::nvs
