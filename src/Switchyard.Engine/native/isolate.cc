// V8 start-up, isolate creation and disposal, memory caps, and entering an isolate from a thread.
#include <dlfcn.h>
#include <libplatform/libplatform.h>
#include <pthread.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include <stdlib.h>
#include <string.h>

#include <shared_mutex>

#include "shim.h"

#define SY_STR2(x) #x
#define SY_STR(x) SY_STR2(x)

namespace sy {

sy_callbacks g_callbacks;
static std::unique_ptr<v8::Platform> g_platform;
static std::once_flag g_initialized;
static std::string g_initialize_error;  // empty when V8 started and passed the self-check

v8::Platform* GetPlatform() { return g_platform.get(); }

// Every live isolate, for FromIsolate's slow path; the fast path is the isolate this thread entered last.
static std::shared_mutex g_registry_lock;
static std::unordered_map<v8::Isolate*, sy_isolate*> g_registry;
static thread_local sy_isolate* t_entered = nullptr;

void RegisterIsolate(sy_isolate* s) {
  std::unique_lock lock(g_registry_lock);
  g_registry[s->isolate] = s;
}

void UnregisterIsolate(sy_isolate* s) {
  std::unique_lock lock(g_registry_lock);
  g_registry.erase(s->isolate);
}

sy_isolate* FromIsolate(v8::Isolate* isolate) {
  sy_isolate* s = t_entered;
  if (s != nullptr && s->isolate == isolate) return s;
  std::shared_lock lock(g_registry_lock);
  auto found = g_registry.find(isolate);
  return found == g_registry.end() ? nullptr : found->second;
}

EnteredIsolate::EnteredIsolate(sy_isolate* s) : outer_(t_entered) { t_entered = s; }
EnteredIsolate::~EnteredIsolate() { t_entered = outer_; }

// The ICU data file beside this library (build.sh puts icudtl.dat there).
static std::string IcuDataPath() {
  Dl_info info{};
  if (dladdr(reinterpret_cast<void*>(&IcuDataPath), &info) == 0 || info.dli_fname == nullptr) return "icudtl.dat";
  std::string path = info.dli_fname;
  size_t slash = path.rfind('/');
  return (slash == std::string::npos ? std::string() : path.substr(0, slash + 1)) + "icudtl.dat";
}

static void Start(const char* flags) {
  std::string icu = IcuDataPath();
  if (access(icu.c_str(), R_OK) != 0 || !v8::V8::InitializeICU(icu.c_str())) {
    g_initialize_error = "V8's ICU data could not be loaded from " + icu +
                         " (it comes from the NuGet package Microsoft.ClearScript.V8.ICUData; rebuild the engine)";
    return;
  }
  // Custom snapshots must not extend the read-only space: isolates share one read-only heap process-wide (the first
  // live isolate's), so with extensions an isolate made from one runtime image reads another image's read-only objects
  // (names it cannot find, "ReferenceError: runtime is not defined", or an abort while deserializing) whenever isolates
  // of two images live at once, as in the tests and the engine bench. V8 10.2 had no such extensions.
  v8::V8::SetFlagsFromString("--no-extensible-ro-snapshot");
  if (flags != nullptr && *flags != '\0') v8::V8::SetFlagsFromString(flags);
  g_platform = v8::platform::NewDefaultPlatform();
  v8::V8::InitializePlatform(g_platform.get());
  v8::V8::Initialize();
  // The headers the shim was compiled with are not the library's own (docs/engine.md, "Headers"): refuse to run
  // when an inline accessor the shim relies on disagrees with the library.
  std::string report;
  int failures = RunSelfCheck(report);
  if (failures != 0) {
    g_initialize_error = "the V8 library (" + std::string(v8::V8::GetVersion()) + ") does not match the headers the shim " +
                         "was compiled with (V8 " SY_STR(V8_MAJOR_VERSION) "." SY_STR(V8_MINOR_VERSION) "." SY_STR(V8_BUILD_NUMBER) "." SY_STR(V8_PATCH_LEVEL) "): " +
                         std::to_string(failures) + " self-check(s) failed:\n" + report;
  }
}

bool CappedAllocator::Reserve(size_t length) {
  size_t used = used_.fetch_add(length, std::memory_order_relaxed);
  if (used + length <= limit_) return true;
  used_.fetch_sub(length, std::memory_order_relaxed);
  // Treat like heap exhaustion: a catchable RangeError would let a script retry forever.
  if (!exceeded_->exchange(true) && *isolate_ != nullptr) (*isolate_)->TerminateExecution();
  return false;
}

void* CappedAllocator::Allocate(size_t length) {
  if (!Reserve(length)) return nullptr;
  void* data = calloc(1, length == 0 ? 1 : length);
  if (data == nullptr) used_.fetch_sub(length, std::memory_order_relaxed);
  return data;
}

void* CappedAllocator::AllocateUninitialized(size_t length) {
  if (!Reserve(length)) return nullptr;
  void* data = malloc(length == 0 ? 1 : length);
  if (data == nullptr) used_.fetch_sub(length, std::memory_order_relaxed);
  return data;
}

void CappedAllocator::Free(void* data, size_t length) {
  free(data);
  used_.fetch_sub(length, std::memory_order_relaxed);
}

static size_t NearHeapLimit(void* data, size_t current_limit, size_t /*initial_limit*/) {
  auto* s = static_cast<sy_isolate*>(data);
  s->memory_exceeded.store(true);
  s->isolate->TerminateExecution();
  // Room for the termination to take effect. V8 acts on it only at its next interrupt check, and the allocation that
  // reached the limit must still succeed first, however large (growing a big array's backing store, a long string):
  // one that does not fit is V8's fatal "CALL_AND_RETRY_LAST", which aborts the process. So the limit doubles (at
  // least 64 MB more) each time V8 asks while the termination is pending; the isolate is discarded afterwards.
  return current_limit + std::max<size_t>(current_limit, 64 * 1024 * 1024);
}

// eval, new Function and Wasm compilation from bytes. Every context refuses code generation from strings
// (Context::AllowCodeGenerationFromStrings(false)), so V8 asks this callback each time; it allows only while the host
// has opened the gate (a worker's start-up). V8 then throws EvalError "Code generation from strings disallowed for
// this context", which is Cloudflare's text.
static v8::ModifyCodeGenerationFromStringsResult CodeGenerationFromStrings(Local<v8::Context> context,
                                                                           Local<v8::Value> source, bool is_code_like) {
  sy_isolate* s = FromIsolate(v8::Isolate::GetCurrent());
  v8::ModifyCodeGenerationFromStringsResult result;
  // eval of a non-string compiles nothing (it returns its argument), which Cloudflare allows.
  result.codegen_allowed = (!source->IsString() && !is_code_like) || s->code_generation_allowed.load(std::memory_order_relaxed);
  return result;
}

// WebAssembly.Module(bytes), compile(bytes), instantiate(bytes): "Wasm code generation disallowed by embedder" unless
// the gate is open. Instantiating an existing WebAssembly.Module needs no code generation and is always allowed.
static bool WasmCodeGeneration(Local<v8::Context> context, Local<v8::String> source) {
  return FromIsolate(v8::Isolate::GetCurrent())->code_generation_allowed.load(std::memory_order_relaxed);
}

// The lowest usable address of the calling thread's stack, cached per thread.
static uintptr_t ThreadStackLow() {
  static thread_local uintptr_t low = 0;
  if (low != 0) return low;
  pthread_attr_t attr;
  void* address = nullptr;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &attr) == 0) {
    pthread_attr_getstack(&attr, &address, &size);
    pthread_attr_destroy(&attr);
  }
  low = reinterpret_cast<uintptr_t>(address);
  if (low == 0) {  // unknown: assume 512 KB below here
    char here;
    low = reinterpret_cast<uintptr_t>(&here) - 512 * 1024;
  }
  return low;
}

