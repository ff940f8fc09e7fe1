// atsim-bluez's D-Bus surface, held to BlueZ 5.66's documented behaviour by a plain sdbus-c++
// client (not the fixture): what it refuses, the order of its calls back into clients when
// they register, per-client discovery sessions, and the cleanup when a client leaves the bus.
#include <gtest/gtest.h>

#include <sdbus-c++/sdbus-c++.h>

#include <atomic>
#include <condition_variable>
#include <mutex>

#include "tests/fixtures/ble_test_processes.hpp"

namespace {

using namespace std::chrono_literals;
using atc::test::Clock;
using atc::test::PrivateBus;
using atc::test::SimBluez;
using Dict = std::map<std::string, sdbus::Variant>;

const char* const kAdapter = "/org/bluez/hci0";

// One client connection with its loop running (BlueZ calls back into registered objects).
class Client {
 public:
  explicit Client(const PrivateBus& bus)
      : c_(sdbus::createSessionBusConnectionWithAddress(bus.address())) {
    c_->enterEventLoopAsync();
    atc::test::wait_for_event_loop(*c_);
  }
  ~Client() { c_->leaveEventLoop(); }
  sdbus::IConnection& connection() { return *c_; }

  // The error name, or "" when the call succeeded; `reply` (if given) gets the reply.
  template <typename... A>
  std::string call(const std::string& path, const std::string& iface, const std::string& member,
                   sdbus::MethodReply* reply, const A&... args) {
    auto p = sdbus::createProxy(*c_, "org.bluez", path);
    auto m = p->createMethodCall(iface, member);
    if constexpr (sizeof...(A) > 0) (m << ... << args);
    try {
      auto r = p->callMethod(m, std::chrono::microseconds(5s).count());
      if (reply) *reply = r;
      return "";
    } catch (const sdbus::Error& e) {
      last_message = e.getMessage();
      return e.getName();
    }
  }
  template <typename T>
  T get(const std::string& path, const std::string& iface, const std::string& name) {
    auto p = sdbus::createProxy(*c_, "org.bluez", path);
    return p->getProperty(name).onInterface(iface).get<T>();
  }
  std::string last_message;

