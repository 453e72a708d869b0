// Contexts, scripts, calls, property access, JSON, buffers and promises.
#include <stdlib.h>

#include "shim.h"

namespace sy {

Local<v8::Context> ContextOf(sy_isolate* s, int32_t context) { return s->contexts[context].Get(s->isolate); }

// Runs microtasks when no JS is below us on the stack (a checkpoint inside a host callback would interleave).
static bool MicrotasksTerminated(sy_isolate* s, v8::TryCatch& try_catch) {
  if (s->js_depth != 1) return false;
  s->isolate->PerformMicrotaskCheckpoint();
  return try_catch.HasTerminated() || s->isolate->IsExecutionTerminating();
}

// Completes a JS-running export: microtasks, optional promise settling, and the result's conversion.
static int32_t Finish(sy_isolate* s, CallScope& scope, Local<v8::Value> result, int32_t flags, sy_value* out) {
  if (MicrotasksTerminated(s, scope.try_catch())) return Fail(s, scope.try_catch());
  if ((flags & SY_CALL_SETTLE) && result->IsPromise()) {
    auto promise = result.As<v8::Promise>();
    if (promise->State() == v8::Promise::kFulfilled) result = promise->Result();
    else if (promise->State() == v8::Promise::kRejected) {
      promise->MarkAsHandled();
      return FailWithValue(s, promise->Result());
    }
  }
  if (out != nullptr) {
    StringArena::Mark mark = s->strings.Save();
    ToSyValue(s, result, out);
    s->strings.Restore(mark);  // the bytes stay readable until the next export writes strings
  }
  return SY_OK;
}

static int32_t RunScript(sy_isolate* s, Local<v8::Context> context, Local<v8::String> source, Local<v8::String> name,
                         Local<v8::Value>* result) {
  v8::ScriptOrigin origin(name);
  Local<v8::Script> script;
  if (!v8::Script::Compile(context, source, &origin).ToLocal(&script)) return SY_EXCEPTION;
  return script->Run(context).ToLocal(result) ? SY_OK : SY_EXCEPTION;
}

// sy_promise_await's helper for one context. Awaiting used to make two native functions per await
// (v8::Function::New carrying the await id), each a template instantiation: ~3.5 % of a dispatched request's CPU. The
// helper makes two closures in JS instead and calls two native functions made once here. It keeps the
// Promise.prototype.then and Reflect.apply of the moment the context is made, before any worker code can replace
// them, and calls that then as v8::Promise::Then does (the original builtin, on the promise itself).
static const char kAwaitHelperSource[] =
    "(function (fulfilled, rejected) {\n"
    "  const then = Promise.prototype.then, apply = Reflect.apply;\n"
    "  return function (promise, id) {\n"
    "    apply(then, promise, [(value) => fulfilled(id, value), (reason) => rejected(id, reason)]);\n"
    "  };\n"
    "})";

static bool MakeAwaitHelper(sy_isolate* s, Local<v8::Context> context, Local<v8::Function>* helper) {
  v8::Isolate* isolate = s->isolate;
  Local<v8::Value> factory;
  auto source = v8::String::NewFromUtf8Literal(isolate, kAwaitHelperSource);
  if (RunScript(s, context, source, v8::String::NewFromUtf8Literal(isolate, "switchyard:await"), &factory) != SY_OK ||
      !factory->IsFunction()) {
    return false;
  }
  Local<v8::Function> fulfilled, rejected;
  if (!v8::Function::New(context, PromiseFulfilledCallback, Local<v8::Value>(), 2, v8::ConstructorBehavior::kThrow)
           .ToLocal(&fulfilled) ||
      !v8::Function::New(context, PromiseRejectedCallback, Local<v8::Value>(), 2, v8::ConstructorBehavior::kThrow)
           .ToLocal(&rejected)) {
    return false;
  }
  Local<v8::Value> args[] = {fulfilled, rejected};
  Local<v8::Value> made;
  if (!factory.As<v8::Function>()->Call(context, v8::Undefined(isolate), 2, args).ToLocal(&made) || !made->IsFunction())
    return false;
  *helper = made.As<v8::Function>();
  return true;
}

static Local<v8::Value>* Arguments(sy_isolate* s, const sy_value* args, int32_t argc, std::vector<Local<v8::Value>>& store) {
  store.resize(argc);
  for (int32_t i = 0; i < argc; ++i) store[i] = FromSyValue(s, &args[i]);
  return store.data();
}

}  // namespace sy

