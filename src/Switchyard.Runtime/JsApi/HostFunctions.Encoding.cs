using Switchyard.Engine;
using Switchyard.Runtime.TextEncodings;

namespace Switchyard.Runtime.JsApi;

// The Encoding Standard's legacy decoders (HOST_INTERFACE.md, "Text encodings"), over tables the process shares.
internal static partial class HostFunctions
{
    private static void AddEncoding(HostFunctionTable table) => table
        // (encoding, bytes, state, flush, fatal) -> { text, state }, or null at an error in fatal mode. The state is the
        // caller's to keep, so nothing stays here per decoder; one call takes at most LegacyDecoder.MaxInput bytes (the
        // runtime splits larger inputs), so what the host builds is bounded, and it runs on the isolate's thread,
        // charged to the invocation's CPU.
        .Add("__sy_decodeLegacy", (c, args) =>
        {
            string encoding = args[0].AsString();
            if (!LegacyDecoder.Decodes(encoding)) throw new ArgumentException($"The host does not decode '{encoding}'.");
            if (args[1].Kind is not (JsValueKind.Uint8Array or JsValueKind.ArrayBuffer)) throw new ArgumentException("Expected bytes.");
            int state = Int(args[2]);
            string? text = LegacyDecoder.Decode(encoding, args[1].AsBuffer().Span, ref state, args[3].AsBoolean(), args[4].AsBoolean());
            if (text is null) return JsValue.Null;
            JsValue result = c.NewObject();
            c.Set(result, "text", text);
            c.Set(result, "state", state);
            return result;
        });
}
