using Switchyard.Engine;

namespace Switchyard.Runtime.JsApi;

// request.signal under enable_request_signal: settles true when the request's client disconnects while the invocation
// runs, false once the invocation is over (so no promise waits for a client that stays).
internal static partial class HostFunctions
{
    private static void AddRequestSignal(HostFunctionTable table) => table
        .AddAsync("__sy_clientGone", async (c, args) =>
        {
            RequestScope scope = Handler(c);
            CancellationToken client = scope.Aborted;
            if (!client.IsCancellationRequested)
            {
                var gone = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                using (client.UnsafeRegister(static state => ((TaskCompletionSource)state!).TrySetResult(), gone))
                    await Task.WhenAny(gone.Task, scope.Limits.Over).ConfigureAwait(false);
            }
            return client.IsCancellationRequested;
        });
}