using namespace sy;

extern "C" SY_API int32_t sy_context_new(sy_isolate* s, const sy_value* names, int32_t count,
                                         const uint16_t* bootstrap, int32_t bootstrap_length,
                                         const uint16_t* bootstrap_name, int32_t bootstrap_name_length,
                                         int32_t* context_out) {
  v8::Isolate* isolate = s->isolate;
  v8::HandleScope handles(isolate);
  Local<v8::Context> context = v8::Context::New(isolate);
  // Code generation from strings goes through the isolate's callback, which allows it only at start-up (isolate.cc).
  context->AllowCodeGenerationFromStrings(false);
  v8::Context::Scope enter(context);
  v8::TryCatch try_catch(isolate);
  ++s->js_depth;
  InstallHostFunctions(s, context, names, count);
  int32_t status = SY_OK;
  Local<v8::Value> ignored;
  if (bootstrap != nullptr &&
      RunScript(s, context, NewString(isolate, bootstrap, bootstrap_length),
                NewString(isolate, bootstrap_name, bootstrap_name_length), &ignored) != SY_OK) {
    status = Fail(s, try_catch);
  }
  Local<v8::Function> await_helper;
  if (status == SY_OK && !MakeAwaitHelper(s, context, &await_helper)) status = Fail(s, try_catch);
  if (status == SY_OK && MicrotasksTerminated(s, try_catch)) status = Fail(s, try_catch);
  --s->js_depth;
  if (status != SY_OK) return status;
  s->contexts.emplace_back(isolate, context);
  s->await_helpers.emplace_back(isolate, await_helper);
  *context_out = static_cast<int32_t>(s->contexts.size() - 1);
  return SY_OK;
}

extern "C" SY_API void sy_context_free(sy_isolate* s, int32_t context) {
  s->contexts[context].Reset();
  s->await_helpers[context].Reset();
}

extern "C" SY_API int32_t sy_script_run(sy_isolate* s, int32_t context, const uint16_t* source, int32_t source_length,
                                        const uint16_t* name, int32_t name_length, sy_value* result) {
  CallScope scope(s, context);
  Local<v8::Value> value;
  if (RunScript(s, scope.context(), NewString(s->isolate, source, source_length),
                NewString(s->isolate, name, name_length), &value) != SY_OK) {
    return Fail(s, scope.try_catch());
  }
  return Finish(s, scope, value, 0, result);
}

extern "C" SY_API int32_t sy_call(sy_isolate* s, int32_t context, const sy_value* function, const sy_value* receiver,
                                  const sy_value* args, int32_t argc, int32_t flags, sy_value* result) {
  CallScope scope(s, context);
  Local<v8::Value> callee = FromSyValue(s, function);
  if (!callee->IsFunction()) return FailWithText(s, "TypeError", u"value is not a function");
  std::vector<Local<v8::Value>> store;
  Local<v8::Value> value;
  if (!callee.As<v8::Function>()
           ->Call(scope.context(), FromSyValue(s, receiver), argc, Arguments(s, args, argc, store))
           .ToLocal(&value)) {
    return Fail(s, scope.try_catch());
  }
  return Finish(s, scope, value, flags, result);
}