 private:
  std::unique_ptr<sdbus::IConnection> c_;
};

const std::string kUnknownMethod = "org.freedesktop.DBus.Error.UnknownMethod";

TEST(AtsimBluez, RefusesEverythingOutsideItsSubsetWithUnknownMethod) {
  PrivateBus bus;
  SimBluez bluez(bus, nullptr);
  Client c(bus);
  // Real 5.66 members the fixture never uses: refused, so a fixture that strays fails in CI.
  EXPECT_EQ(c.call(kAdapter, "org.bluez.Adapter1", "ConnectDevice", nullptr, Dict{}),
            kUnknownMethod);
  EXPECT_EQ(
      c.call("/org/bluez", "org.bluez.ProfileManager1", "RegisterProfile", nullptr,
             sdbus::ObjectPath("/x"), std::string("0000110e-0000-1000-8000-00805f9b34fb"), Dict{}),
      kUnknownMethod);
  EXPECT_EQ(c.call(kAdapter, "org.bluez.Media1", "RegisterEndpoint", nullptr,
                   sdbus::ObjectPath("/x"), Dict{}),
            kUnknownMethod);
  EXPECT_EQ(c.call(kAdapter, "org.bluez.Adapter1", "NoSuchMember", nullptr), kUnknownMethod);
  EXPECT_EQ(c.call("/org/bluez", "org.bluez.AgentManager1", "NoSuchMember", nullptr),
            kUnknownMethod);
  // And what it does implement answers.
  sdbus::MethodReply r;
  EXPECT_EQ(c.call(kAdapter, "org.bluez.Adapter1", "GetDiscoveryFilters", &r), "");
  std::vector<std::string> filters;
  r >> filters;
  EXPECT_EQ(filters.size(), 7u);
  EXPECT_EQ(c.call("/org/bluez/hci1", "org.bluez.Adapter1", "StartDiscovery", nullptr),
            "org.freedesktop.DBus.Error.UnknownObject");
}

TEST(AtsimBluez, OwnsTheNameOnlyOnceTheTreeIsThere) {
  PrivateBus bus;
  // Watch for the name before the process exists; when it appears, the tree must be complete.
  auto watcher = sdbus::createSessionBusConnectionWithAddress(bus.address());
  std::mutex m;
  std::condition_variable cv;
  bool owned = false;
  auto slot = watcher->addMatch(
      "type='signal',sender='org.freedesktop.DBus',member='NameOwnerChanged',arg0='org.bluez'",
      [&](sdbus::Message&) {
        std::lock_guard lock(m);
        owned = true;
        cv.notify_all();
      });
  watcher->enterEventLoopAsync();
  SimBluez bluez(bus, nullptr);
  {
    std::unique_lock lock(m);
    ASSERT_TRUE(cv.wait_for(lock, 5s, [&] { return owned; }));
  }
  auto om = sdbus::createProxy(*watcher, "org.bluez", "/");
  std::map<sdbus::ObjectPath, std::map<std::string, Dict>> objects;
  om->callMethod("GetManagedObjects")
      .onInterface("org.freedesktop.DBus.ObjectManager")
      .storeResultsTo(objects);
  ASSERT_TRUE(objects.count(sdbus::ObjectPath(kAdapter)));
  EXPECT_TRUE(objects.at(sdbus::ObjectPath(kAdapter)).count("org.bluez.Adapter1"));
  EXPECT_TRUE(objects.at(sdbus::ObjectPath(kAdapter)).count("org.bluez.LEAdvertisingManager1"));
  EXPECT_TRUE(objects.at(sdbus::ObjectPath(kAdapter)).count("org.bluez.GattManager1"));
  EXPECT_TRUE(objects.at(sdbus::ObjectPath("/org/bluez")).count("org.bluez.AgentManager1"));
  watcher->leaveEventLoop();
}

TEST(AtsimBluez, DiscoverySessionsBelongToTheirClients) {
  PrivateBus bus;
  SimBluez bluez(bus, nullptr);
  Client one(bus);
  auto two = std::make_unique<Client>(bus);
  EXPECT_EQ(one.call(kAdapter, "org.bluez.Adapter1", "StartDiscovery", nullptr), "");
  EXPECT_TRUE(one.get<bool>(kAdapter, "org.bluez.Adapter1", "Discovering"));
  EXPECT_EQ(one.call(kAdapter, "org.bluez.Adapter1", "StartDiscovery", nullptr),
            "org.bluez.Error.InProgress");
  EXPECT_EQ(two->call(kAdapter, "org.bluez.Adapter1", "StopDiscovery", nullptr),
            "org.bluez.Error.Failed");
  EXPECT_EQ(two->last_message, "No discovery started");
  EXPECT_EQ(two->call(kAdapter, "org.bluez.Adapter1", "StartDiscovery", nullptr), "");
  EXPECT_EQ(one.call(kAdapter, "org.bluez.Adapter1", "StopDiscovery", nullptr), "");
  EXPECT_TRUE(one.get<bool>(kAdapter, "org.bluez.Adapter1", "Discovering"))
      << "two still discovers";
  EXPECT_NE(bluez.status().find("discovery_sessions=1"), std::string::npos);
  two.reset();  // leaves the bus: its session ends
  const auto deadline = Clock::now() + 5s;
  std::string status;
  while ((status = bluez.status()).find("discovery_sessions=0") == std::string::npos &&
         Clock::now() < deadline) {
    // STATUS is a round trip through atsim-bluez's loop, which handles NameOwnerChanged first.
  }
  EXPECT_NE(status.find("discovery_sessions=0"), std::string::npos) << status;
  EXPECT_FALSE(one.get<bool>(kAdapter, "org.bluez.Adapter1", "Discovering"));
}

TEST(AtsimBluez, DiscoveryFilterAndRemoveDeviceRefuseWhatBluezRefuses) {
  PrivateBus bus;
  SimBluez bluez(bus, nullptr);
  Client c(bus);
  const std::string invalid = "org.bluez.Error.InvalidArguments";
  EXPECT_EQ(c.call(kAdapter, "org.bluez.Adapter1", "SetDiscoveryFilter", nullptr,
                   Dict{{"Bogus", sdbus::Variant(true)}}),
            invalid);
  EXPECT_EQ(c.call(kAdapter, "org.bluez.Adapter1", "SetDiscoveryFilter", nullptr,
                   Dict{{"Transport", sdbus::Variant(std::string("radio"))}}),
            invalid);
  EXPECT_EQ(c.call(kAdapter, "org.bluez.Adapter1", "SetDiscoveryFilter", nullptr,
                   Dict{{"RSSI", sdbus::Variant(std::int16_t{-60})},
                        {"Pathloss", sdbus::Variant(std::uint16_t{5})}}),
            invalid);
  EXPECT_EQ(c.call(kAdapter, "org.bluez.Adapter1", "SetDiscoveryFilter", nullptr,
                   Dict{{"Transport", sdbus::Variant(std::string("bredr"))}}),
            "org.bluez.Error.NotSupported")
      << "the simulated controller is LE only";
  EXPECT_EQ(c.call(kAdapter, "org.bluez.Adapter1", "SetDiscoveryFilter", nullptr,
                   Dict{{"Transport", sdbus::Variant(std::string("le"))},
                        {"Pattern", sdbus::Variant(std::string("24:"))}}),
            "");
  EXPECT_EQ(c.call(kAdapter, "org.bluez.Adapter1", "RemoveDevice", nullptr,
                   sdbus::ObjectPath("/org/bluez/hci0/dev_11_22_33_44_55_66")),
            "org.bluez.Error.DoesNotExist");
}

// An LEAdvertisement1 exported by the test, recording when BlueZ read it and whether it was
// released.
struct TestAdvertisement {
  TestAdvertisement(sdbus::IConnection& c, const std::string& path, std::string type,
                    std::uint16_t timeout = 0)
      : object(sdbus::createObject(c, path)), type_(std::move(type)) {
    const char* I = "org.bluez.LEAdvertisement1";
    object->registerProperty("Type").onInterface(I).withGetter([this] {
      read_at = Clock::now().time_since_epoch().count();
      return type_;
    });
    object->registerProperty("LocalName").onInterface(I).withGetter([] {
      return std::string("test-ad");
    });
    if (timeout)
      object->registerProperty("Timeout").onInterface(I).withGetter([timeout] { return timeout; });
    object->registerMethod("Release").onInterface(I).withNoReply().implementedAs([this] {
      std::lock_guard lock(m);
      released = true;
      cv.notify_all();
    });
    object->finishRegistration();
  }
  std::unique_ptr<sdbus::IObject> object;
  std::string type_;
  std::atomic<Clock::rep> read_at{0};
  std::mutex m;
  std::condition_variable cv;
  bool released = false;
};

TEST(AtsimBluez, RegisterAdvertisementReadsTheObjectBeforeItReplies) {
  PrivateBus bus;
  SimBluez bluez(bus, nullptr);
  Client c(bus);
  TestAdvertisement ad(c.connection(), "/test/ad0", "peripheral");
  EXPECT_EQ(c.call(kAdapter, "org.bluez.LEAdvertisingManager1", "RegisterAdvertisement", nullptr,
                   sdbus::ObjectPath("/test/ad0"), Dict{}),
            "");
  const auto replied = Clock::now().time_since_epoch().count();
  EXPECT_NE(ad.read_at.load(), 0) << "BlueZ reads the properties (GetAll) before it answers";
  EXPECT_LT(ad.read_at.load(), replied);
  EXPECT_EQ(c.get<std::uint8_t>(kAdapter, "org.bluez.LEAdvertisingManager1", "ActiveInstances"), 1);
  EXPECT_EQ(c.get<std::uint8_t>(kAdapter, "org.bluez.LEAdvertisingManager1", "SupportedInstances"),
            0);
  EXPECT_EQ(c.call(kAdapter, "org.bluez.LEAdvertisingManager1", "RegisterAdvertisement", nullptr,
                   sdbus::ObjectPath("/test/ad0"), Dict{}),
            "org.bluez.Error.AlreadyExists");
  EXPECT_EQ(c.call(kAdapter, "org.bluez.LEAdvertisingManager1", "UnregisterAdvertisement", nullptr,
                   sdbus::ObjectPath("/test/ad0")),
            "");
  EXPECT_EQ(c.call(kAdapter, "org.bluez.LEAdvertisingManager1", "UnregisterAdvertisement", nullptr,
                   sdbus::ObjectPath("/test/ad0")),
            "org.bluez.Error.DoesNotExist");
  std::lock_guard lock(ad.m);
  EXPECT_FALSE(ad.released) << "Unregister does not call Release";
}

TEST(AtsimBluez, AnAdvertisementItCannotParseIsRefused) {
  PrivateBus bus;
  SimBluez bluez(bus, nullptr);
  Client c(bus);
  TestAdvertisement ad(c.connection(), "/test/ad1", "loudspeaker");
  EXPECT_EQ(c.call(kAdapter, "org.bluez.LEAdvertisingManager1", "RegisterAdvertisement", nullptr,
                   sdbus::ObjectPath("/test/ad1"), Dict{}),
            "org.bluez.Error.Failed");
  EXPECT_EQ(c.last_message, "Failed to parse advertisement.");
  EXPECT_EQ(c.get<std::uint8_t>(kAdapter, "org.bluez.LEAdvertisingManager1", "ActiveInstances"), 0);
}

TEST(AtsimBluez, AnAdvertisementsTimeoutEndsItWithRelease) {
  PrivateBus bus;
  SimBluez bluez(bus, nullptr);
  Client c(bus);
  TestAdvertisement ad(c.connection(), "/test/ad2", "broadcast", 1);
  EXPECT_EQ(c.call(kAdapter, "org.bluez.LEAdvertisingManager1", "RegisterAdvertisement", nullptr,
                   sdbus::ObjectPath("/test/ad2"), Dict{}),
            "");
  std::unique_lock lock(ad.m);
  EXPECT_TRUE(ad.cv.wait_for(lock, 3s, [&] { return ad.released; }));
  lock.unlock();
  EXPECT_EQ(c.get<std::uint8_t>(kAdapter, "org.bluez.LEAdvertisingManager1", "ActiveInstances"), 0);
}

// An application root with one service and one characteristic; its getters note when BlueZ
// read the tree.
struct TestApplication {
  TestApplication(sdbus::IConnection& c, bool with_flags) {
    root = sdbus::createObject(c, "/test/app");
    root->addObjectManager();
    root->finishRegistration();
    service = sdbus::createObject(c, "/test/app/service0");
    service->registerProperty("UUID").onInterface("org.bluez.GattService1").withGetter([this] {
      read_at = Clock::now().time_since_epoch().count();
      return std::string("0000a002-0000-1000-8000-00805f9b34fb");
    });
    service->registerProperty("Primary").onInterface("org.bluez.GattService1").withGetter([] {
      return true;
    });
    service->finishRegistration();
    chr = sdbus::createObject(c, "/test/app/service0/char0");
    const char* I = "org.bluez.GattCharacteristic1";
    chr->registerProperty("UUID").onInterface(I).withGetter(
        [] { return std::string("0000c300-0000-1000-8000-00805f9b34fb"); });
    chr->registerProperty("Service").onInterface(I).withGetter(
        [] { return sdbus::ObjectPath("/test/app/service0"); });
    if (with_flags) {
      chr->registerProperty("Flags").onInterface(I).withGetter(
          [] { return std::vector<std::string>{"read"}; });
    }
    chr->finishRegistration();
  }
  std::unique_ptr<sdbus::IObject> root, service, chr;
  std::atomic<Clock::rep> read_at{0};
};

TEST(AtsimBluez, RegisterApplicationReadsTheTreeBeforeItReplies) {
  PrivateBus bus;
  SimBluez bluez(bus, nullptr);
  Client c(bus);
  TestApplication app(c.connection(), true);
  EXPECT_EQ(c.call(kAdapter, "org.bluez.GattManager1", "RegisterApplication", nullptr,
                   sdbus::ObjectPath("/test/app"), Dict{}),
            "")
      << c.last_message;
  const auto replied = Clock::now().time_since_epoch().count();
  EXPECT_NE(app.read_at.load(), 0) << "GetManagedObjects on the application before the reply";
  EXPECT_LT(app.read_at.load(), replied);
  EXPECT_EQ(c.call(kAdapter, "org.bluez.GattManager1", "RegisterApplication", nullptr,
                   sdbus::ObjectPath("/test/app"), Dict{}),
            "org.bluez.Error.AlreadyExists");
  EXPECT_EQ(c.call(kAdapter, "org.bluez.GattManager1", "UnregisterApplication", nullptr,
                   sdbus::ObjectPath("/test/app")),
            "");
}

TEST(AtsimBluez, AnApplicationWithoutFlagsIsRefused) {
  PrivateBus bus;
  SimBluez bluez(bus, nullptr);
  Client c(bus);
  TestApplication app(c.connection(), false);
  EXPECT_EQ(c.call(kAdapter, "org.bluez.GattManager1", "RegisterApplication", nullptr,
                   sdbus::ObjectPath("/test/app"), Dict{}),
            "org.bluez.Error.Failed");
  EXPECT_NE(c.last_message.find("\"Flags\""), std::string::npos) << c.last_message;
}

TEST(AtsimBluez, AClientThatLeavesTakesItsRegistrationsWithIt) {
  PrivateBus bus;
  SimBluez bluez(bus, nullptr);
  Client observer(bus);
  {
    Client c(bus);
    TestAdvertisement ad(c.connection(), "/test/ad0", "peripheral");
    TestApplication app(c.connection(), true);
    ASSERT_EQ(c.call(kAdapter, "org.bluez.LEAdvertisingManager1", "RegisterAdvertisement", nullptr,
                     sdbus::ObjectPath("/test/ad0"), Dict{}),
              "");
    ASSERT_EQ(c.call(kAdapter, "org.bluez.GattManager1", "RegisterApplication", nullptr,
                     sdbus::ObjectPath("/test/app"), Dict{}),
              "");
    ASSERT_EQ(c.call("/org/bluez", "org.bluez.AgentManager1", "RegisterAgent", nullptr,
                     sdbus::ObjectPath("/test/agent"), std::string("NoInputNoOutput")),
              "");
    ASSERT_EQ(c.call(kAdapter, "org.bluez.Adapter1", "StartDiscovery", nullptr), "");
    ASSERT_EQ(
        observer.get<std::uint8_t>(kAdapter, "org.bluez.LEAdvertisingManager1", "ActiveInstances"),
        1);
    ASSERT_EQ(c.call("/org/bluez", "org.bluez.AgentManager1", "RegisterAgent", nullptr,
                     sdbus::ObjectPath("/test/agent"), std::string("NoInputNoOutput")),
              "org.bluez.Error.AlreadyExists");
  }  // the client's connection closes
  const auto deadline = Clock::now() + 5s;
  std::string status;
  while ((status = bluez.status()).find("advertisements=0") == std::string::npos &&
         Clock::now() < deadline) {
  }
  EXPECT_NE(status.find("discovery_sessions=0"), std::string::npos) << status;
  EXPECT_NE(status.find("advertisements=0"), std::string::npos) << status;
  EXPECT_EQ(
      observer.get<std::uint8_t>(kAdapter, "org.bluez.LEAdvertisingManager1", "ActiveInstances"),
      0);
  EXPECT_FALSE(observer.get<bool>(kAdapter, "org.bluez.Adapter1", "Discovering"));
  // Its agent went too: the same path registers again from another client.
  EXPECT_EQ(observer.call("/org/bluez", "org.bluez.AgentManager1", "UnregisterAgent", nullptr,
                          sdbus::ObjectPath("/test/agent")),
            "org.bluez.Error.DoesNotExist");
}

TEST(AtsimBluez, PowerAndTheRfkillSwitchAreControlledFromStdin) {
  PrivateBus bus;
  SimBluez bluez(bus, nullptr);
  Client c(bus);
  bluez.process().write_line("BLOCK");
  EXPECT_NE(bluez.status().find("powered=0 blocked=1"), std::string::npos);
  EXPECT_FALSE(c.get<bool>(kAdapter, "org.bluez.Adapter1", "Powered"));
  EXPECT_EQ(c.get<std::string>(kAdapter, "org.bluez.Adapter1", "PowerState"), "off-blocked");
  auto p = sdbus::createProxy(c.connection(), "org.bluez", kAdapter);
  try {
    p->setProperty("Powered").onInterface("org.bluez.Adapter1").toValue(true);
    FAIL() << "powered on while blocked";
  } catch (const sdbus::Error& e) {
    EXPECT_EQ(e.getName(), "org.bluez.Error.Failed");
    EXPECT_EQ(e.getMessage(), "Blocked through rfkill");
  }
  EXPECT_EQ(c.call(kAdapter, "org.bluez.Adapter1", "StartDiscovery", nullptr),
            "org.bluez.Error.NotReady");
  bluez.process().write_line("UNBLOCK");
  bluez.process().write_line("POWER on");
  EXPECT_NE(bluez.status().find("powered=1 blocked=0"), std::string::npos);
}

TEST(AtsimBluez, EndsCleanlyOnEndOfFileAndOnSigterm) {
  PrivateBus bus;
  {
    SimBluez bluez(bus, nullptr);
    bluez.process().close_stdin();
    EXPECT_EQ(bluez.process().wait_exit(Clock::now() + 5s), 0);
  }
  {
    SimBluez bluez(bus, nullptr, {.address = "00:1B:DC:0F:00:02"});
    EXPECT_EQ(bluez.process().stop(), 0) << "SIGTERM is a clean exit";
  }
}

TEST(AtsimBluez, RefusesABadCommandLine) {
  PrivateBus bus;
  atc::test::ChildProcess no_bus({ATSIM_BLUEZ_PATH}, {}, bus.dir() / "no-bus.log");
  EXPECT_EQ(no_bus.wait_exit(Clock::now() + 5s), 2);
  EXPECT_NE(no_bus.log_tail().find("--bus is required"), std::string::npos) << no_bus.log_tail();
  atc::test::ChildProcess nowhere({ATSIM_BLUEZ_PATH, "--bus", "unix:path=/nonexistent/bus"}, {},
                                  bus.dir() / "nowhere.log");
  EXPECT_EQ(nowhere.wait_exit(Clock::now() + 5s), 1);
  EXPECT_NE(nowhere.log_tail().find("no bus at unix:path=/nonexistent/bus"), std::string::npos);
}

}  // namespace
