// Start-up snapshots: a context with the host functions installed and the bootstrap evaluated, serialized so
// that new isolates deserialize it instead of re-running the bootstrap.
#include <stdlib.h>
#include <string.h>

#include "shim.h"

using namespace sy;

static std::u16string NewText(const uint16_t* chars, int32_t length) {
  return std::u16string(reinterpret_cast<const char16_t*>(chars), length);
}

static int32_t ReturnText(const std::u16string& text, uint8_t** out, int32_t* length) {
  *out = static_cast<uint8_t*>(malloc((text.size() + 1) * sizeof(char16_t)));
  memcpy(*out, text.data(), text.size() * sizeof(char16_t));
  *length = static_cast<int32_t>(text.size());
  return SY_EXCEPTION;
}

extern "C" SY_API int32_t sy_snapshot_create(const sy_value* names, int32_t count, const uint16_t* bootstrap,
                                             int32_t bootstrap_length, const uint16_t* bootstrap_name,
                                             int32_t bootstrap_name_length, uint8_t** blob, int32_t* length) {
  v8::SnapshotCreator creator(g_external_references);
  v8::Isolate* isolate = creator.GetIsolate();
  sy_isolate shim;  // lets the shared helpers (strings, exceptions) work on the creator's isolate
  shim.isolate = isolate;
  RegisterIsolate(&shim);
  EnteredIsolate entered(&shim);
  {
    v8::HandleScope handles(isolate);
    Local<v8::Context> context = v8::Context::New(isolate);
    v8::Context::Scope enter(context);
    v8::TryCatch try_catch(isolate);
    InstallHostFunctions(&shim, context, names, count);
    v8::ScriptOrigin origin(NewString(isolate, bootstrap_name, bootstrap_name_length));
    Local<v8::Script> script;
    Local<v8::Value> ignored;
    if (!v8::Script::Compile(context, NewString(isolate, bootstrap, bootstrap_length), &origin).ToLocal(&script) ||
        !script->Run(context).ToLocal(&ignored)) {
      FailWithValue(&shim, try_catch.Exception());
      const ExceptionRecord& error = shim.exception;
      std::u16string where = NewText(bootstrap_name, bootstrap_name_length);
      if (!try_catch.Message().IsEmpty()) {
        where += u":" + ToU16(isolate, v8::Integer::New(isolate, try_catch.Message()->GetLineNumber(context).FromMaybe(0)));
      }
      std::u16string text = where + u": " + (error.stack.empty() ? error.name + u": " + error.message : error.stack);
      UnregisterIsolate(&shim);
      return ReturnText(text, blob, length);
    }
    isolate->PerformMicrotaskCheckpoint();
    creator.SetDefaultContext(context);
  }
  UnregisterIsolate(&shim);
  v8::StartupData data = creator.CreateBlob(v8::SnapshotCreator::FunctionCodeHandling::kKeep);
  *blob = static_cast<uint8_t*>(malloc(data.raw_size));
  memcpy(*blob, data.data, data.raw_size);
  *length = data.raw_size;
  delete[] data.data;
  return SY_OK;
}
