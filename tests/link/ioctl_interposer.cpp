#include "tests/link/ioctl_interposer.hpp"

#include <dlfcn.h>
#include <sys/ioctl.h>

#include <cerrno>
#include <cstdarg>
#include <mutex>

namespace atc::test::fake_lines {

namespace {
std::mutex mu;
int fake_word = 0;
int faked = 0;
std::vector<Change> recorded;
}  // namespace

void reset(int w) {
  std::lock_guard lk(mu);
  fake_word = w;
  faked = 0;
  recorded.clear();
}

int word() {
  std::lock_guard lk(mu);
  return fake_word;
}

std::vector<Change> changes() {
  std::lock_guard lk(mu);
  return recorded;
}

int faked_calls() {
  std::lock_guard lk(mu);
  return faked;
}

}  // namespace atc::test::fake_lines

extern "C" int ioctl(int fd, unsigned long request, ...) noexcept {
  using Real = int (*)(int, unsigned long, ...);
  static const Real real = reinterpret_cast<Real>(::dlsym(RTLD_NEXT, "ioctl"));
  va_list ap;
  va_start(ap, request);
  void* arg = va_arg(ap, void*);
  va_end(ap);
  const int rc = real(fd, request, arg);
  if (rc == 0 || errno != ENOTTY) return rc;
  if (request != TIOCMGET && request != TIOCMSET && request != TIOCMBIS && request != TIOCMBIC)
    return rc;

  namespace fl = atc::test::fake_lines;
  std::lock_guard lk(fl::mu);
  ++fl::faked;
  int* bits = static_cast<int*>(arg);
  if (request == TIOCMGET) {
    *bits = fl::fake_word;
    return 0;
  }
  const int before = fl::fake_word;
  if (request == TIOCMSET) fl::fake_word = *bits;
  if (request == TIOCMBIS) fl::fake_word |= *bits;
  if (request == TIOCMBIC) fl::fake_word &= ~*bits;
  fl::recorded.push_back({atc::Clock::now(), request, before, fl::fake_word});
  return 0;
}