// Room left below V8's limit for native and managed frames (host callbacks, the runtime, signal handlers).
static constexpr uintptr_t kStackReserve = 256 * 1024;

}  // namespace sy

using namespace sy;

extern "C" SY_API int32_t sy_initialize(const char* flags, const sy_callbacks* callbacks, const char** error) {
  std::call_once(g_initialized, [&] {
    g_callbacks = *callbacks;
    Start(flags);
  });
  if (g_initialize_error.empty()) return SY_OK;
  if (error != nullptr) *error = g_initialize_error.c_str();
  return SY_EXCEPTION;
}

extern "C" SY_API const char* sy_v8_version(void) { return v8::V8::GetVersion(); }

extern "C" SY_API int32_t sy_self_check(char* report, int32_t capacity) {
  std::string text;
  int failures = RunSelfCheck(text);
  if (report != nullptr && capacity > 0) {
    size_t length = std::min(text.size(), static_cast<size_t>(capacity - 1));
    memcpy(report, text.data(), length);
    report[length] = '\0';
  }
  return failures;
}

extern "C" SY_API void* sy_malloc(int64_t length) { return malloc(length == 0 ? 1 : static_cast<size_t>(length)); }
extern "C" SY_API void sy_free(void* pointer) { free(pointer); }

extern "C" SY_API sy_isolate* sy_isolate_new(const sy_isolate_options* options) {
  auto* s = new sy_isolate();
  s->state = options->state;
  s->allocator = std::make_unique<CappedAllocator>(static_cast<size_t>(options->array_buffer_limit_bytes),
                                                   &s->memory_exceeded, &s->isolate);
  v8::Isolate::CreateParams params;
  params.array_buffer_allocator = s->allocator.get();
  params.constraints.set_max_old_generation_size_in_bytes(static_cast<size_t>(options->heap_limit_bytes));
  params.constraints.set_max_young_generation_size_in_bytes(
      std::min<size_t>(16 * 1024 * 1024, std::max<size_t>(2 * 1024 * 1024, options->heap_limit_bytes / 8)));
  if (options->snapshot != nullptr) {
    params.snapshot_blob = &options->snapshot->blob;
    params.external_references = options->snapshot->external_references.data();
  } else {
    params.external_references = g_external_references;
  }
  v8::Isolate* isolate = v8::Isolate::New(params);
  s->isolate = isolate;
  RegisterIsolate(s);
  {
    v8::Locker locker(isolate);
    isolate->SetMicrotasksPolicy(v8::MicrotasksPolicy::kExplicit);
    isolate->AddNearHeapLimitCallback(NearHeapLimit, s);
    // Errors keep their creation site, so a rejection read later still reports file:line.
    isolate->SetCaptureStackTraceForUncaughtExceptions(true, 1);
    isolate->SetModifyCodeGenerationFromStringsCallback(CodeGenerationFromStrings);
    isolate->SetAllowWasmCodeGenerationCallback(WasmCodeGeneration);
    // A worker has one thread: a blocking Atomics.wait could only hang it (and every request queued behind it).
    // V8 throws TypeError "Atomics.wait cannot be called in this context", as in workerd.
    isolate->SetAllowAtomicsWait(false);
  }
  WatchdogRegister(s);
  return s;
}

