// The whole C ABI of the Switchyard V8 shim. Every export is declared here and nowhere else.
// Conventions:
//  * Functions taking a context id must run inside sy_isolate_run (the isolate is locked and entered).
//  * Functions returning int32_t return an sy_status; on SY_EXCEPTION the details are read with sy_exception.
//  * Strings are UTF-16. Output strings point into an isolate-owned scratch area and are valid until the next
//    shim call on that isolate: copy them at once.
#pragma once
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SY_API __attribute__((visibility("default")))

typedef struct sy_isolate sy_isolate;
typedef struct sy_snapshot sy_snapshot;  // a start-up snapshot and what its isolates share (snapshot.cc)

typedef enum sy_status {
  SY_OK = 0,
  SY_EXCEPTION = 1,   // a JS exception was thrown (or a promise rejected while settling)
  SY_TERMINATED = 2,  // execution was terminated; see sy_termination_reason
} sy_status;

typedef enum sy_termination {
  SY_TERMINATION_NONE = 0,
  SY_TERMINATION_CPU = 1,
  SY_TERMINATION_MEMORY = 2,
  SY_TERMINATION_REQUESTED = 3,
} sy_termination;

typedef enum sy_kind {
  SY_UNDEFINED = 0,
  SY_NULL = 1,
  SY_BOOLEAN = 2,      // integer: 0 or 1
  SY_NUMBER = 3,       // number
  SY_BIGINT = 4,       // integer (fits in int64)
  SY_BIGINT_TEXT = 5,  // pointer/length: decimal digits of a BigInt beyond int64
  SY_STRING = 6,       // pointer/length: UTF-16 code units
  // Kinds at or above SY_OBJECT are held in the isolate's handle table (field `handle`).
  SY_OBJECT = 7,
  SY_ARRAY = 8,
  SY_FUNCTION = 9,
  SY_PROMISE = 10,
  SY_ARRAY_BUFFER = 11,  // pointer/length: the backing store's bytes
  SY_UINT8_ARRAY = 12,   // pointer/length: the view's bytes
  SY_OTHER = 13,         // symbols, other typed arrays, ...: opaque handle
} sy_kind;

typedef struct sy_value {
  int32_t kind;
  int32_t handle;
  int64_t length;
  union {
    double number;
    int64_t integer;
    const void* pointer;
  };
} sy_value;

typedef struct sy_exception_info {
  const uint16_t* name; int32_t name_length;
  const uint16_t* message; int32_t message_length;
  const uint16_t* stack; int32_t stack_length;
  const uint16_t* resource; int32_t resource_length;  // script or module of the throwing frame
  int32_t line;    // 1-based, 0 when unknown
  int32_t column;  // 1-based, 0 when unknown
} sy_exception_info;

typedef enum sy_host_outcome {
  SY_HOST_RETURN = 0,           // return *result
  SY_HOST_THROW = 1,            // throw an Error whose message is the string *result
  SY_HOST_RETURN_AND_FREE = 2,  // return *result, then free its handle (ownership passes to the shim)
} sy_host_outcome;

// Callbacks into the embedder, set once per process. `state` is the value given in sy_isolate_options.
typedef struct sy_callbacks {
  // A host function was called; returns an sy_host_outcome for *result. args and their strings are valid during
  // the call only.
  int32_t (*host_call)(void* state, int32_t function_id, const sy_value* args, int32_t argc, sy_value* result);
  // A promise registered with sy_promise_await settled.
  void (*promise_settled)(void* state, int32_t await_id, int32_t fulfilled, const sy_value* value);
  // Returns the module id for `specifier` imported by module `referrer`, or -1 when it cannot be resolved.
  int32_t (*resolve_module)(void* state, int32_t referrer, const uint16_t* specifier, int32_t length);
} sy_callbacks;

typedef struct sy_isolate_options {
  int64_t heap_limit_bytes;          // old-generation limit; the isolate is terminated when exceeded
  int64_t array_buffer_limit_bytes;  // total ArrayBuffer memory per isolate
  const sy_snapshot* snapshot;       // start-up snapshot from sy_snapshot_create, or NULL; must outlive the isolate
  void* state;                       // passed back to every callback
} sy_isolate_options;

typedef struct sy_heap_info {
  int64_t used_heap_bytes;
  int64_t total_heap_bytes;
  int64_t external_bytes;
  int64_t array_buffer_bytes;
} sy_heap_info;

