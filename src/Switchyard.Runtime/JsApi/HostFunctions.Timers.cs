using Switchyard.Engine;

namespace Switchyard.Runtime.JsApi;

// One-shot timers: a delay per id, cancellable by JS and by the context's disposal.
internal static partial class HostFunctions
{
    private static void AddTimers(HostFunctionTable table) => table
        .AddAsync("__sy_timer", (c, args) =>
        {
            Handler(c);  // throws in JS, at setTimeout's call, in global scope
            return TimerAsync(State(c), Int(args[0]), Math.Max(0, args[1].AsNumber()));
        }, settleInLaterTask: true)
        .Add("__sy_cancelTimer", (c, args) =>
        {
            State(c).Timers.Cancel(Int(args[0]));
            return JsValue.Undefined;
        });

    private static async Task<JsValue> TimerAsync(WorkerContextState state, int id, double delay)
    {
        CancellationTokenSource source = state.Timers.Add(id);
        try
        {
            // The promise settles in a later task of the isolate (settleInLaterTask), never within this call, however
            // soon the delay ends: a timer must not overtake microtasks queued after setTimeout(). Forcing the await to
            // yield was not enough: the pool could finish the task before the call returned.
            await Task.Delay(TimeSpan.FromMilliseconds(delay), source.Token).ConfigureAwait(false);
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
    }
}
