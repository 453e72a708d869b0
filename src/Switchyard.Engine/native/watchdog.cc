// The process-wide CPU watchdog: one thread reads every armed isolate's thread CPU clock and terminates execution
// past its budget. A thread's CPU clock runs no faster than the wall clock, so an isolate with R of its budget left
// cannot overrun before R has passed: the thread sleeps until the earliest such moment, and an arming that would need
// it sooner wakes it. Arming and disarming are a few atomic stores.
#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <climits>
#include <condition_variable>
#include <thread>

#include "shim.h"

namespace sy {

namespace {

constexpr int64_t kMinSleepNs = 1000000;  // how often an isolate near or past its limit is looked at
constexpr int64_t kNever = INT64_MAX;

// Never destroyed: the detached thread may still wait on them while the process exits.
std::mutex& g_lock = *new std::mutex();  // guards g_isolates, g_kicks and the thread's start
std::condition_variable& g_wake = *new std::condition_variable();
std::vector<sy_isolate*>& g_isolates = *new std::vector<sy_isolate*>();
std::atomic<int64_t> g_wake_at{kNever};  // monotonic ns of the watchdog's next look (kNever: until woken)
uint64_t g_kicks = 0;                    // bumped to wake the watchdog early
bool g_started = false;

int64_t ReadClock(clockid_t clock) {
  timespec now;
  if (clock_gettime(clock, &now) != 0) return -1;
  return static_cast<int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
}

// How stale an estimate of a thread's CPU clock may be (below).
constexpr int64_t kEstimateWindowNs = 100000;

// The calling thread's last exact CPU clock reading and the monotonic time just before it.
struct CpuAnchor {
  int64_t cpu_ns = -1;
  int64_t mono_ns = 0;
};
thread_local CpuAnchor t_anchor;

// The calling thread's CPU clock, at most kEstimateWindowNs above its true value and never below it. Reading a CPU clock
// is a system call (~0.7 us on the VM measured, more under load; CLOCK_MONOTONIC is read in user space in ~30 ns),
// and arming and disarming read it around every item a worker runs: a dispatched request took ~7 reads, 6 % of its CPU.
// A thread's CPU clock advances no faster than the monotonic clock, so the last exact reading plus the monotonic time
// since bounds it from above; past the window (or when `exact`), the clock is read again. A charge made of two readings
// is then off by at most the window, and only when the thread did not run for part of it (preempted, or asleep).
// `mono` is the monotonic clock's reading now (the caller's, so that arming reads it once).
int64_t ThreadCpuReading(clockid_t clock, bool exact, int64_t mono) {
  if (!exact && t_anchor.cpu_ns >= 0 && mono - t_anchor.mono_ns < kEstimateWindowNs) {
    return t_anchor.cpu_ns + (mono - t_anchor.mono_ns);
  }
  int64_t cpu = ReadClock(clock);
  if (cpu >= 0) t_anchor = {cpu, mono};
  return cpu;
}

clockid_t CurrentThreadClock() {
  static thread_local clockid_t clock = [] {
    clockid_t id;
    return pthread_getcpuclockid(pthread_self(), &id) == 0 ? id : CLOCK_THREAD_CPUTIME_ID;
  }();
  return clock;
}

// Fires the isolate if it is past its budget; returns the CPU time it has left (kNever when not armed).
int64_t Check(sy_isolate* s) {
  CpuWatch& watch = s->cpu;
  uint64_t word = watch.word.load(std::memory_order_seq_cst);
  if ((word & CpuWatch::kStateMask) != CpuWatch::kArmed) return kNever;
  int64_t now = ReadClock(watch.clock.load(std::memory_order_relaxed));
  if (now < 0) return kMinSleepNs;  // the clock is unreadable for now: look again soon
  int64_t left = watch.budget_ns.load(std::memory_order_relaxed) - (now - watch.start_ns.load(std::memory_order_relaxed));
  std::atomic_thread_fence(std::memory_order_acquire);
  if (watch.word.load(std::memory_order_relaxed) != word) return 0;  // re-armed while read: look again soon
  if (left >= 0) return left;
  std::lock_guard<std::mutex> fire(watch.fire_lock);
  uint64_t fired = (word & ~CpuWatch::kStateMask) | CpuWatch::kFired;
  if (watch.word.compare_exchange_strong(word, fired)) s->isolate->TerminateExecution();
  return kNever;
}

int64_t LeastLeft() {
  int64_t least = kNever;
  for (sy_isolate* s : g_isolates) least = std::min(least, Check(s));
  return least;
}

void Run() {
  std::unique_lock<std::mutex> lock(g_lock);
  while (true) {
    int64_t least = LeastLeft();
    int64_t wake = least == kNever ? kNever : ReadClock(CLOCK_MONOTONIC) + std::max(least, kMinSleepNs);
    g_wake_at.store(wake, std::memory_order_seq_cst);
    // An arming that read the old wake-up time before the store above was seen by this second look, or it reads
    // the new one and wakes the thread itself if that is too late (both sides are sequentially consistent).
    // (An isolate already seen cannot ask for an earlier look: its CPU time advanced no faster than the clock did.)
    int64_t recheck = LeastLeft();
    if (recheck != kNever && ReadClock(CLOCK_MONOTONIC) + std::max(recheck, kMinSleepNs) < wake) continue;
    uint64_t kicks = g_kicks;
    auto kicked = [kicks] { return g_kicks != kicks; };
    if (wake == kNever) {
      g_wake.wait(lock, kicked);
    } else {
      auto at = std::chrono::steady_clock::time_point(std::chrono::nanoseconds(wake));
      g_wake.wait_until(lock, at, kicked);
    }
  }
}

}  // namespace

void WatchdogRegister(sy_isolate* s) {
  std::lock_guard<std::mutex> lock(g_lock);
  g_isolates.push_back(s);
  if (!g_started) {
    g_started = true;
    std::thread(Run).detach();
  }
}

void WatchdogUnregister(sy_isolate* s) {
  std::lock_guard<std::mutex> lock(g_lock);
  g_isolates.erase(std::remove(g_isolates.begin(), g_isolates.end(), s), g_isolates.end());
}

}  // namespace sy

