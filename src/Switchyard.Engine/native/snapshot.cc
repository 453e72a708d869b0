// Start-up snapshots: a context with the host functions installed and the bootstrap evaluated, serialized so
// that new isolates deserialize it instead of re-running the bootstrap.
#include <stdlib.h>
#include <string.h>

#include "shim.h"

using namespace sy;

static std::u16string NewText(const uint16_t* chars, int32_t length) {
  return std::u16string(reinterpret_cast<const char16_t*>(chars), length);
}

// The bootstrap's source, shared by every isolate made from the snapshot. V8 disposes an external string's resource
// when the string dies or its isolate goes; this one belongs to the snapshot (sy_snapshot_free), so Dispose does
// nothing.
class OneByteSource final : public v8::String::ExternalOneByteStringResource {
 public:
  explicit OneByteSource(std::string text) : text_(std::move(text)) {}
  const char* data() const override { return text_.data(); }
  size_t length() const override { return text_.size(); }
  void Dispose() override {}

 private:
  std::string text_;
};

class TwoByteSource final : public v8::String::ExternalStringResource {
 public:
  explicit TwoByteSource(std::u16string text) : text_(std::move(text)) {}
  const uint16_t* data() const override { return reinterpret_cast<const uint16_t*>(text_.data()); }
  size_t length() const override { return text_.size(); }
  void Dispose() override {}

 private:
  std::u16string text_;
};

// The source in a resource the snapshot keeps: one byte per character when it is Latin-1 (a minified bundle is).
// Registered among the snapshot's external references, it makes the serializer write the source string as a reference
// to the resource rather than as its characters.
static bool IsLatin1(const uint16_t* chars, int32_t length) {
  for (int32_t i = 0; i < length; ++i) {
    if (chars[i] >= 0x100) return false;
  }
  return true;
}

static std::unique_ptr<v8::String::ExternalStringResourceBase> SharedSource(const uint16_t* chars, int32_t length, bool latin1) {
  if (!latin1) return std::make_unique<TwoByteSource>(std::u16string(reinterpret_cast<const char16_t*>(chars), length));
  std::string bytes(static_cast<size_t>(length), '\0');
  for (int32_t i = 0; i < length; ++i) bytes[i] = static_cast<char>(chars[i]);
  return std::make_unique<OneByteSource>(std::move(bytes));
}

static Local<v8::String> SourceString(v8::Isolate* isolate, v8::String::ExternalStringResourceBase* source, bool latin1) {
  return latin1 ? v8::String::NewExternalOneByte(isolate, static_cast<OneByteSource*>(source)).ToLocalChecked()
                : v8::String::NewExternalTwoByte(isolate, static_cast<TwoByteSource*>(source)).ToLocalChecked();
}

static int32_t ReturnText(const std::u16string& text, void** out, int32_t* length) {
  *out = static_cast<uint8_t*>(malloc((text.size() + 1) * sizeof(char16_t)));
  memcpy(*out, text.data(), text.size() * sizeof(char16_t));
  *length = static_cast<int32_t>(text.size());
  return SY_EXCEPTION;
}

extern "C" SY_API int32_t sy_snapshot_create(const sy_value* names, int32_t count, const uint16_t* bootstrap,
                                             int32_t bootstrap_length, const uint16_t* bootstrap_name,
                                             int32_t bootstrap_name_length, void** out, int32_t* length) {
  auto snapshot = std::make_unique<sy_snapshot>();
  bool latin1 = IsLatin1(bootstrap, bootstrap_length);
  snapshot->source = SharedSource(bootstrap, bootstrap_length, latin1);
  for (const intptr_t* reference = g_external_references; *reference != 0; ++reference) {
    snapshot->external_references.push_back(*reference);
  }
  snapshot->external_references.push_back(reinterpret_cast<intptr_t>(snapshot->source.get()));
  snapshot->external_references.push_back(0);
  // The creator keeps the list's address, and the isolates made from the blob need the same list.
  v8::SnapshotCreator creator(snapshot->external_references.data());
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
    if (!v8::Script::Compile(context, SourceString(isolate, snapshot->source.get(), latin1), &origin).ToLocal(&script) ||
        !script->Run(context).ToLocal(&ignored)) {
      FailWithValue(&shim, try_catch.Exception());
      const ExceptionRecord& error = shim.exception;
      std::u16string where = NewText(bootstrap_name, bootstrap_name_length);
      if (!try_catch.Message().IsEmpty()) {
        where += u":" + ToU16(isolate, v8::Integer::New(isolate, try_catch.Message()->GetLineNumber(context).FromMaybe(0)));
      }
      std::u16string text = where + u": " + (error.stack.empty() ? error.name + u": " + error.message : error.stack);
      UnregisterIsolate(&shim);
      return ReturnText(text, out, length);
    }
    isolate->PerformMicrotaskCheckpoint();
    creator.SetDefaultContext(context);
  }
  UnregisterIsolate(&shim);
  snapshot->blob = creator.CreateBlob(v8::SnapshotCreator::FunctionCodeHandling::kKeep);
  *length = snapshot->blob.raw_size;
  *out = snapshot.release();
  return SY_OK;
}

extern "C" SY_API void sy_snapshot_free(sy_snapshot* snapshot) {
  delete[] snapshot->blob.data;
  delete snapshot;
}
