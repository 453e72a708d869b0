namespace Switchyard.Engine.Execution;

/// <summary>A <see cref="WorkItem"/> that runs a function and completes its <see cref="Task"/> with the result.</summary>
internal sealed class FuncWorkItem<T>(Func<T> work) : WorkItem
{
    private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private T? _result;
    private Exception? _failure;

    public Task<T> Task => _completion.Task;

    public override void Execute()
    {
        try
        {
            _result = work();
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }

    public override void Complete()
    {
        if (_failure is null) _completion.TrySetResult(_result!);
        else _completion.TrySetException(_failure);
    }

    public override void Cancel(Exception reason) => _completion.TrySetException(reason);
}
