# Installation (`cmake --install`) and the Debian package (`cpack -G DEB`). Included at the end
# of the top-level CMakeLists.txt, when every target exists.
#
#   bin/atconform, bin/atsim (and atsim-air, atsim-bluez when those targets exist)
#   share/atconform/configs/{rigs,profiles,worlds}   the shipped configs (config_dir() finds
#                                                    them from bin/ as ../share/atconform/configs)
#   share/atconform/data/*.csv                       the documents' section list
#   share/atconform/schemas/junit.xsd                the schema every report validates against
#   share/doc/atconform/                             README and docs/
#   share/man/man1/atconform.1, atsim.1              from their --help text (help2man)
#
# An installed atconform finds atsim beside itself and its configs relative to itself, so the
# package works unpacked anywhere (`dpkg-deb -x pkg.deb DIR`, then DIR/usr/bin/atconform).
include(GNUInstallDirs)

install(TARGETS atconform atsim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(helper atsim-air atsim-bluez)
  if(TARGET ${helper})
    install(TARGETS ${helper} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()

set(ATC_SHARE ${CMAKE_INSTALL_DATADIR}/atconform)
install(DIRECTORY configs/ DESTINATION ${ATC_SHARE}/configs)
install(FILES data/commands.csv data/clauses.csv data/README.md DESTINATION ${ATC_SHARE}/data)
install(FILES tests/data/junit.xsd DESTINATION ${ATC_SHARE}/schemas)
install(FILES README.md CONTRIBUTING.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR} PATTERN "man" EXCLUDE)

# Man pages from the programs' own --help (one source: the text `--help` prints), with the
# sections help2man cannot know in docs/man/*.h2m.
find_program(ATC_HELP2MAN help2man)
if(ATC_HELP2MAN)
  set(ATC_MAN_DIR ${CMAKE_BINARY_DIR}/man)
  add_custom_command(
    OUTPUT ${ATC_MAN_DIR}/atconform.1
    COMMAND ${CMAKE_COMMAND} -E make_directory ${ATC_MAN_DIR}
    COMMAND ${ATC_HELP2MAN} --no-info --section=1
            --name=conformance\ tests\ for\ Espressif\ AT\ firmware
            --include=${PROJECT_SOURCE_DIR}/docs/man/atconform.h2m
            --output=${ATC_MAN_DIR}/atconform.1 $<TARGET_FILE:atconform>
    DEPENDS atconform ${PROJECT_SOURCE_DIR}/docs/man/atconform.h2m
    COMMENT "man page atconform(1) from atconform --help")
  add_custom_command(
    OUTPUT ${ATC_MAN_DIR}/atsim.1
    COMMAND ${CMAKE_COMMAND} -E make_directory ${ATC_MAN_DIR}
    COMMAND ${ATC_HELP2MAN} --no-info --section=1 --version-string=${PROJECT_VERSION}
            --name=simulated\ Espressif\ AT\ firmware\ on\ a\ pseudo-terminal
            --include=${PROJECT_SOURCE_DIR}/docs/man/atsim.h2m
            --output=${ATC_MAN_DIR}/atsim.1 $<TARGET_FILE:atsim>
    DEPENDS atsim ${PROJECT_SOURCE_DIR}/docs/man/atsim.h2m
    COMMENT "man page atsim(1) from atsim --help")
  add_custom_target(man ALL DEPENDS ${ATC_MAN_DIR}/atconform.1 ${ATC_MAN_DIR}/atsim.1)
  install(FILES ${ATC_MAN_DIR}/atconform.1 ${ATC_MAN_DIR}/atsim.1
          DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
else()
  message(WARNING "help2man not found: no man pages (scripts/install-deps.sh installs it)")
endif()

# The Debian package. Its library dependencies come from the binaries (dpkg-shlibdeps); what a
# rig may also use is suggested.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME atconform)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "atconform")
set(CPACK_PACKAGE_CONTACT "atconform maintainers <maintainers@users.noreply.b-seed-ab4208c5.example>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "conformance and hardware-in-the-loop tests for Espressif AT firmware")
set(CPACK_PACKAGE_DESCRIPTION
    "atconform drives an ESP32 or ESP8266 running Espressif AT firmware over its serial link and checks it against the AT documents (ESP32 AT v1.1, ESP8266 AT v0.23). It writes JUnit and HTML reports and certificates. atsim, a simulated AT firmware, is included.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The simulated rigs' BLE world runs on a private dbus-daemon (app/sim_ble.cpp); a real BLE rig
# needs BlueZ, a SoftAP station wpa_supplicant.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "dbus")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "ser2net, wpasupplicant, bluez")
set(CPACK_STRIP_FILES ON)
include(CPack)