using namespace sy;

extern "C" SY_API void sy_cpu_arm(sy_isolate* s, int64_t budget_ns, int32_t resume) {
  CpuWatch& watch = s->cpu;
  clockid_t clock = CurrentThreadClock();
  watch.clock.store(clock, std::memory_order_relaxed);
  watch.budget_ns.store(budget_ns, std::memory_order_relaxed);
  int64_t mono = ReadClock(CLOCK_MONOTONIC);
  watch.start_ns.store(ThreadCpuReading(clock, /*exact=*/!resume, mono), std::memory_order_relaxed);
  uint64_t sequence = (watch.word.load(std::memory_order_relaxed) & ~CpuWatch::kStateMask) + CpuWatch::kSequenceStep;
  watch.word.store(sequence | CpuWatch::kArmed, std::memory_order_seq_cst);
  int64_t deadline = mono + budget_ns;
  if (deadline < g_wake_at.load(std::memory_order_seq_cst)) {  // the watchdog would look too late
    std::lock_guard<std::mutex> lock(g_lock);
    g_wake_at.store(deadline, std::memory_order_relaxed);       // later armings need not wake it again
    ++g_kicks;
    g_wake.notify_one();
  }
}

extern "C" SY_API int32_t sy_cpu_disarm(sy_isolate* s, int64_t* used_ns) {
  CpuWatch& watch = s->cpu;
  int64_t now = ThreadCpuReading(watch.clock.load(std::memory_order_relaxed), /*exact=*/false, ReadClock(CLOCK_MONOTONIC));
  // Never negative: an estimated start may lie above an exact reading taken a moment later.
  *used_ns = std::max<int64_t>(0, now - watch.start_ns.load(std::memory_order_relaxed));
  uint64_t word = watch.word.load(std::memory_order_relaxed);
  while (!watch.word.compare_exchange_weak(word, word & ~CpuWatch::kStateMask)) {
  }
  if ((word & CpuWatch::kStateMask) != CpuWatch::kFired) return 0;
  std::lock_guard<std::mutex> fire(watch.fire_lock);  // the watchdog's TerminateExecution has happened
  if (!s->memory_exceeded.load()) s->isolate->CancelTerminateExecution();
  return 1;
}

extern "C" SY_API int32_t sy_cpu_spent(sy_isolate* s) {
  CpuWatch& watch = s->cpu;
  uint64_t state = watch.word.load(std::memory_order_acquire) & CpuWatch::kStateMask;
  if (state == CpuWatch::kFired) return 1;
  if (state != CpuWatch::kArmed) return 0;
  int64_t now = ReadClock(watch.clock.load(std::memory_order_relaxed));
  return now >= 0 && now - watch.start_ns.load(std::memory_order_relaxed) >= watch.budget_ns.load(std::memory_order_relaxed) ? 1 : 0;
}
