using System.Buffers;
using Switchyard.Engine.Execution;
using Switchyard.Engine.Interop;

namespace Switchyard.Engine;

// The shim's calls into the isolate: host functions and module resolution.
public sealed unsafe partial class JsIsolate
{
    internal int OnResolveModule(int referrer, string specifier) => CurrentContext?.ResolveLink(referrer, specifier) ?? -1;

    internal SyHostOutcome OnHostCall(int functionId, ReadOnlySpan<SyValue> nativeArgs, SyValue* result)
    {
        HostFunctionTable.Entry entry = Runtime.HostFunctions[functionId];
        JsContext context = CurrentContext ?? throw new InvalidOperationException("A host function ran outside any context.");
        // A host function's first call in the process JIT-compiles its .NET code and builds its serializers' metadata:
        // one-time work of the platform (tens of milliseconds on a cold process) that must not count against the CPU
        // budget of whichever worker happens to call it first.
        JsInvocation? paused = _armed is { } armed && Runtime.HostFunctionTable.IsFirstCall(functionId) ? armed : null;
        if (paused is not null && DisarmCpu(paused)) paused.MarkCpuExceeded();
        try
        {
            return entry.Sync is { } sync
                ? CallSync(sync, context, nativeArgs, result)
                : CallAsync(entry.Async!, entry.SettlesInLaterTask, context, nativeArgs, result);
        }
        finally
        {
            if (paused is not null) NativeMethods.CpuArm(Native, Math.Max(1, paused.RemainingNs), resume: 0);
        }
    }

    private SyHostOutcome CallSync(HostFunction function, JsContext context, ReadOnlySpan<SyValue> nativeArgs, SyValue* result)
    {
        JsValue[] args = ArrayPool<JsValue>.Shared.Rent(nativeArgs.Length);
        for (int i = 0; i < nativeArgs.Length; i++) args[i] = Marshaller.FromNative(nativeArgs[i]);
        JsValue value = default;
        try
        {
            value = function(context, args.AsSpan(0, nativeArgs.Length));
            Marshaller.ToNative(value, result);
            return SyHostOutcome.Return;
        }
        catch (JsLimitException)
        {
            return SyHostOutcome.Return;  // the shim sees the termination and unwinds
        }
        catch (Exception e)
        {
            Marshaller.ToNative(JsValue.FromString(e.Message), result);
            return SyHostOutcome.Throw;
        }
        finally
        {
            ReleaseArguments(args.AsSpan(0, nativeArgs.Length), value);
            ArrayPool<JsValue>.Shared.Return(args, clearArray: true);
        }
    }

    private SyHostOutcome CallAsync(AsyncHostFunction function, bool settleInLaterTask, JsContext context, ReadOnlySpan<SyValue> nativeArgs,
        SyValue* result)
    {
        var args = new JsValue[nativeArgs.Length];
        for (int i = 0; i < nativeArgs.Length; i++) args[i] = Marshaller.FromNative(nativeArgs[i]);
        Task<JsValue> task;
        try
        {
            task = function(context, args);
        }
        catch (JsLimitException)
        {
            ReleaseArguments(args, default);
            return SyHostOutcome.Return;  // the shim sees the termination and unwinds
        }
        catch (Exception e)
        {
            // Thrown before the function returned its task (an argument or a precondition it checks up front): the
            // call throws in JS, as a synchronous host function's would, instead of returning a rejected promise.
            ReleaseArguments(args, default);
            Marshaller.ToNative(JsValue.FromString(e.Message), result);
            return SyHostOutcome.Throw;
        }
        int resolver;
        SyStatus status = NativeMethods.PromiseNew(Native, context.Id, result, &resolver);
        if (status != SyStatus.Ok)
        {
            ReleaseArguments(args, default);
            return SyHostOutcome.Return;
        }
        var settle = new SettleWorkItem(context, resolver, task, args) { Invocation = CurrentInvocation };
        if (task.IsCompleted && !settleInLaterTask) settle.Execute();
        else if (task.IsCompleted) settle.Post();
        else task.ContinueWith(static (_, item) => ((SettleWorkItem)item!).Post(), settle, TaskScheduler.Default);
        return SyHostOutcome.ReturnAndFree;
    }

    /// <summary>Releases argument handles after a host call, except the returned one and those kept.</summary>
    internal static void ReleaseArguments(ReadOnlySpan<JsValue> args, JsValue returned)
    {
        object? kept = returned.IsHandle ? returned.AsHandle() : null;
        foreach (JsValue arg in args)
        {
            if (arg.IsHandle && arg.AsHandle() is { IsKept: false } handle && !ReferenceEquals(handle, kept)) handle.Dispose();
        }
    }
}
