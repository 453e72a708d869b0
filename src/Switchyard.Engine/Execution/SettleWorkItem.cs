namespace Switchyard.Engine.Execution;

/// <summary>Settles the promise of an async host call once its task completes, on the isolate's executor.</summary>
internal sealed class SettleWorkItem(JsContext context, int resolver, Task<JsValue> task, JsValue[] args) : WorkItem
{
    public void Post()
    {
        if (context.Isolate.IsUsable) context.Isolate.Post(this);
    }

    public override void Execute()
    {
        try
        {
            if (task.IsCompletedSuccessfully) context.SettlePromise(resolver, reject: false, task.Result);
            else context.SettlePromise(resolver, reject: true, JsValue.FromString(FailureMessage(task)));
        }
        catch (Exception e) when (e is JsException or JsLimitException)
        {
            // Surfaces through the invocation's awaited promises, which the limit or exception has failed.
        }
        finally
        {
            JsIsolate.ReleaseArguments(args, task.IsCompletedSuccessfully ? task.Result : default);
        }
    }

    public override void Cancel(Exception reason)
    {
        context.Isolate.ReleaseHandle(resolver);
        JsIsolate.ReleaseArguments(args, default);
    }

    private static string FailureMessage(Task task) =>
        task.IsCanceled ? "The operation was canceled." : task.Exception!.InnerException?.Message ?? task.Exception.Message;
}
