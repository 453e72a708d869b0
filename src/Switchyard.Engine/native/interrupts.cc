// Carrying V8's "install optimized code" interrupts across the Locker, which would otherwise wipe them.
//
// V8 finishes a concurrent optimization in two steps: a background thread compiles, then sets an interrupt flag on the
// isolate's StackGuard, and the isolate's thread installs the code at its next stack check. But a top-level v8::Locker
// re-initializes the StackGuard's per-thread state, interrupt flags included (Locker::Initialize ->
// StackGuard::InitThread). Switchyard takes a Locker for every run of an isolate and no thread holds it between runs,
// so a compile that finishes after a request's JavaScript is done (most of them: requests are short) had its flag wiped
// by the next request's Locker. The job then waited, compiled, holding its zone memory (~0.9 MB per busy isolate),
// until some later compile happened to finish while JavaScript ran; a rarely used isolate might never get its code.
// Measured with --trace-opt over 50 workers in turn: 550 optimizations started, 128 installed; 504 of 504 with this.
//
// So sy_isolate_run reads the pending install flags before it takes the Locker and requests them again after. Only
// those two flags, and only when V8 itself set them: the TurboFan flag's handler assumes the compile dispatcher that
// exists only under --concurrent-recompilation, and a carried-over termination would stop the next, innocent request.
//
// V8 has no public call for any of this. The StackGuard's place in the isolate is a public header constant
// (Internals::kIsolateStackGuardOffset); the place of its flags word and the two flags' values are the library's
// (found in its code: Maglev's and TurboFan's job tasks request 1 << 9 and 1 << 2), and the start-up self-check
// (CheckCarriedInterrupts) confirms both against the library before any isolate runs.
#include "shim.h"

namespace v8::internal {
// The library's class, declared with just the members the shim calls; the library exports them.
class StackGuard {
 public:
  enum InterruptFlag : uint32_t {};
  void RequestInterrupt(InterruptFlag flag);
  void ClearInterrupt(InterruptFlag flag);
};
}  // namespace v8::internal

namespace sy {

namespace {

// StackGuard is {Isolate* isolate_; ThreadLocal thread_local_;} and the flags word is ThreadLocal's last field: the
// StackGuard's last pointer-sized slot (kStackGuardSize is 8 pointers).
constexpr size_t kInterruptFlagsOffset = v8::internal::Internals::kStackGuardSize - sizeof(void*);

v8::internal::StackGuard* StackGuardOf(v8::Isolate* isolate) {
  return reinterpret_cast<v8::internal::StackGuard*>(reinterpret_cast<char*>(isolate) +
                                                     v8::internal::Internals::kIsolateStackGuardOffset);
}

}  // namespace

bool StackGuardBelongsTo(v8::Isolate* isolate) {
  return *reinterpret_cast<v8::Isolate**>(StackGuardOf(isolate)) == isolate;  // StackGuard::isolate_
}

uint32_t PendingInstallInterrupts(v8::Isolate* isolate) {
  // Background threads write the word under V8's ExecutionAccess lock, which the shim cannot take; a relaxed read can
  // only miss a flag set this instant, which leaves things as they were without the carry.
  auto* flags = reinterpret_cast<uint32_t*>(reinterpret_cast<char*>(StackGuardOf(isolate)) + kInterruptFlagsOffset);
  return __atomic_load_n(flags, __ATOMIC_RELAXED) & (kInstallTurbofanCode | kInstallMaglevCode);
}

void RequestInterrupts(v8::Isolate* isolate, uint32_t flags) {
  StackGuardOf(isolate)->RequestInterrupt(static_cast<v8::internal::StackGuard::InterruptFlag>(flags));
}

void ClearInterrupts(v8::Isolate* isolate, uint32_t flags) {
  StackGuardOf(isolate)->ClearInterrupt(static_cast<v8::internal::StackGuard::InterruptFlag>(flags));
}

}  // namespace sy
