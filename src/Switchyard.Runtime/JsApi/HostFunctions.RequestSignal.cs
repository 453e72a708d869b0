using Switchyard.Engine;

namespace Switchyard.Runtime.JsApi;

// request.signal under enable_request_signal: settles true when the request's client disconnects while the invocation
// runs, false once the invocation is over (so no promise waits for a client that stays). And waitUntil's claim on the
// invocation's host work after its client has gone.
internal static partial class HostFunctions
{
    private static void AddRequestSignal(HostFunctionTable table) => table
        .AddAsync("__sy_clientGone", async (c, args) =>
        {
            RequestScope scope = Handler(c);
            CancellationToken client = scope.Limits.ClientGone;  // the client itself, whatever waitUntil work keeps running
            if (!client.IsCancellationRequested)
            {
                var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using (client.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), gone))
                    await Task.WhenAny(gone.Task, scope.Limits.Over).ConfigureAwait(false);
            }
            return client.IsCancellationRequested;
        })
        // The first ctx.waitUntil() of an invocation: its host work outlives a client that goes, until the grace period.
        .Add("__sy_keepWaitUntilWork", (c, args) =>
        {
            State(c).Current(c).Limits.KeepWaitUntilWork();
            return JsValue.Undefined;
        });
}
