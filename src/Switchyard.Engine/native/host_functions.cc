// Host functions: one native trampoline for every embedder function (its id rides in the function's data, so
// snapshots need just this one external reference), plus the callbacks that report settled promises.
#include "shim.h"

namespace sy {

void HostFunctionCallback(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  sy_isolate* s = FromIsolate(isolate);
  int32_t id = info.Data().As<v8::Int32>()->Value();
  int argc = info.Length();
  StringArena::Mark mark = s->strings.Save();
  sy_value inline_args[8];
  std::vector<sy_value> many_args;
  sy_value* args = inline_args;
  if (argc > 8) many_args.resize(argc), args = many_args.data();
  for (int i = 0; i < argc; ++i) ToSyValue(s, info[i], &args[i]);
  sy_value result{};
  result.kind = SY_UNDEFINED;
  int32_t outcome = g_callbacks.host_call(s->state, id, args, argc, &result);
  s->strings.Restore(mark);
  if (isolate->IsExecutionTerminating()) return;
  if (outcome == SY_HOST_THROW) {
    isolate->ThrowException(v8::Exception::Error(FromSyValue(s, &result).As<v8::String>()));
    return;
  }
  info.GetReturnValue().Set(FromSyValue(s, &result));
  if (outcome == SY_HOST_RETURN_AND_FREE) sy_handle_free(s, result.handle);
}

// Called by a context's await helper (calls.cc) as (await id, value or reason).
static void Settled(const v8::FunctionCallbackInfo<v8::Value>& info, int32_t fulfilled) {
  sy_isolate* s = FromIsolate(info.GetIsolate());
  if (!info[0]->IsInt32()) return;
  StringArena::Mark mark = s->strings.Save();
  sy_value value;
  ToSyValue(s, info[1], &value);
  if (!fulfilled) FailWithValue(s, info[1]);  // the embedder reads the reason with sy_exception
  g_callbacks.promise_settled(s->state, info[0].As<v8::Int32>()->Value(), fulfilled, &value);
  s->strings.Restore(mark);
}

void PromiseFulfilledCallback(const v8::FunctionCallbackInfo<v8::Value>& info) { Settled(info, 1); }
void PromiseRejectedCallback(const v8::FunctionCallbackInfo<v8::Value>& info) { Settled(info, 0); }

void InstallHostFunctions(sy_isolate* s, Local<v8::Context> context, const sy_value* names, int32_t count) {
  v8::Isolate* isolate = s->isolate;
  auto global = context->Global();
  for (int32_t id = 0; id < count; ++id) {
    auto name = NewString(isolate, static_cast<const uint16_t*>(names[id].pointer), static_cast<int32_t>(names[id].length));
    auto function = v8::FunctionTemplate::New(isolate, HostFunctionCallback, v8::Int32::New(isolate, id))
                        ->GetFunction(context).ToLocalChecked();
    function->SetName(name);
    global->Set(context, name, function).Check();
  }
}

const intptr_t g_external_references[] = {
    reinterpret_cast<intptr_t>(HostFunctionCallback),
    reinterpret_cast<intptr_t>(PromiseFulfilledCallback),
    reinterpret_cast<intptr_t>(PromiseRejectedCallback),
    reinterpret_cast<intptr_t>(SyntheticModuleSteps),
    reinterpret_cast<intptr_t>(GetContinuationData),
    reinterpret_cast<intptr_t>(SetContinuationData),
    0,
};

}  // namespace sy
