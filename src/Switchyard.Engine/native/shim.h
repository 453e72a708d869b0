// Internal declarations shared by the shim's translation units (not part of the C ABI).
#pragma once
#include <v8.h>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>
#include <time.h>

#include "switchyard_v8.h"

namespace sy {

using v8::Local;

// Caps the ArrayBuffer memory of one isolate; running past the cap terminates the isolate like heap exhaustion.
class CappedAllocator final : public v8::ArrayBuffer::Allocator {
 public:
  CappedAllocator(size_t limit, std::atomic<bool>* exceeded, v8::Isolate** isolate)
      : limit_(limit), exceeded_(exceeded), isolate_(isolate) {}
  void* Allocate(size_t length) override;
  void* AllocateUninitialized(size_t length) override;
  void Free(void* data, size_t length) override;
  size_t used() const { return used_.load(std::memory_order_relaxed); }
  // Counts memory allocated elsewhere (a buffer the host hands over) against the cap; false (and the isolate
  // terminated as out of memory) when it does not fit. Unreserve when that memory is freed.
  bool Reserve(size_t length);
  void Unreserve(size_t length) { used_.fetch_sub(length, std::memory_order_relaxed); }

 private:
  size_t limit_;
  std::atomic<size_t> used_{0};
  std::atomic<bool>* exceeded_;
  v8::Isolate** isolate_;
};

// The CPU watch of one isolate, shared with the watchdog thread. Arming writes plain atomics, no lock.
// `word` packs an arming sequence number with the state so a stale check can never fire a later arming.
struct CpuWatch {
  static constexpr uint64_t kIdle = 0, kArmed = 1, kFired = 2, kStateMask = 3, kSequenceStep = 4;
  std::atomic<uint64_t> word{kIdle};
  uint64_t state() const { return word.load(std::memory_order_acquire) & kStateMask; }
  std::atomic<clockid_t> clock{0};     // CPU clock of the thread running the armed entry
  std::atomic<int64_t> start_ns{0};    // that clock's reading at arming
  std::atomic<int64_t> budget_ns{0};
  std::mutex fire_lock;                // orders the watchdog's TerminateExecution before a disarm's cancel
};

// Chunked UTF-16 scratch memory for strings handed to the embedder; released in stack order.
class StringArena {
 public:
  struct Mark { size_t chunk, offset; };
  uint16_t* Allocate(size_t units);
  Mark Save() const { return {chunk_, offset_}; }
  void Restore(Mark mark) { chunk_ = mark.chunk; offset_ = mark.offset; }
  void TrimSpareChunks();

 private:
  static constexpr size_t kChunkUnits = 4 * 1024;
  std::vector<std::vector<uint16_t>> chunks_;
  size_t chunk_ = 0, offset_ = 0;
};

struct ModuleEntry {
  v8::Global<v8::Module> module;
  int identity_hash;
  std::vector<std::pair<v8::Global<v8::String>, v8::Global<v8::Value>>> synthetic_exports;
};

struct ExceptionRecord {
  std::u16string name, message, stack, resource;
  int line = 0, column = 0;
};

}  // namespace sy

// A start-up snapshot: the blob, and the external references its isolates are made with. Those are the shim's
// callbacks plus the bootstrap source's string resource, so the source deserializes as an external string that points
// at this one copy instead of being copied into every isolate's heap (about 300 KB of the runtime's isolates).
struct sy_snapshot {
  v8::StartupData blob{nullptr, 0};  // V8 keeps this pointer: contexts deserialize from it after Isolate::New
  std::vector<intptr_t> external_references;  // 0-terminated
  std::unique_ptr<v8::String::ExternalStringResourceBase> source;
};

struct sy_isolate {
  v8::Isolate* isolate = nullptr;
  void* state = nullptr;
  std::unique_ptr<sy::CappedAllocator> allocator;
  std::atomic<bool> memory_exceeded{false};
  std::atomic<bool> terminate_requested{false};
  std::atomic<bool> code_generation_allowed{false};  // eval / new Function / Wasm from bytes (sy_isolate_allow_code_generation)
  sy::CpuWatch cpu;
  sy::StringArena strings;
  sy::ExceptionRecord exception;
  std::vector<v8::Global<v8::Value>> handles;
  std::vector<int32_t> free_handles;
  std::vector<v8::Global<v8::Context>> contexts;
  // Per context (same index): the function sy_promise_await calls, made before any of the context's own code runs.
  std::vector<v8::Global<v8::Function>> await_helpers;
  std::vector<sy::ModuleEntry> modules;
  std::unordered_multimap<int, int32_t> modules_by_hash;
  v8::Global<v8::FunctionTemplate> host_function_template;
  int js_depth = 0;  // >0 while JS is on the stack (host callbacks calling back in)
  // The isolate's memory (heap plus ArrayBuffers) as read at the end of a drain, at most once a second: the warm
  // instance budget reads it (sy_isolate_footprint) without queueing work for the isolate.
  std::atomic<int64_t> footprint_bytes{0};
  std::atomic<int64_t> install_interrupts_carried{0};  // runs that carried one (interrupts.cc); written under the Locker
  int64_t footprint_due_ns = 0;
};

