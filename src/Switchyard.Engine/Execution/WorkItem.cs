namespace Switchyard.Engine.Execution;

/// <summary>A unit of work for an isolate's executor, optionally charged to an invocation's CPU budget.</summary>
internal abstract class WorkItem
{
    public JsInvocation? Invocation { get; init; }

    /// <summary>Whether the item still runs once its invocation or isolate has hit a limit.</summary>
    public virtual bool RunsPastLimits => false;

    /// <summary>Runs inside the isolate; must not throw (failures are kept for <see cref="Complete"/>).</summary>
    public abstract void Execute();

    /// <summary>Publishes the outcome, after the CPU time of the run has been charged.</summary>
    public virtual void Complete() { }

    /// <summary>The item will not run (limit exceeded, isolate unusable or disposed).</summary>
    public abstract void Cancel(Exception reason);
}
