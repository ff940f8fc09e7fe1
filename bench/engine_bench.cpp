// The AT engine (Framer + Classifier) fed a recorded stream in chunks of 1, 64 and 4096
// bytes: bytes per second and heap allocations per event. A 5 Mbaud UART carries 0.5 MB/s;
// the engine must be far above that so it never limits a run.
#include <benchmark/benchmark.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "bench/recorded_stream.hpp"
#include "harness/at/classifier.hpp"
#include "harness/at/framer.hpp"

namespace {
std::atomic<std::size_t> g_allocations{0};
}

// The global operator new/delete are replaced to count allocations; GCC cannot see that the
// pair matches (malloc/free behind both) and warns at every delete.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

void* operator new(std::size_t n) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}

namespace {

void BM_Engine(benchmark::State& state) {
  static const auto stream = atc::bench::make_recorded_stream(4 << 20);
  const std::size_t chunk = static_cast<std::size_t>(state.range(0));
  std::size_t events = 0;
  std::size_t allocs = 0;
  std::vector<atc::FramedItem> items;
  items.reserve(256);
  for (auto _ : state) {
    atc::Framer framer;
    atc::Classifier classifier;
    const auto now = atc::Clock::now();
    std::size_t before = g_allocations.load(std::memory_order_relaxed);
    for (std::size_t at = 0; at < stream.bytes.size(); at += chunk) {
      std::size_t n = std::min(chunk, stream.bytes.size() - at);
      items.clear();
      framer.feed(stream.bytes.data() + at, n, now, items);
      for (const auto& item : items) {
        atc::Event e = classifier.classify(item);
        benchmark::DoNotOptimize(e);
        ++events;
      }
    }
    allocs += g_allocations.load(std::memory_order_relaxed) - before;
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * stream.bytes.size()));
  state.counters["events"] =
      benchmark::Counter(static_cast<double>(events), benchmark::Counter::kIsRate);
  state.counters["allocs_per_event"] =
      static_cast<double>(allocs) / static_cast<double>(events ? events : 1);
}

BENCHMARK(BM_Engine)->Arg(1)->Arg(64)->Arg(4096)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
