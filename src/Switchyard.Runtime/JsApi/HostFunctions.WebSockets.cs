using System.Buffers;
using System.Text;
using System.Text.Json;
using Switchyard.Engine;
using Switchyard.Runtime.WebSockets;

namespace Switchyard.Runtime.JsApi;

// WebSockets: a JS WebSocket whose other side is outside the isolate talks to it through these, by the id the
// invocation's WebSocketRegistry gave it. Each message a worker receives starts a new CPU budget (charged per event).
internal static partial class HostFunctions
{
    private static void AddWebSockets(HostFunctionTable table) => table
        // () -> id: a WebSocketPair end is leaving the isolate; its partner keeps the inner end of a new link under the id
        .Add("__sy_webSocketCreate", (c, _) => Handler(c).WebSockets.CreateLink())
        // (id, string | Uint8Array): one message, queued in order
        .Add("__sy_webSocketSend", (c, args) =>
        {
            IWebSocketEnd end = Handler(c).WebSockets.Get(Int(args[0]));
            end.Send(args[1].Kind == JsValueKind.String
                ? WebSocketFrame.TextMessage(args[1].AsString())
                : WebSocketFrame.BinaryMessage(CopyBytes(args[1]) ?? []));
            return JsValue.Undefined;
        })
        // (id, code, reason): the close frame (code and reason checked by the runtime)
        .Add("__sy_webSocketClose", (c, args) =>
        {
            Handler(c).WebSockets.Get(Int(args[0])).Send(WebSocketFrame.Closing(Int(args[1]), args[2].AsString()));
            return JsValue.Undefined;
        })
        // (id) -> JSON {kind: "text", text} | {kind: "binary", slot} | {kind: "close"|"error", code, reason}
        .AddAsync("__sy_webSocketReceive", async (c, args) =>
        {
            RequestScope scope = Handler(c);
            JsInvocation? invocation = c.Isolate.CurrentInvocation;
            IWebSocketEnd end = scope.WebSockets.Get(Int(args[0]));
            WebSocketFrame frame = await end.ReceiveAsync(CancellationToken.None).ConfigureAwait(false);
            invocation?.RenewCpuBudget();
            return frame.Kind == WebSocketFrameKind.Binary
                ? WriteFrame(frame, State(c).Slots.Put(frame.Bytes))
                : WriteFrame(frame, null);
        })
        // (id): the runtime has seen the end's close or break and needs it no more
        .Add("__sy_webSocketFinish", (c, args) =>
        {
            Handler(c).WebSockets.Finish(Int(args[0]));
            return JsValue.Undefined;
        });

    private static string WriteFrame(WebSocketFrame frame, int? slot)
    {
        var buffer = new ArrayBufferWriter<byte>(frame.Text is { Length: var n } ? n + 32 : 64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            switch (frame.Kind)
            {
                case WebSocketFrameKind.Text:
                    writer.WriteString("kind"u8, "text"u8);
                    writer.WriteString("text"u8, frame.Text);
                    break;
                case WebSocketFrameKind.Binary:
                    writer.WriteString("kind"u8, "binary"u8);
                    writer.WriteNumber("slot"u8, slot!.Value);
                    break;
                default:
                    writer.WriteString("kind"u8, frame.Kind == WebSocketFrameKind.Close ? "close"u8 : "error"u8);
                    writer.WriteNumber("code"u8, frame.Code);
                    writer.WriteString("reason"u8, frame.Reason ?? "");
                    break;
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
