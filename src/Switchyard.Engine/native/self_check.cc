// Header/library consistency checks. The shim is compiled with V8 headers that need not be the library's own
// (docs/engine.md, "Headers"). Calls into the library are checked by the linker, but the headers' inline functions read
// V8's internal layouts with constants compiled into the shim (the root table's offset and indices, instance types,
// oddball kinds, the callback argument frame, class and vtable layouts), and a difference there shows as wrong values
// or memory damage, not as an error. Each check below compares what an inline accessor the shim uses returns with what
// the library computes out of line, comparing handles by address before anything they point to is read.
#include <libplatform/libplatform.h>

#include <unistd.h>

#include <cstdio>

#include "shim.h"

namespace sy {

namespace {

class Report {
 public:
  explicit Report(std::string& text) : text_(text) {}
  void Check(bool ok, const std::string& what) {
    text_ += (ok ? "ok   " : "FAIL ") + what + "\n";
    if (!ok) ++failures_;
  }
  void Note(const std::string& what) { text_ += "note " + what + "\n"; }
  int failures() const { return failures_; }

 private:
  std::string& text_;
  int failures_ = 0;
};

// Address equality of two handles' objects: reads the handle slots only, never the objects.
template <class A, class B>
bool Same(Local<A> a, Local<B> b) {
  return !a.IsEmpty() && !b.IsEmpty() && a == b;
}

// What the callback probe saw. info[i] handles point into the call's frame, so they are compared during the call.
struct ProbeRecord {
  Local<v8::Value> expected_data;
  Local<v8::Value>* expected_args = nullptr;  // 3 of them
  Local<v8::Value> expected_undefined;
  v8::Isolate* isolate = nullptr;
  int length = -1;
  bool data_same = false;
  std::string args_differ = "not compared";
  bool past_end_undefined = false;
  bool returned = false;
};
thread_local ProbeRecord* t_probe = nullptr;

void Probe(const v8::FunctionCallbackInfo<v8::Value>& info) {
  ProbeRecord& record = *t_probe;
  record.isolate = info.GetIsolate();
  record.length = info.Length();
  record.data_same = Same(info.Data(), record.expected_data);
  // Only read the arguments and write the return value once the frame's layout looks right: a wrong length or data
  // slot means every other index is wrong too, and a return value written through a wrong index would damage the frame.
  if (record.length != 3 || !record.data_same) return;
  record.args_differ.clear();
  for (int i = 0; i < 3; ++i) {
    if (!Same(info[i], record.expected_args[i])) record.args_differ += " " + std::to_string(i);
  }
  record.past_end_undefined = Same(info[3], record.expected_undefined);
  if (!record.args_differ.empty()) return;
  info.GetReturnValue().Set(info[1]);
  record.returned = true;
}

Local<v8::String> Text(v8::Isolate* isolate, const char* text) {
  return v8::String::NewFromUtf8(isolate, text).ToLocalChecked();
}

std::string Utf8(v8::Isolate* isolate, Local<v8::Value> value) {
  v8::String::Utf8Value text(isolate, value);
  return *text == nullptr ? std::string("<?>") : std::string(*text, text.length());
}

void CheckRoots(Report& report, v8::Isolate* isolate, Local<v8::Context> context, Local<v8::Array> reference) {
  // reference = [undefined, null, true, false] as the library's script evaluation produced them.
  Local<v8::Value> expected[4];
  for (uint32_t i = 0; i < 4; ++i) expected[i] = reference->Get(context, i).ToLocalChecked();
  report.Check(Same(v8::Undefined(isolate), expected[0]), "v8::Undefined() is the library's undefined (root table)");
  report.Check(Same(v8::Null(isolate), expected[1]), "v8::Null() is the library's null (root table)");
  report.Check(Same(v8::True(isolate), expected[2]), "v8::True() is the library's true (root table)");
  report.Check(Same(v8::False(isolate), expected[3]), "v8::False() is the library's false (root table)");
  report.Check(Same(v8::Boolean::New(isolate, true), expected[2]) && Same(v8::Boolean::New(isolate, false), expected[3]),
               "v8::Boolean::New() gives the library's true and false");
}

void CheckPredicates(Report& report, v8::Isolate* isolate, Local<v8::Context> context, Local<v8::Array> samples,
                     Local<v8::Array> reference) {
  Local<v8::Value> undefined_value = reference->Get(context, 0).ToLocalChecked();
  Local<v8::Value> null_value = reference->Get(context, 1).ToLocalChecked();
  Local<v8::Value> true_value = reference->Get(context, 2).ToLocalChecked();
  Local<v8::Value> false_value = reference->Get(context, 3).ToLocalChecked();
  std::vector<Local<v8::Value>> values;
  for (uint32_t i = 0; i < samples->Length(); ++i) values.push_back(samples->Get(context, i).ToLocalChecked());
  // Values the shim itself makes through the library.
  const uint16_t two_byte[] = {0x48, 0xe9, 0x20ac, 0xd83d, 0xde00};
  values.push_back(NewString(isolate, two_byte, 5));
  values.push_back(NewString(isolate, two_byte, 0));
  values.push_back(v8::Number::New(isolate, 3.25));
  values.push_back(v8::Integer::New(isolate, 7));
  values.push_back(v8::BigInt::New(isolate, -5));
  values.push_back(v8::Object::New(isolate));
  int mismatches = 0;
  std::string first;
  for (size_t i = 0; i < values.size(); ++i) {
    Local<v8::Value> value = values[i];
    std::string type = Utf8(isolate, value->TypeOf(isolate));  // out of line
    bool is_undefined = value->StrictEquals(undefined_value);
    bool is_null = value->StrictEquals(null_value);
    struct { const char* name; bool inline_result, library_result; } pairs[] = {
        {"IsUndefined", value->IsUndefined(), is_undefined},
        {"IsNull", value->IsNull(), is_null},
        {"IsNullOrUndefined", value->IsNullOrUndefined(), is_undefined || is_null},
        {"IsString", value->IsString(), type == "string"},
        {"IsTrue", value->IsTrue(), value->StrictEquals(true_value)},
        {"IsFalse", value->IsFalse(), value->StrictEquals(false_value)},
    };
    for (auto& pair : pairs) {
      if (pair.inline_result == pair.library_result) continue;
      if (mismatches++ == 0) {
        first = std::string(pair.name) + "() of sample " + std::to_string(i) + " (typeof " + type + ") is " +
                (pair.inline_result ? "true" : "false");
      }
    }
  }
  report.Check(mismatches == 0, "Value::IsUndefined/IsNull/IsNullOrUndefined/IsString/IsTrue/IsFalse agree with the "
                                "library on " + std::to_string(values.size()) + " values (instance types, oddball kinds)" +
                                    (mismatches == 0 ? "" : ": " + std::to_string(mismatches) + " differ, first " + first));
}

void CheckCallbackFrame(Report& report, v8::Isolate* isolate, Local<v8::Context> context, Local<v8::Value> undefined_value,
                        bool from_template) {
  const char* kind = from_template ? "FunctionTemplate" : "Function::New";
  Local<v8::Object> data = v8::Object::New(isolate);
  Local<v8::Function> function =
      from_template ? v8::FunctionTemplate::New(isolate, Probe, data)->GetFunction(context).ToLocalChecked()
                    : v8::Function::New(context, Probe, data).ToLocalChecked();
  Local<v8::Value> argv[] = {Text(isolate, "first"), v8::Object::New(isolate), v8::Number::New(isolate, 2.5)};
  ProbeRecord record;
  record.expected_data = data;
  record.expected_args = argv;
  record.expected_undefined = undefined_value;
  t_probe = &record;
  Local<v8::Value> result;
  bool called = function->Call(context, v8::Object::New(isolate), 3, argv).ToLocal(&result);
  t_probe = nullptr;
  std::string name = std::string("FunctionCallbackInfo (") + kind + "): ";
  report.Check(called, name + "the call returns");
  report.Check(record.isolate == isolate, name + "GetIsolate() is the calling isolate");
  report.Check(record.length == 3, name + "Length() is the argument count (" + std::to_string(record.length) + ")");
  report.Check(record.data_same, name + "Data() is the function's data");
  report.Check(record.args_differ.empty(), name + "operator[] gives the arguments" +
                                               (record.args_differ.empty() ? "" : " (not:" + record.args_differ + ")"));
  report.Check(record.past_end_undefined, name + "operator[] past Length() is undefined");
  report.Check(record.returned && called && Same(result, argv[1]), name + "GetReturnValue().Set() is the call's result");
}

void CheckScriptsAndModules(Report& report, v8::Isolate* isolate, Local<v8::Context> context) {
  {
    // ScriptOrigin and TryCatch: the library reads the origin's name; the message reports it and the line.
    v8::TryCatch try_catch(isolate);
    Local<v8::String> name = Text(isolate, "sy-self-check.js");
    v8::ScriptOrigin origin(name);
    Local<v8::Script> script;
    Local<v8::Value> ignored;
    bool ran = v8::Script::Compile(context, Text(isolate, "1;\nthrow new RangeError('checked');"), &origin).ToLocal(&script) &&
               script->Run(context).ToLocal(&ignored);
    bool caught = !ran && try_catch.HasCaught() && !try_catch.Message().IsEmpty();
    report.Check(caught && try_catch.Message()->GetScriptResourceName()->StrictEquals(name) &&
                     try_catch.Message()->GetLineNumber(context).FromMaybe(0) == 2 &&
                     Utf8(isolate, try_catch.Exception()).find("RangeError: checked") != std::string::npos,
                 "ScriptOrigin and TryCatch: the thrown error, its script name and line");
  }
  {
    // A source module (ScriptOrigin's is_module, ScriptCompiler::Source), its requests (FixedArray::Get), a synthetic
    // module (MemorySpan of export names), and the namespace (GetModuleNamespace, declared as in 14.7 by build.sh).
    v8::TryCatch try_catch(isolate);
    v8::ScriptOrigin origin(Text(isolate, "sy-self-check.mjs"), 0, 0, false, -1, Local<v8::Value>(), false, false, true);
    v8::ScriptCompiler::Source source(Text(isolate, "import { y } from 'dep'; export const x = y + 1;"), origin);
    Local<v8::Module> module;
    bool compiled = v8::ScriptCompiler::CompileModule(isolate, &source).ToLocal(&module);
    report.Check(compiled, "ScriptCompiler::CompileModule with a module origin");
    if (!compiled) return;
    Local<v8::FixedArray> requests = module->GetModuleRequests();
    bool request_ok = requests->Length() == 1 &&
                      Utf8(isolate, requests->Get(0).As<v8::ModuleRequest>()->GetSpecifier()) == "dep";
    report.Check(request_ok, "Module::GetModuleRequests and FixedArray::Get");
    Local<v8::String> export_names[] = {Text(isolate, "y")};
    static thread_local v8::Global<v8::Module>* t_dep = nullptr;
    Local<v8::Module> dep = v8::Module::CreateSyntheticModule(
        isolate, Text(isolate, "dep"), v8::MemorySpan<const Local<v8::String>>(export_names, 1),
        [](Local<v8::Context> context, Local<v8::Module> self) -> v8::MaybeLocal<v8::Value> {
          v8::Isolate* isolate = v8::Isolate::GetCurrent();
          if (self->SetSyntheticModuleExport(isolate, Text(isolate, "y"), v8::Number::New(isolate, 41)).IsNothing()) return {};
          auto done = v8::Promise::Resolver::New(context).ToLocalChecked();
          done->Resolve(context, v8::Undefined(isolate)).Check();
          return done->GetPromise();
        });
    v8::Global<v8::Module> dep_global(isolate, dep);
    t_dep = &dep_global;
    bool instantiated = module
                            ->InstantiateModule(context,
                                                [](Local<v8::Context>, Local<v8::String>, Local<v8::FixedArray>,
                                                   Local<v8::Module>) -> v8::MaybeLocal<v8::Module> {
                                                  return t_dep->Get(v8::Isolate::GetCurrent());
                                                })
                            .FromMaybe(false);
    t_dep = nullptr;
    Local<v8::Value> completion;
    bool evaluated = instantiated && module->Evaluate(context).ToLocal(&completion);
    isolate->PerformMicrotaskCheckpoint();
    bool namespace_ok = false;
    if (evaluated && module->GetStatus() == v8::Module::kEvaluated) {
      Local<v8::Value> ns = module->GetModuleNamespace();
      Local<v8::Value> x;
      namespace_ok = ns->IsModuleNamespaceObject() && ns.As<v8::Object>()->Get(context, Text(isolate, "x")).ToLocal(&x) &&
                     x->IsNumber() && x.As<v8::Number>()->Value() == 42;
    }
    report.Check(instantiated && evaluated && namespace_ok,
                 "a synthetic module (MemorySpan), instantiation, evaluation and Module::GetModuleNamespace");
  }
}

void CheckContinuationData(Report& report, v8::Isolate* isolate) {
  Local<v8::Object> value = v8::Object::New(isolate);
  isolate->SetContinuationPreservedEmbedderDataV2(value);
  Local<v8::Data> back = isolate->GetContinuationPreservedEmbedderDataV2();
  isolate->SetContinuationPreservedEmbedderDataV2(v8::Undefined(isolate));
  report.Check(Same(back, value), "Isolate::Set/GetContinuationPreservedEmbedderDataV2 keep the value");
}

void CheckMemory(Report& report, v8::Isolate* isolate, Local<v8::Context> context, CappedAllocator& allocator,
                 size_t old_generation_limit) {
  // ArrayBuffer::Allocator's vtable: JS allocations reach the shim's Allocate and, once collected, its Free.
  size_t before = allocator.used();
  {
    v8::HandleScope handles(isolate);
    Local<v8::Value> ignored;
    v8::ScriptOrigin origin(Text(isolate, "sy-self-check-buffers.js"));
    auto script = v8::Script::Compile(context, Text(isolate, "new ArrayBuffer(4096).byteLength"), &origin);
    bool ran = !script.IsEmpty() && script.ToLocalChecked()->Run(context).ToLocal(&ignored);
    report.Check(ran && allocator.used() >= before + 4096,
                 "ArrayBuffer::Allocator::Allocate (the shim's override) serves a JS ArrayBuffer");
  }
  // Array buffers may be swept on a background thread after the GC: wait for that, up to a second.
  for (int attempt = 0; attempt < 200 && allocator.used() > before; ++attempt) {
    isolate->LowMemoryNotification();
    while (v8::platform::PumpMessageLoop(GetPlatform(), isolate)) {
    }
    if (allocator.used() > before) usleep(5000);
  }
  report.Check(allocator.used() <= before, "ArrayBuffer::Allocator::Free (the shim's override) releases it after GC");
  // Isolate::CreateParams / ResourceConstraints written inline, HeapStatistics read inline.
  v8::HeapStatistics stats;
  isolate->GetHeapStatistics(&stats);
  size_t limit = stats.heap_size_limit();
  bool limit_ok = limit >= old_generation_limit && limit <= old_generation_limit + 64 * 1024 * 1024;
  bool sizes_ok = stats.used_heap_size() > 0 && stats.used_heap_size() <= stats.total_heap_size() &&
                  stats.total_heap_size() <= limit;
  char detail[160];
  snprintf(detail, sizeof detail, " (limit %zu for an old generation of %zu, used %zu of %zu)", limit, old_generation_limit,
           stats.used_heap_size(), stats.total_heap_size());
  report.Check(limit_ok, std::string("CreateParams' heap constraints reach the library (HeapStatistics::heap_size_limit)") +
                             (limit_ok ? "" : detail));
  report.Check(sizes_ok, std::string("HeapStatistics fields are consistent") + (sizes_ok ? "" : detail));
}

// The carry of install interrupts (interrupts.cc) reads a word inside V8's StackGuard and requests flags by value. With
// no Locker held, as between two runs, a flag is requested the way a finished background compile requests it; it must
// read back at the flags word's place, and survive a new Locker once carried. If a Locker no longer wipes it, V8 has
// fixed the loss and the carry is redundant (a note, not a failure).
void CheckCarriedInterrupts(Report& report, v8::Isolate* isolate) {
  bool belongs = StackGuardBelongsTo(isolate);
  report.Check(belongs, "the StackGuard is at Internals::kIsolateStackGuardOffset");
  if (!belongs) return;
  for (uint32_t flag : {kInstallMaglevCode, kInstallTurbofanCode}) {
    RequestInterrupts(isolate, flag);
    uint32_t pending = PendingInstallInterrupts(isolate);
    report.Check(pending == flag, "an install interrupt requested between runs reads back (flag " +
                                      std::to_string(flag) + ", read " + std::to_string(pending) + ")");
    v8::Locker locker(isolate);
    uint32_t after_locker = PendingInstallInterrupts(isolate);
    if (after_locker != 0) report.Note("a Locker kept a pending install interrupt: the carry is no longer needed");
    RequestInterrupts(isolate, pending);
    report.Check(PendingInstallInterrupts(isolate) == flag, "a carried install interrupt is pending again");
    ClearInterrupts(isolate, flag);  // nothing to install: the handlers are not run here
    report.Check(PendingInstallInterrupts(isolate) == 0, "the carried interrupt clears");
  }
}

}  // namespace

int RunSelfCheck(std::string& text) {
  Report report(text);
  char versions[200];
  snprintf(versions, sizeof versions, "library V8 %s, headers V8 %d.%d.%d.%d", v8::V8::GetVersion(), V8_MAJOR_VERSION,
           V8_MINOR_VERSION, V8_BUILD_NUMBER, V8_PATCH_LEVEL);
  report.Note(versions);
  report.Note("Isolate::GetData/SetData: not used (FromIsolate keeps its own table)");

  constexpr size_t kOldGeneration = 64 * 1024 * 1024;
  std::atomic<bool> exceeded{false};
  v8::Isolate* isolate = nullptr;
  CappedAllocator allocator(16 * 1024 * 1024, &exceeded, &isolate);
  v8::Isolate::CreateParams params;
  params.array_buffer_allocator = &allocator;
  params.constraints.set_max_old_generation_size_in_bytes(kOldGeneration);
  params.constraints.set_max_young_generation_size_in_bytes(4 * 1024 * 1024);
  isolate = v8::Isolate::New(params);
  {
    v8::Locker locker(isolate);
    v8::Isolate::Scope isolate_scope(isolate);
    v8::HandleScope handles(isolate);
    Local<v8::Context> context = v8::Context::New(isolate);
    v8::Context::Scope context_scope(context);
    v8::TryCatch try_catch(isolate);
    auto evaluate = [&](const char* source) -> Local<v8::Array> {
      v8::ScriptOrigin origin(Text(isolate, "sy-self-check-values.js"));
      Local<v8::Script> script;
      Local<v8::Value> value;
      if (!v8::Script::Compile(context, Text(isolate, source), &origin).ToLocal(&script) ||
          !script->Run(context).ToLocal(&value) || !value->IsArray()) {
        return {};
      }
      return value.As<v8::Array>();
    };
    Local<v8::Array> reference = evaluate("[undefined, null, true, false]");
    Local<v8::Array> samples = evaluate(R"JS((() => {
      const long = "abcdefghijklmnopqrstuvwxyz".repeat(4);
      const cons = "ab".repeat(10) + "cd".repeat(10);
      return [undefined, null, true, false, 0, -0, 1.5, NaN, 2 ** 40, -1, "", "abc", "\u00e9\u20ac", cons,
        long.substring(3, 60), long, Symbol("s"), 10n, 2n ** 100n, {}, [], function () {}, () => 1, Promise.resolve(),
        new ArrayBuffer(8), new Uint8Array(4), new Float64Array(2), new Date(0), /x/v, new Map(), new Set(),
        new String("boxed"), new Number(1), new Boolean(false), new Proxy({}, {}), Object.create(null), new Error("e"),
        globalThis];
    })())JS");
    report.Check(!reference.IsEmpty() && !samples.IsEmpty(), "the check's scripts run");
    if (!reference.IsEmpty() && !samples.IsEmpty()) {
      Local<v8::Value> undefined_value = reference->Get(context, 0).ToLocalChecked();
      CheckRoots(report, isolate, context, reference);
      CheckPredicates(report, isolate, context, samples, reference);
      CheckCallbackFrame(report, isolate, context, undefined_value, true);
      CheckCallbackFrame(report, isolate, context, undefined_value, false);
      CheckScriptsAndModules(report, isolate, context);
      CheckContinuationData(report, isolate);
      CheckMemory(report, isolate, context, allocator, kOldGeneration);
    }
  }
  CheckCarriedInterrupts(report, isolate);
  v8::platform::NotifyIsolateShutdown(GetPlatform(), isolate);
  isolate->Dispose();
  return report.failures();
}

}  // namespace sy