extern "C" SY_API int32_t sy_construct(sy_isolate* s, int32_t context, const sy_value* constructor,
                                       const sy_value* args, int32_t argc, sy_value* result) {
  CallScope scope(s, context);
  Local<v8::Value> callee = FromSyValue(s, constructor);
  if (!callee->IsFunction()) return FailWithText(s, "TypeError", u"value is not a constructor");
  std::vector<Local<v8::Value>> store;
  Local<v8::Object> value;
  if (!callee.As<v8::Function>()->NewInstance(scope.context(), argc, Arguments(s, args, argc, store)).ToLocal(&value)) {
    return Fail(s, scope.try_catch());
  }
  return Finish(s, scope, value, 0, result);
}

extern "C" SY_API int32_t sy_get(sy_isolate* s, int32_t context, const sy_value* target, const sy_value* key,
                                 sy_value* result) {
  return sy_get_fields(s, context, target, key, 1, result);
}

extern "C" SY_API int32_t sy_get_fields(sy_isolate* s, int32_t context, const sy_value* target, const sy_value* keys,
                                        int32_t count, sy_value* results) {
  CallScope scope(s, context);
  Local<v8::Value> object = FromSyValue(s, target);
  if (!object->IsObject()) return FailWithText(s, "TypeError", u"value is not an object");
  std::vector<Local<v8::Value>> values(count);
  for (int32_t i = 0; i < count; ++i) {
    if (!object.As<v8::Object>()->Get(scope.context(), FromSyValue(s, &keys[i])).ToLocal(&values[i])) {
      return Fail(s, scope.try_catch());
    }
  }
  if (MicrotasksTerminated(s, scope.try_catch())) return Fail(s, scope.try_catch());
  StringArena::Mark mark = s->strings.Save();
  for (int32_t i = 0; i < count; ++i) ToSyValue(s, values[i], &results[i]);
  s->strings.Restore(mark);  // the strings stay readable until the next export writes strings
  return SY_OK;
}

extern "C" SY_API int32_t sy_set(sy_isolate* s, int32_t context, const sy_value* target, const sy_value* key,
                                 const sy_value* value) {
  CallScope scope(s, context);
  Local<v8::Value> object = FromSyValue(s, target);
  if (!object->IsObject()) return FailWithText(s, "TypeError", u"value is not an object");
  if (object.As<v8::Object>()->Set(scope.context(), FromSyValue(s, key), FromSyValue(s, value)).IsNothing()) {
    return Fail(s, scope.try_catch());
  }
  return Finish(s, scope, v8::Undefined(s->isolate), 0, nullptr);
}

extern "C" SY_API int32_t sy_global(sy_isolate* s, int32_t context, sy_value* result) {
  CallScope scope(s, context);
  ToSyValue(s, scope.context()->Global(), result);
  return SY_OK;
}

extern "C" SY_API int32_t sy_object_new(sy_isolate* s, int32_t context, sy_value* result) {
  CallScope scope(s, context);
  ToSyValue(s, v8::Object::New(s->isolate), result);
  return SY_OK;
}

extern "C" SY_API int32_t sy_json_parse(sy_isolate* s, int32_t context, const uint16_t* json, int32_t length,
                                        sy_value* result) {
  CallScope scope(s, context);
  Local<v8::Value> value;
  if (!v8::JSON::Parse(scope.context(), NewString(s->isolate, json, length)).ToLocal(&value)) {
    return Fail(s, scope.try_catch());
  }
  return Finish(s, scope, value, 0, result);
}

extern "C" SY_API int32_t sy_json_stringify(sy_isolate* s, int32_t context, const sy_value* value, sy_value* result) {
  CallScope scope(s, context);
  Local<v8::String> text;
  if (!v8::JSON::Stringify(scope.context(), FromSyValue(s, value)).ToLocal(&text)) return Fail(s, scope.try_catch());
  return Finish(s, scope, text, 0, result);
}

