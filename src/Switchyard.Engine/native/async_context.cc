// Continuation-preserved embedder data: one value per isolate that V8 saves on each promise reaction when the reaction
// is created (await, then) and restores while it runs. node:async_hooks keeps AsyncLocalStorage's current stores in it.
#include "shim.h"

namespace sy {

void GetContinuationData(const v8::FunctionCallbackInfo<v8::Value>& info) {
  Local<v8::Data> data = info.GetIsolate()->GetContinuationPreservedEmbedderDataV2();
  // Only values are ever stored (SetContinuationData); unset is undefined.
  if (!data.IsEmpty() && data->IsValue()) info.GetReturnValue().Set(data.As<v8::Value>());
}

void SetContinuationData(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetIsolate()->SetContinuationPreservedEmbedderDataV2(info[0]);
}

}  // namespace sy