// ---- process ----
// Initializes V8 once per process (later calls return the first call's outcome). `flags` are V8 command-line flags,
// may be NULL. Loads the ICU data file beside the shim and runs sy_self_check. Returns SY_OK, or SY_EXCEPTION with
// *error set to a static explanation (ICU data missing, or the library does not match the shim's headers).
SY_API int32_t sy_initialize(const char* flags, const sy_callbacks* callbacks, const char** error);
// The V8 version the library reports (v8::V8::GetVersion()), e.g. "14.7.173.23-ClearScript". Callable any time.
SY_API const char* sy_v8_version(void);
// Checks, on a fresh isolate, every inline accessor of the V8 headers the shim relies on against the library's own
// (out-of-line) results. Writes one line per check into report (NUL-terminated, cut at capacity) and returns the number
// of failed checks. Needs sy_initialize to have started V8 (sy_initialize runs it itself).
SY_API int32_t sy_self_check(char* report, int32_t capacity);
SY_API void* sy_malloc(int64_t length);
SY_API void sy_free(void* pointer);

// ---- snapshots ----
// Builds a start-up snapshot whose default context has the named host functions installed as globals (ids are
// their indexes) and `bootstrap` evaluated. Returns SY_OK with the snapshot in *snapshot (free it with
// sy_snapshot_free once no isolate made from it is alive) and the blob's size in *length, or SY_EXCEPTION with the
// error text in a sy_malloc'ed UTF-16 buffer (*snapshot, *length in code units). The bootstrap's source stays outside
// the isolates' heaps: every isolate made from the snapshot shares the snapshot's one copy.
SY_API int32_t sy_snapshot_create(const sy_value* host_function_names, int32_t count,
                                  const uint16_t* bootstrap, int32_t bootstrap_length,
                                  const uint16_t* bootstrap_name, int32_t bootstrap_name_length,
                                  void** snapshot, int32_t* length);
SY_API void sy_snapshot_free(sy_snapshot* snapshot);

// ---- isolates ----
SY_API sy_isolate* sy_isolate_new(const sy_isolate_options* options);
SY_API void sy_isolate_dispose(sy_isolate* isolate);
// Locks and enters the isolate on the calling thread, sets the stack limit from this thread's stack, calls
// work(state), runs pending platform tasks, then leaves.
SY_API void sy_isolate_run(sy_isolate* isolate, void (*work)(void*), void* state);
SY_API void sy_isolate_terminate(sy_isolate* isolate);  // any thread
SY_API int32_t sy_termination_reason(sy_isolate* isolate);
SY_API void sy_heap_info_get(sy_isolate* isolate, sy_heap_info* info);
// The isolate's heap plus ArrayBuffer bytes as read at the end of its last drain that was due for a reading (at most
// one a second); 0 before its first drain. Safe from any thread, without entering the isolate.
SY_API int64_t sy_isolate_footprint(sy_isolate* isolate);
// How many of the isolate's runs found an optimization compiled on a background thread between runs, waiting to be
// installed, and asked V8 to install it (native/interrupts.cc). Safe from any thread.
SY_API int64_t sy_isolate_install_interrupts_carried(sy_isolate* isolate);
// Lowers the calling thread's scheduling priority (nice 10), for background work that must yield to requests.
SY_API void sy_thread_lower_priority(void);
SY_API void sy_handle_free(sy_isolate* isolate, int32_t handle);
// Whether code may be generated from strings (eval, new Function) and Wasm compiled from bytes in this isolate's
// contexts now: 0 (the default) makes them throw EvalError / WebAssembly.CompileError as on Cloudflare during
// requests; the host allows them while it loads a worker (its start-up) and compiles uploaded Wasm modules.
SY_API void sy_isolate_allow_code_generation(sy_isolate* isolate, int32_t allow);

// ---- CPU budget (inside sy_isolate_run) ----
// Starts charging this thread's CPU time to a budget; the watchdog terminates execution past it. Arming and disarming
// read the thread's CPU clock (a system call, ~0.7 us here) at most once per 100 us of wall time per thread and
// otherwise bound it from the last reading plus the monotonic time since: a charge may be off by up to 100 us, and
// only when the thread was preempted or asleep for part of that time. `resume` 0 reads the clock exactly (the re-arm
// after a host function's uncharged first call).
SY_API void sy_cpu_arm(sy_isolate* isolate, int64_t budget_ns, int32_t resume);
// Stops charging and reports what was used since arming. Returns 1 if the budget was exceeded (the termination is then
// cancelled), else 0.
SY_API int32_t sy_cpu_disarm(sy_isolate* isolate, int64_t* used_ns);
// 1 when the armed budget is spent (whether or not the watchdog has looked yet), else 0. For host work that runs long
// on the isolate's thread: the watchdog's termination stops JS only, so such work asks between its steps.
SY_API int32_t sy_cpu_spent(sy_isolate* isolate);

// ---- contexts ----
// Creates a context. From a snapshot it is the snapshot's context; otherwise the named host functions are
// installed and `bootstrap` (may be NULL) is evaluated in it.
SY_API int32_t sy_context_new(sy_isolate* isolate, const sy_value* host_function_names, int32_t count,
                              const uint16_t* bootstrap, int32_t bootstrap_length,
                              const uint16_t* bootstrap_name, int32_t bootstrap_name_length, int32_t* context);
