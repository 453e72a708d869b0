using Switchyard.Engine;

namespace Switchyard.Runtime.Host;

// One-shot timers: a delay per id, cancellable by JS and by the context's disposal.
internal static partial class HostFunctions
{
    private static void AddTimers(HostFunctionTable table) => table
        .AddAsync("__sy_timer", async (c, args) =>
        {
            WorkerContextState state = State(c);
            int id = Int(args[0]);
            double delay = Math.Max(0, args[1].AsNumber());
            CancellationTokenSource source = state.Timers.Add(id);
            try
            {
                // Always settle in a later task, never within this call: a timer must not overtake queued microtasks.
                await Task.Delay(TimeSpan.FromMilliseconds(delay), source.Token).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
                return JsValue.True;
            }
            catch (OperationCanceledException)
            {
                return JsValue.False;
            }
            finally
            {
                state.Timers.Complete(id, source);
            }
        })
        .Add("__sy_cancelTimer", (c, args) =>
        {
            State(c).Timers.Cancel(Int(args[0]));
            return JsValue.Undefined;
        });
}