extern "C" SY_API void sy_isolate_dispose(sy_isolate* s) {
  WatchdogUnregister(s);
  v8::Isolate* isolate = s->isolate;
  {
    v8::Locker locker(isolate);
    v8::Isolate::Scope scope(isolate);
    s->handles.clear();
    s->contexts.clear();
    s->await_helpers.clear();
    s->modules.clear();
    s->host_function_template.Reset();
  }
  UnregisterIsolate(s);
  // Before Dispose: the platform keys its task runners by the isolate's address, which a new isolate may reuse.
  v8::platform::NotifyIsolateShutdown(g_platform.get(), isolate);
  isolate->Dispose();
  delete s;
}

// A coarse clock is enough for "at most once a second", and costs a request nothing measurable.
static void RecordFootprintIfDue(sy_isolate* s) {
  timespec now;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
  int64_t now_ns = static_cast<int64_t>(now.tv_sec) * 1000000000 + now.tv_nsec;
  if (now_ns < s->footprint_due_ns) return;
  s->footprint_due_ns = now_ns + 1000000000;
  v8::HeapStatistics stats;
  s->isolate->GetHeapStatistics(&stats);
  s->footprint_bytes.store(static_cast<int64_t>(stats.total_heap_size() + s->allocator->used()), std::memory_order_relaxed);
}

extern "C" SY_API void sy_isolate_run(sy_isolate* s, void (*work)(void*), void* state) {
  v8::Isolate* isolate = s->isolate;
  uint32_t install = PendingInstallInterrupts(isolate);  // before the Locker wipes them (interrupts.cc)
  v8::Locker locker(isolate);
  v8::Isolate::Scope scope(isolate);
  EnteredIsolate entered(s);
  isolate->SetStackLimit(ThreadStackLow() + kStackReserve);
  if (install != 0) {
    RequestInterrupts(isolate, install);
    s->install_interrupts_carried.store(s->install_interrupts_carried.load(std::memory_order_relaxed) + 1,
                                        std::memory_order_relaxed);
  }
  {
    v8::HandleScope handles(isolate);
    work(state);
  }
  while (v8::platform::PumpMessageLoop(g_platform.get(), isolate)) {
  }
  s->strings.TrimSpareChunks();
  RecordFootprintIfDue(s);
}

extern "C" SY_API void sy_isolate_terminate(sy_isolate* s) {
  s->terminate_requested.store(true);
  s->isolate->TerminateExecution();
}

extern "C" SY_API void sy_isolate_allow_code_generation(sy_isolate* s, int32_t allow) {
  s->code_generation_allowed.store(allow != 0, std::memory_order_relaxed);
}

extern "C" SY_API void sy_thread_lower_priority(void) {
  // Linux applies nice values per thread; lowering one needs no privilege.
  setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), 10);
}

extern "C" SY_API int64_t sy_isolate_footprint(sy_isolate* s) {
  return s->footprint_bytes.load(std::memory_order_relaxed);
}

extern "C" SY_API int64_t sy_isolate_install_interrupts_carried(sy_isolate* s) {
  return s->install_interrupts_carried.load(std::memory_order_relaxed);
}

extern "C" SY_API void sy_heap_info_get(sy_isolate* s, sy_heap_info* info) {
  v8::HeapStatistics stats;
  s->isolate->GetHeapStatistics(&stats);
  info->used_heap_bytes = static_cast<int64_t>(stats.used_heap_size());
  info->total_heap_bytes = static_cast<int64_t>(stats.total_heap_size());
  info->external_bytes = static_cast<int64_t>(stats.external_memory());
  info->array_buffer_bytes = static_cast<int64_t>(s->allocator->used());
}