SY_API void sy_context_free(sy_isolate* isolate, int32_t context);
SY_API void sy_exception(sy_isolate* isolate, sy_exception_info* info);

// ---- values and calls ----
SY_API int32_t sy_script_run(sy_isolate* isolate, int32_t context, const uint16_t* source, int32_t source_length,
                             const uint16_t* name, int32_t name_length, sy_value* result);
#define SY_CALL_SETTLE 1  // if the result is a promise, run microtasks and return its value once settled
SY_API int32_t sy_call(sy_isolate* isolate, int32_t context, const sy_value* function, const sy_value* receiver,
                       const sy_value* args, int32_t argc, int32_t flags, sy_value* result);
SY_API int32_t sy_construct(sy_isolate* isolate, int32_t context, const sy_value* constructor,
                            const sy_value* args, int32_t argc, sy_value* result);
SY_API int32_t sy_get(sy_isolate* isolate, int32_t context, const sy_value* target, const sy_value* key,
                      sy_value* result);
// results[i] = target[keys[i]] for i < count: several reads in one crossing (one scope, one microtask checkpoint).
SY_API int32_t sy_get_fields(sy_isolate* isolate, int32_t context, const sy_value* target, const sy_value* keys,
                             int32_t count, sy_value* results);
SY_API int32_t sy_set(sy_isolate* isolate, int32_t context, const sy_value* target, const sy_value* key,
                      const sy_value* value);
SY_API int32_t sy_global(sy_isolate* isolate, int32_t context, sy_value* result);
SY_API int32_t sy_object_new(sy_isolate* isolate, int32_t context, sy_value* result);
SY_API int32_t sy_json_parse(sy_isolate* isolate, int32_t context, const uint16_t* json, int32_t length,
                             sy_value* result);
SY_API int32_t sy_json_stringify(sy_isolate* isolate, int32_t context, const sy_value* value, sy_value* result);
// Creates an ArrayBuffer (kind SY_ARRAY_BUFFER) or Uint8Array (SY_UINT8_ARRAY) of `length` bytes. With `data`
// NULL the bytes come from the isolate's capped allocator (zeroed); otherwise `data` (from sy_malloc) becomes the
// backing store without a copy and is sy_free'd when collected.
SY_API int32_t sy_buffer_new(sy_isolate* isolate, int32_t context, int32_t kind, void* data, int64_t length,
                             sy_value* result);

// ---- promises ----
// A new pending promise (*promise) and the handle of its resolver.
SY_API int32_t sy_promise_new(sy_isolate* isolate, int32_t context, sy_value* promise, int32_t* resolver);
// Resolves or rejects and frees the resolver, then runs microtasks when not nested in JS.
SY_API int32_t sy_promise_settle(sy_isolate* isolate, int32_t context, int32_t resolver, int32_t reject,
                                 const sy_value* value);
// Calls callbacks.promise_settled(await_id, ...) when the promise settles.
SY_API int32_t sy_promise_await(sy_isolate* isolate, int32_t context, const sy_value* promise, int32_t await_id);
// Two native functions of the context: *get returns the isolate's continuation-preserved embedder data
// (v8::Isolate::GetContinuationPreservedEmbedderDataV2, undefined when unset), *set(value) sets it. V8 stores that value
// on every promise reaction (await, then) when it is created and restores it while the reaction runs, which is what
// carries AsyncLocalStorage across awaits. (Promise hooks, the older way, are compiled out of the V8 library.)
SY_API int32_t sy_context_continuation_functions(sy_isolate* isolate, int32_t context, sy_value* get, sy_value* set);

// ---- modules ----
SY_API int32_t sy_module_compile(sy_isolate* isolate, int32_t context, const uint16_t* name, int32_t name_length,
                                 const uint16_t* source, int32_t source_length, int32_t* module);
// A module whose exports are the given values (names are SY_STRING values).
SY_API int32_t sy_module_synthetic(sy_isolate* isolate, int32_t context, const uint16_t* name, int32_t name_length,
                                   const sy_value* export_names, const sy_value* export_values, int32_t count,
                                   int32_t* module);
SY_API int32_t sy_module_request_count(sy_isolate* isolate, int32_t module);
SY_API void sy_module_request(sy_isolate* isolate, int32_t context, int32_t module, int32_t index,
                              sy_value* specifier);
SY_API int32_t sy_module_instantiate(sy_isolate* isolate, int32_t context, int32_t module);
// Evaluates and runs microtasks; *result is the namespace object, or a pending promise under top-level await.
SY_API int32_t sy_module_evaluate(sy_isolate* isolate, int32_t context, int32_t module, sy_value* result);
SY_API int32_t sy_module_namespace(sy_isolate* isolate, int32_t context, int32_t module, sy_value* result);

#ifdef __cplusplus
}
#endif
