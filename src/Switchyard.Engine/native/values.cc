// Conversion between V8 values and sy_value, the handle table, and the UTF-16 scratch arena.
#include "shim.h"

namespace sy {

uint16_t* StringArena::Allocate(size_t units) {
  while (true) {
    if (chunk_ == chunks_.size()) chunks_.emplace_back(std::max(kChunkUnits, units));
    auto& chunk = chunks_[chunk_];
    if (chunk.size() - offset_ >= units) {
      uint16_t* at = chunk.data() + offset_;
      offset_ += units;
      return at;
    }
    if (offset_ == 0) chunk.resize(units);  // an empty chunk too small for this string: grow it
    else { ++chunk_; offset_ = 0; }
  }
}

void StringArena::TrimSpareChunks() {
  if (chunks_.size() > 1) chunks_.resize(1);
  if (!chunks_.empty() && chunks_[0].size() > kChunkUnits) chunks_[0].resize(kChunkUnits), chunks_[0].shrink_to_fit();
  chunk_ = offset_ = 0;
}

int32_t StoreHandle(sy_isolate* s, Local<v8::Value> value) {
  if (!s->free_handles.empty()) {
    int32_t slot = s->free_handles.back();
    s->free_handles.pop_back();
    s->handles[slot].Reset(s->isolate, value);
    return slot;
  }
  s->handles.emplace_back(s->isolate, value);
  return static_cast<int32_t>(s->handles.size() - 1);
}

Local<v8::String> NewString(v8::Isolate* isolate, const uint16_t* chars, int32_t length) {
  return v8::String::NewFromTwoByte(isolate, chars, v8::NewStringType::kNormal, length).ToLocalChecked();
}

std::u16string ToU16(v8::Isolate* isolate, Local<v8::Value> value) {
  Local<v8::String> text;
  if (value.IsEmpty() || !value->ToString(isolate->GetCurrentContext()).ToLocal(&text)) return u"";
  std::u16string out(text->Length(), u'\0');
  text->WriteV2(isolate, 0, static_cast<uint32_t>(out.size()), reinterpret_cast<uint16_t*>(out.data()));
  return out;
}

void PutString(sy_isolate* s, Local<v8::String> text, sy_value* out) {
  int length = text->Length();
  uint16_t* chars = s->strings.Allocate(length);
  text->WriteV2(s->isolate, 0, static_cast<uint32_t>(length), chars);
  out->kind = SY_STRING;
  out->pointer = chars;
  out->length = length;
}

static void PutHandle(sy_isolate* s, Local<v8::Value> value, sy_kind kind, sy_value* out) {
  out->kind = kind;
  out->handle = StoreHandle(s, value);
  out->length = 0;
  out->pointer = nullptr;
}

void ToSyValue(sy_isolate* s, Local<v8::Value> value, sy_value* out) {
  out->handle = -1;
  if (value->IsUndefined()) { out->kind = SY_UNDEFINED; return; }
  if (value->IsNull()) { out->kind = SY_NULL; return; }
  if (value->IsBoolean()) { out->kind = SY_BOOLEAN; out->integer = value->IsTrue() ? 1 : 0; return; }
  if (value->IsNumber()) { out->kind = SY_NUMBER; out->number = value.As<v8::Number>()->Value(); return; }
  if (value->IsString()) { PutString(s, value.As<v8::String>(), out); return; }
  if (value->IsBigInt()) {
    bool lossless = false;
    int64_t integer = value.As<v8::BigInt>()->Int64Value(&lossless);
    if (lossless) { out->kind = SY_BIGINT; out->integer = integer; return; }
    PutString(s, value->ToString(s->isolate->GetCurrentContext()).ToLocalChecked(), out);
    out->kind = SY_BIGINT_TEXT;
    return;
  }
  if (value->IsFunction()) return PutHandle(s, value, SY_FUNCTION, out);
  if (value->IsPromise()) return PutHandle(s, value, SY_PROMISE, out);
  if (value->IsArray()) return PutHandle(s, value, SY_ARRAY, out);
  if (value->IsArrayBuffer()) {
    auto buffer = value.As<v8::ArrayBuffer>();
    PutHandle(s, value, SY_ARRAY_BUFFER, out);
    out->pointer = buffer->Data();
    out->length = static_cast<int64_t>(buffer->ByteLength());
    return;
  }
  if (value->IsUint8Array()) {
    auto view = value.As<v8::Uint8Array>();
    PutHandle(s, value, SY_UINT8_ARRAY, out);
    out->pointer = static_cast<uint8_t*>(view->Buffer()->Data()) + view->ByteOffset();
    out->length = static_cast<int64_t>(view->ByteLength());
    return;
  }
  PutHandle(s, value, value->IsObject() ? SY_OBJECT : SY_OTHER, out);
}

Local<v8::Value> FromSyValue(sy_isolate* s, const sy_value* value) {
  v8::Isolate* isolate = s->isolate;
  if (value == nullptr) return v8::Undefined(isolate);
  switch (value->kind) {
    case SY_UNDEFINED: return v8::Undefined(isolate);
    case SY_NULL: return v8::Null(isolate);
    case SY_BOOLEAN: return v8::Boolean::New(isolate, value->integer != 0);
    case SY_NUMBER: return v8::Number::New(isolate, value->number);
    case SY_BIGINT: return v8::BigInt::New(isolate, value->integer);
    case SY_STRING:
      return NewString(isolate, static_cast<const uint16_t*>(value->pointer), static_cast<int32_t>(value->length));
    case SY_BIGINT_TEXT: {
      auto digits = NewString(isolate, static_cast<const uint16_t*>(value->pointer), static_cast<int32_t>(value->length));
      auto context = isolate->GetCurrentContext();
      auto bigint = context->Global()->Get(context, NewString(isolate, reinterpret_cast<const uint16_t*>(u"BigInt"), 6))
                        .ToLocalChecked().As<v8::Function>();
      Local<v8::Value> argv[] = {digits};
      Local<v8::Value> result;
      return bigint->Call(context, v8::Undefined(isolate), 1, argv).ToLocal(&result) ? result : v8::Undefined(isolate).As<v8::Value>();
    }
    default:
      return s->handles[value->handle].Get(isolate);
  }
}

}  // namespace sy

using namespace sy;

extern "C" SY_API void sy_handle_free(sy_isolate* s, int32_t handle) {
  s->handles[handle].Reset();
  s->free_handles.push_back(handle);
}
