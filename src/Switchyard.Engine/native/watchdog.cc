// The process-wide CPU watchdog: one thread polls every armed isolate's thread CPU clock and terminates
// execution past its budget. Arming and disarming are a few atomic stores; the thread sleeps when idle.
#include <pthread.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <thread>

#include "shim.h"

namespace sy {

namespace {

constexpr auto kPollInterval = std::chrono::microseconds(1000);
constexpr int kIdlePollsBeforeSleep = 200;

// Never destroyed: the detached thread may still wait on them while the process exits.
std::mutex& g_lock = *new std::mutex();  // guards g_isolates, g_sleeping and the thread's start
std::condition_variable& g_wake = *new std::condition_variable();
std::vector<sy_isolate*>& g_isolates = *new std::vector<sy_isolate*>();
std::atomic<bool> g_sleeping{false};
bool g_started = false;

int64_t ReadClock(clockid_t clock) {
  timespec now;
  if (clock_gettime(clock, &now) != 0) return -1;
  return static_cast<int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
}

clockid_t CurrentThreadClock() {
  static thread_local clockid_t clock = [] {
    clockid_t id;
    return pthread_getcpuclockid(pthread_self(), &id) == 0 ? id : CLOCK_THREAD_CPUTIME_ID;
  }();
  return clock;
}

// Returns true if the isolate is armed (whether or not it fired now).
bool Check(sy_isolate* s) {
  CpuWatch& watch = s->cpu;
  uint64_t word = watch.word.load(std::memory_order_acquire);
  if ((word & CpuWatch::kStateMask) != CpuWatch::kArmed) return false;
  int64_t now = ReadClock(watch.clock.load(std::memory_order_relaxed));
  int64_t used = now - watch.start_ns.load(std::memory_order_relaxed);
  bool over = now >= 0 && used > watch.budget_ns.load(std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_acquire);
  if (!over || watch.word.load(std::memory_order_relaxed) != word) return true;  // within budget, or re-armed meanwhile
  std::lock_guard<std::mutex> fire(watch.fire_lock);
  uint64_t fired = (word & ~CpuWatch::kStateMask) | CpuWatch::kFired;
  if (watch.word.compare_exchange_strong(word, fired)) s->isolate->TerminateExecution();
  return true;
}

void Run() {
  int idle_polls = 0;
  std::unique_lock<std::mutex> lock(g_lock);
  while (true) {
    bool any_armed = false;
    for (sy_isolate* s : g_isolates) any_armed |= Check(s);
    idle_polls = any_armed ? 0 : idle_polls + 1;
    if (idle_polls >= kIdlePollsBeforeSleep) {
      g_sleeping.store(true);
      g_wake.wait(lock, [] { return !g_sleeping.load(); });
      idle_polls = 0;
      continue;
    }
    lock.unlock();
    std::this_thread::sleep_for(kPollInterval);
    lock.lock();
  }
}

}  // namespace

int64_t ThreadCpuNow() { return ReadClock(CLOCK_THREAD_CPUTIME_ID); }

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

extern "C" SY_API void sy_cpu_arm(sy_isolate* s, int64_t budget_ns) {
  CpuWatch& watch = s->cpu;
  clockid_t clock = CurrentThreadClock();
  watch.clock.store(clock, std::memory_order_relaxed);
  watch.budget_ns.store(budget_ns, std::memory_order_relaxed);
  watch.start_ns.store(ReadClock(clock), std::memory_order_relaxed);
  uint64_t sequence = (watch.word.load(std::memory_order_relaxed) & ~CpuWatch::kStateMask) + CpuWatch::kSequenceStep;
  watch.word.store(sequence | CpuWatch::kArmed, std::memory_order_release);
  if (g_sleeping.load(std::memory_order_relaxed)) {
    std::lock_guard<std::mutex> lock(g_lock);
    g_sleeping.store(false);
    g_wake.notify_one();
  }
}

extern "C" SY_API int32_t sy_cpu_disarm(sy_isolate* s, int64_t* used_ns) {
  CpuWatch& watch = s->cpu;
  *used_ns = ReadClock(watch.clock.load(std::memory_order_relaxed)) - watch.start_ns.load(std::memory_order_relaxed);
  uint64_t word = watch.word.load(std::memory_order_relaxed);
  while (!watch.word.compare_exchange_weak(word, word & ~CpuWatch::kStateMask)) {
  }
  if ((word & CpuWatch::kStateMask) != CpuWatch::kFired) return 0;
  std::lock_guard<std::mutex> fire(watch.fire_lock);  // the watchdog's TerminateExecution has happened
  if (!s->memory_exceeded.load()) s->isolate->CancelTerminateExecution();
  return 1;
}