namespace sy {

extern sy_callbacks g_callbacks;
extern const intptr_t g_external_references[];

// The sy_isolate of a V8 isolate. Not Isolate::GetData: that inline accessor writes at an offset into V8's IsolateData
// that the headers compute and nothing in the library can confirm (see docs/engine.md, "Headers").
sy_isolate* FromIsolate(v8::Isolate* isolate);

// values.cc
int32_t StoreHandle(sy_isolate* s, Local<v8::Value> value);
void ToSyValue(sy_isolate* s, Local<v8::Value> value, sy_value* out);
Local<v8::Value> FromSyValue(sy_isolate* s, const sy_value* value);
Local<v8::String> NewString(v8::Isolate* isolate, const uint16_t* chars, int32_t length);
std::u16string ToU16(v8::Isolate* isolate, Local<v8::Value> value);
void PutString(sy_isolate* s, Local<v8::String> text, sy_value* out);

// errors.cc
int32_t Fail(sy_isolate* s, v8::TryCatch& try_catch);
int32_t FailWithValue(sy_isolate* s, Local<v8::Value> exception);
int32_t FailWithText(sy_isolate* s, const char* name, const std::u16string& message);

// host_functions.cc
void InstallHostFunctions(sy_isolate* s, Local<v8::Context> context, const sy_value* names, int32_t count);
void HostFunctionCallback(const v8::FunctionCallbackInfo<v8::Value>& info);
void PromiseFulfilledCallback(const v8::FunctionCallbackInfo<v8::Value>& info);
void PromiseRejectedCallback(const v8::FunctionCallbackInfo<v8::Value>& info);

// modules.cc
v8::MaybeLocal<v8::Value> SyntheticModuleSteps(Local<v8::Context> context, Local<v8::Module> module);

// calls.cc
int32_t RunMicrotasksIfOutermost(sy_isolate* s);
Local<v8::Context> ContextOf(sy_isolate* s, int32_t context);

// watchdog.cc
void WatchdogRegister(sy_isolate* s);
void WatchdogUnregister(sy_isolate* s);

// interrupts.cc: V8's "install optimized code" interrupts, carried across the Locker that would wipe them.
constexpr uint32_t kInstallTurbofanCode = 1u << 2;  // StackGuard::INSTALL_CODE
constexpr uint32_t kInstallMaglevCode = 1u << 9;    // StackGuard::INSTALL_MAGLEV_CODE
bool StackGuardBelongsTo(v8::Isolate* isolate);
uint32_t PendingInstallInterrupts(v8::Isolate* isolate);  // read with no Locker held, before taking one
void RequestInterrupts(v8::Isolate* isolate, uint32_t flags);
void ClearInterrupts(v8::Isolate* isolate, uint32_t flags);

// isolate.cc
v8::Platform* GetPlatform();

void RegisterIsolate(sy_isolate* s);
void UnregisterIsolate(sy_isolate* s);
// Makes `s` the isolate FromIsolate finds first on this thread until the scope ends (nests).
class EnteredIsolate {
 public:
  explicit EnteredIsolate(sy_isolate* s);
  ~EnteredIsolate();

 private:
  sy_isolate* outer_;
};

// self_check.cc
// Runs the header/library consistency checks on a fresh isolate; appends one line per check to `report`, returns the
// number of failed checks.
int RunSelfCheck(std::string& report);

// async_context.cc
void GetContinuationData(const v8::FunctionCallbackInfo<v8::Value>& info);
void SetContinuationData(const v8::FunctionCallbackInfo<v8::Value>& info);

// Scope for one JS-running export: handle scope, entered context, try/catch, nesting depth.
class CallScope {
 public:
  CallScope(sy_isolate* s, int32_t context)
      : s_(s), handles_(s->isolate), context_(ContextOf(s, context)), enter_(context_), try_catch_(s->isolate) {
    ++s_->js_depth;
  }
  ~CallScope() { --s_->js_depth; }
  Local<v8::Context> context() const { return context_; }
  v8::TryCatch& try_catch() { return try_catch_; }

 private:
  sy_isolate* s_;
  v8::HandleScope handles_;
  Local<v8::Context> context_;
  v8::Context::Scope enter_;
  v8::TryCatch try_catch_;
};

}  // namespace sy
