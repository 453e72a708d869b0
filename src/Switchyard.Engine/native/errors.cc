// Turning a caught exception or termination into an sy_status, and reading the last exception's details.
#include "shim.h"

namespace sy {

static std::u16string PropertyText(v8::Isolate* isolate, Local<v8::Value> value, const char* key) {
  if (!value->IsObject()) return u"";
  auto context = isolate->GetCurrentContext();
  Local<v8::Value> property;
  v8::TryCatch ignore(isolate);
  auto name = v8::String::NewFromUtf8(isolate, key).ToLocalChecked();
  if (!value.As<v8::Object>()->Get(context, name).ToLocal(&property) || property->IsUndefined()) return u"";
  return ToU16(isolate, property);
}

int32_t FailWithValue(sy_isolate* s, Local<v8::Value> exception) {
  v8::Isolate* isolate = s->isolate;
  ExceptionRecord& record = s->exception;
  record = ExceptionRecord{};
  record.name = PropertyText(isolate, exception, "name");
  record.stack = PropertyText(isolate, exception, "stack");
  if (exception->IsObject()) {
    record.message = PropertyText(isolate, exception, "message");
  } else {
    v8::TryCatch ignore(isolate);
    record.message = ToU16(isolate, exception);
  }
  if (record.name.empty()) record.name = u"Error";
  // Prefer the stack captured when the error was created: a rejection read later has no current location.
  Local<v8::StackTrace> trace = v8::Exception::GetStackTrace(exception);
  if (!trace.IsEmpty() && trace->GetFrameCount() > 0) {
    Local<v8::StackFrame> frame = trace->GetFrame(isolate, 0);
    record.resource = ToU16(isolate, frame->GetScriptName());
    record.line = frame->GetLineNumber();
    record.column = frame->GetColumn();
  } else if (Local<v8::Message> message = v8::Exception::CreateMessage(isolate, exception); !message.IsEmpty()) {
    auto context = isolate->GetCurrentContext();
    record.resource = ToU16(isolate, message->GetScriptResourceName());
    record.line = message->GetLineNumber(context).FromMaybe(0);
    record.column = message->GetStartColumn(context).FromMaybe(-1) + 1;
  }
  return SY_EXCEPTION;
}

int32_t Fail(sy_isolate* s, v8::TryCatch& try_catch) {
  if (try_catch.HasTerminated() || s->isolate->IsExecutionTerminating() || s->memory_exceeded.load()) {
    // Only the outermost export may resume the isolate: inner frames must unwind first.
    if (s->js_depth == 1 && !s->memory_exceeded.load()) s->isolate->CancelTerminateExecution();
    return SY_TERMINATED;
  }
  if (!try_catch.HasCaught()) return FailWithText(s, "Error", u"unknown failure");
  return FailWithValue(s, try_catch.Exception());
}

int32_t FailWithText(sy_isolate* s, const char* name, const std::u16string& message) {
  s->exception = ExceptionRecord{};
  s->exception.name.assign(name, name + strlen(name));
  s->exception.message = message;
  return SY_EXCEPTION;
}

}  // namespace sy

using namespace sy;

static void Put(const std::u16string& text, const uint16_t** chars, int32_t* length) {
  *chars = reinterpret_cast<const uint16_t*>(text.data());
  *length = static_cast<int32_t>(text.size());
}

extern "C" SY_API void sy_exception(sy_isolate* s, sy_exception_info* info) {
  const ExceptionRecord& record = s->exception;
  Put(record.name, &info->name, &info->name_length);
  Put(record.message, &info->message, &info->message_length);
  Put(record.stack, &info->stack, &info->stack_length);
  Put(record.resource, &info->resource, &info->resource_length);
  info->line = record.line;
  info->column = record.column;
}

extern "C" SY_API int32_t sy_termination_reason(sy_isolate* s) {
  if (s->memory_exceeded.load()) return SY_TERMINATION_MEMORY;
  if (s->cpu.state() == CpuWatch::kFired) return SY_TERMINATION_CPU;
  if (s->terminate_requested.load()) return SY_TERMINATION_REQUESTED;
  return SY_TERMINATION_NONE;
}
