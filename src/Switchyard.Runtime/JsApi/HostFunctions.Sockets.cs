using System.Text.Json;
using Switchyard.Engine;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Outbound;

namespace Switchyard.Runtime.JsApi;

// cloudflare:sockets: TCP connections under the same rules as fetch() (GuardedConnector's address policy, one
// subrequest each), owned by the invocation (OutboundSockets, closed when it ends at the latest). The runtime's dialer
// makes the plain connection (in a worker host, the server does, relayed); TLS is done here, over it.
internal static partial class HostFunctions
{
    private static void AddSockets(HostFunctionTable table) => table
        // (host, port, secureTransport: "off"|"on"|"starttls") -> {id, remoteAddress, localAddress}
        .AddAsync("__sy_socketConnect", async (c, args) =>
        {
            RequestScope scope = Handler(c);
            WorkerRuntime runtime = State(c).Services.Runtime;
            string host = args[0].AsString(), mode = args[2].AsString();
            int port = Int(args[1]);
            if (scope.Outbound is not null)
                throw new InvalidOperationException("connect() is not available to a worker whose dispatcher routes its subrequests through an outbound worker.");
            CountSubrequest(c, scope);
            SocketConnection plain;
            Stream stream;
            // One of the invocation's six places for connections waiting to be answered, while the socket opens.
            using (await scope.Limits.EnterConnectionAsync(scope.Aborted).ConfigureAwait(false))
            {
                plain = await runtime.Dialer.ConnectAsync(scope.Caller, host, port, scope.Aborted).ConfigureAwait(false);
                stream = plain.Stream;
                if (mode == "on")
                {
                    try
                    {
                        stream = await OutboundSockets.SecureAsync(plain.Stream, host, scope.Aborted).ConfigureAwait(false);
                    }
                    catch
                    {
                        plain.Dispose();
                        throw;
                    }
                }
            }
            int id = scope.Sockets.Add(plain, stream, allowStartTls: mode == "starttls");
            var (remote, local) = scope.Sockets.Addresses(id);
            return JsonSerializer.Serialize(new { id, remoteAddress = remote, localAddress = local });
        })
        // (id) -> a slot with the next bytes, or null at the end of the peer's stream
        .AddAsync("__sy_socketRead", async (c, args) =>
        {
            RequestScope scope = Handler(c);
            byte[]? bytes = await scope.Sockets.ReadAsync(Int(args[0]), scope.Aborted).ConfigureAwait(false);
            return bytes is null ? JsValue.Null : State(c).Slots.Put(bytes);
        })
        .AddAsync("__sy_socketWrite", async (c, args) =>
        {
            RequestScope scope = Handler(c);
            await scope.Sockets.WriteAsync(Int(args[0]), CopyBytes(args[1]) ?? [], scope.Aborted).ConfigureAwait(false);
            return JsValue.Undefined;
        })
        .AddAsync("__sy_socketStartTls", async (c, args) =>
        {
            RequestScope scope = Handler(c);
            await scope.Sockets.StartTlsAsync(Int(args[0]), args[1].AsString(), scope.Aborted).ConfigureAwait(false);
            return JsValue.Undefined;
        })
        .AddAsync("__sy_socketCloseWrite", async (c, args) =>
        {
            await Handler(c).Sockets.CloseWriteAsync(Int(args[0])).ConfigureAwait(false);
            return JsValue.Undefined;
        })
        .Add("__sy_socketClose", (c, args) =>
        {
            Handler(c).Sockets.Close(Int(args[0]));
            return JsValue.Undefined;
        });
}
