namespace Switchyard.Engine.Execution;

/// <summary>One call of a JS function from outside the isolate, completed when its promise settles.</summary>
internal sealed class CallWorkItem(JsContext context, JsValue function, JsValue receiver, JsValue[] args) : WorkItem
{
    private readonly TaskCompletionSource<JsValue> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private JsValue _result;
    private Exception? _failure;
    private bool _awaiting;

    public Task<JsValue> Task => _completion.Task;

    public override void Execute()
    {
        try
        {
            _result = context.CallSettling(function, receiver, args);
            if (_result.Kind != JsValueKind.Promise) return;
            using JsHandle promise = _result.AsHandle();
            context.AwaitInto(_result, _completion);
            _awaiting = true;
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }

    public override void Complete()
    {
        if (_failure is not null) _completion.TrySetException(_failure);
        else if (!_awaiting) _completion.TrySetResult(_result);
    }

    public override void Cancel(Exception reason) => _completion.TrySetException(reason);
}