extern "C" SY_API int32_t sy_buffer_new(sy_isolate* s, int32_t context, int32_t kind, void* data, int64_t length,
                                        sy_value* result) {
  CallScope scope(s, context);
  size_t size = static_cast<size_t>(length);
  std::unique_ptr<v8::BackingStore> store;
  if (data != nullptr) {
    // Memory the host allocated counts against the isolate's cap like memory its own code allocates.
    if (!s->allocator->Reserve(size)) {
      free(data);
      return Fail(s, scope.try_catch());
    }
    store = v8::ArrayBuffer::NewBackingStore(
        data, size,
        [](void* bytes, size_t size, void* allocator) {
          free(bytes);
          static_cast<CappedAllocator*>(allocator)->Unreserve(size);
        },
        s->allocator.get());
  } else {
    // Allocate through the cap ourselves: V8's own allocation path treats failure as a fatal error.
    void* bytes = s->allocator->Allocate(size);
    if (bytes == nullptr) return Fail(s, scope.try_catch());
    store = v8::ArrayBuffer::NewBackingStore(
        bytes, size,
        [](void* bytes, size_t size, void* allocator) { static_cast<CappedAllocator*>(allocator)->Free(bytes, size); },
        s->allocator.get());
  }
  Local<v8::ArrayBuffer> buffer = v8::ArrayBuffer::New(s->isolate, std::move(store));
  Local<v8::Value> value = buffer;
  if (kind == SY_UINT8_ARRAY) value = v8::Uint8Array::New(buffer, 0, size);
  ToSyValue(s, value, result);
  return SY_OK;
}

extern "C" SY_API int32_t sy_promise_new(sy_isolate* s, int32_t context, sy_value* promise, int32_t* resolver) {
  CallScope scope(s, context);
  Local<v8::Promise::Resolver> created = v8::Promise::Resolver::New(scope.context()).ToLocalChecked();
  *resolver = StoreHandle(s, created);
  ToSyValue(s, created->GetPromise(), promise);
  return SY_OK;
}

extern "C" SY_API int32_t sy_promise_settle(sy_isolate* s, int32_t context, int32_t resolver, int32_t reject,
                                            const sy_value* value) {
  CallScope scope(s, context);
  auto target = s->handles[resolver].Get(s->isolate).As<v8::Promise::Resolver>();
  sy_handle_free(s, resolver);
  Local<v8::Value> settled = FromSyValue(s, value);
  if (reject && settled->IsString()) settled = v8::Exception::Error(settled.As<v8::String>());
  v8::Maybe<bool> done = reject ? target->Reject(scope.context(), settled) : target->Resolve(scope.context(), settled);
  if (done.IsNothing()) return Fail(s, scope.try_catch());
  return Finish(s, scope, v8::Undefined(s->isolate), 0, nullptr);
}

extern "C" SY_API int32_t sy_promise_await(sy_isolate* s, int32_t context, const sy_value* promise, int32_t await_id) {
  CallScope scope(s, context);
  Local<v8::Value> value = FromSyValue(s, promise);
  if (!value->IsPromise()) return FailWithText(s, "TypeError", u"value is not a promise");
  Local<v8::Value> args[] = {value, v8::Int32::New(s->isolate, await_id)};
  auto helper = s->await_helpers[context].Get(s->isolate);
  if (helper->Call(scope.context(), v8::Undefined(s->isolate), 2, args).IsEmpty()) return Fail(s, scope.try_catch());
  return Finish(s, scope, v8::Undefined(s->isolate), 0, nullptr);
}

extern "C" SY_API int32_t sy_context_continuation_functions(sy_isolate* s, int32_t context, sy_value* get,
                                                            sy_value* set) {
  CallScope scope(s, context);
  Local<v8::Function> getter, setter;
  if (!v8::Function::New(scope.context(), GetContinuationData, Local<v8::Value>(), 0, v8::ConstructorBehavior::kThrow)
           .ToLocal(&getter) ||
      !v8::Function::New(scope.context(), SetContinuationData, Local<v8::Value>(), 1, v8::ConstructorBehavior::kThrow)
           .ToLocal(&setter)) {
    return Fail(s, scope.try_catch());
  }
  ToSyValue(s, getter, get);
  ToSyValue(s, setter, set);
  return SY_OK;
}
