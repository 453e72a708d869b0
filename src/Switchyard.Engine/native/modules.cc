// ES modules: source and synthetic modules, their import requests, instantiation through the embedder's
// resolver, and evaluation.
#include "shim.h"

namespace sy {

static int32_t ModuleId(sy_isolate* s, Local<v8::Module> module) {
  auto range = s->modules_by_hash.equal_range(module->GetIdentityHash());
  for (auto it = range.first; it != range.second; ++it) {
    if (s->modules[it->second].module.Get(s->isolate) == module) return it->second;
  }
  return -1;
}

static int32_t AddModule(sy_isolate* s, Local<v8::Module> module) {
  int32_t id = static_cast<int32_t>(s->modules.size());
  s->modules.push_back(ModuleEntry{v8::Global<v8::Module>(s->isolate, module), module->GetIdentityHash(), {}});
  s->modules_by_hash.emplace(module->GetIdentityHash(), id);
  return id;
}

static v8::MaybeLocal<v8::Module> Resolve(Local<v8::Context> context, Local<v8::String> specifier,
                                          Local<v8::FixedArray>, Local<v8::Module> referrer) {
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  sy_isolate* s = FromIsolate(isolate);
  std::u16string text = ToU16(isolate, specifier);
  int32_t id = g_callbacks.resolve_module(s->state, ModuleId(s, referrer),
                                          reinterpret_cast<const uint16_t*>(text.data()),
                                          static_cast<int32_t>(text.size()));
  if (id < 0 || id >= static_cast<int32_t>(s->modules.size())) {
    std::u16string message = u"Cannot resolve module '" + text + u"'";
    isolate->ThrowException(v8::Exception::Error(
        NewString(isolate, reinterpret_cast<const uint16_t*>(message.data()), static_cast<int32_t>(message.size()))));
    return {};
  }
  return s->modules[id].module.Get(isolate);
}

v8::MaybeLocal<v8::Value> SyntheticModuleSteps(Local<v8::Context> context, Local<v8::Module> module) {
  v8::Isolate* isolate = v8::Isolate::GetCurrent();
  sy_isolate* s = FromIsolate(isolate);
  for (auto& [name, value] : s->modules[ModuleId(s, module)].synthetic_exports) {
    if (module->SetSyntheticModuleExport(isolate, name.Get(isolate), value.Get(isolate)).IsNothing()) return {};
  }
  auto done = v8::Promise::Resolver::New(context).ToLocalChecked();
  done->Resolve(context, v8::Undefined(isolate)).Check();
  return done->GetPromise();
}

}  // namespace sy

using namespace sy;

extern "C" SY_API int32_t sy_module_compile(sy_isolate* s, int32_t context, const uint16_t* name, int32_t name_length,
                                            const uint16_t* source, int32_t source_length, int32_t* module) {
  CallScope scope(s, context);
  v8::Isolate* isolate = s->isolate;
  v8::ScriptOrigin origin(NewString(isolate, name, name_length), 0, 0, false, -1, Local<v8::Value>(), false, false,
                          /*is_module=*/true);
  v8::ScriptCompiler::Source compiled_source(NewString(isolate, source, source_length), origin);
  Local<v8::Module> compiled;
  if (!v8::ScriptCompiler::CompileModule(isolate, &compiled_source).ToLocal(&compiled)) {
    return Fail(s, scope.try_catch());
  }
  *module = AddModule(s, compiled);
  return SY_OK;
}

extern "C" SY_API int32_t sy_module_synthetic(sy_isolate* s, int32_t context, const uint16_t* name,
                                              int32_t name_length, const sy_value* export_names,
                                              const sy_value* export_values, int32_t count, int32_t* module) {
  CallScope scope(s, context);
  v8::Isolate* isolate = s->isolate;
  std::vector<Local<v8::String>> names;
  for (int32_t i = 0; i < count; ++i) names.push_back(FromSyValue(s, &export_names[i]).As<v8::String>());
  Local<v8::Module> created =
      v8::Module::CreateSyntheticModule(isolate, NewString(isolate, name, name_length),
                                        v8::MemorySpan<const Local<v8::String>>(names.data(), names.size()),
                                        SyntheticModuleSteps);
  *module = AddModule(s, created);
  for (int32_t i = 0; i < count; ++i) {
    s->modules[*module].synthetic_exports.emplace_back(v8::Global<v8::String>(isolate, names[i]),
                                                       v8::Global<v8::Value>(isolate, FromSyValue(s, &export_values[i])));
  }
  return SY_OK;
}

extern "C" SY_API int32_t sy_module_request_count(sy_isolate* s, int32_t module) {
  v8::HandleScope handles(s->isolate);
  return s->modules[module].module.Get(s->isolate)->GetModuleRequests()->Length();
}

extern "C" SY_API void sy_module_request(sy_isolate* s, int32_t context, int32_t module, int32_t index,
                                         sy_value* specifier) {
  CallScope scope(s, context);
  auto requests = s->modules[module].module.Get(s->isolate)->GetModuleRequests();
  auto request = requests->Get(index).As<v8::ModuleRequest>();
  StringArena::Mark mark = s->strings.Save();
  PutString(s, request->GetSpecifier(), specifier);
  s->strings.Restore(mark);
}

extern "C" SY_API int32_t sy_module_instantiate(sy_isolate* s, int32_t context, int32_t module) {
  CallScope scope(s, context);
  if (s->modules[module].module.Get(s->isolate)->InstantiateModule(scope.context(), Resolve).IsNothing()) {
    return Fail(s, scope.try_catch());
  }
  return SY_OK;
}

extern "C" SY_API int32_t sy_module_evaluate(sy_isolate* s, int32_t context, int32_t module, sy_value* result) {
  CallScope scope(s, context);
  Local<v8::Module> target = s->modules[module].module.Get(s->isolate);
  Local<v8::Value> completion;
  if (!target->Evaluate(scope.context()).ToLocal(&completion)) return Fail(s, scope.try_catch());
  if (s->js_depth == 1) s->isolate->PerformMicrotaskCheckpoint();
  if (scope.try_catch().HasTerminated() || s->isolate->IsExecutionTerminating()) return Fail(s, scope.try_catch());
  if (target->GetStatus() == v8::Module::kErrored) return FailWithValue(s, target->GetException());
  auto promise = completion.As<v8::Promise>();
  if (promise->State() == v8::Promise::kPending) {
    ToSyValue(s, promise, result);
  } else {
    ToSyValue(s, target->GetModuleNamespace(), result);
  }
  return SY_OK;
}

extern "C" SY_API int32_t sy_module_namespace(sy_isolate* s, int32_t context, int32_t module, sy_value* result) {
  CallScope scope(s, context);
  Local<v8::Module> target = s->modules[module].module.Get(s->isolate);
  if (target->GetStatus() == v8::Module::kErrored) return FailWithValue(s, target->GetException());
  ToSyValue(s, target->GetModuleNamespace(), result);
  return SY_OK;
}
