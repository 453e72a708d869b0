using Switchyard.Engine;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.JsApi;

/// <summary>
/// The host function table of the runtime image (names <c>__sy_&lt;name&gt;</c>; <c>Image/host-prelude.js</c>
/// adapts them to HOST_INTERFACE.md). Each function is static and finds its worker through <see cref="ContextRegistry"/>.
/// </summary>
internal static partial class HostFunctions
{
    public static HostFunctionTable Create()
    {
        var table = new HostFunctionTable();
        AddBasics(table);
        AddTimers(table);
        AddFetch(table);
        AddRequestSignal(table);
        AddKv(table);
        AddRateLimit(table);
        AddCache(table);
        AddBindingFetch(table);
        AddRpc(table);
        AddSockets(table);
        AddWebSockets(table);
        AddHtmlRewriter(table);
        AddCrypto(table);
        AddEncoding(table);
        return table;
    }

    private static WorkerContextState State(JsContext context) => ContextRegistry.For(context);

    /// <summary>The request the running code serves; throws in global scope, where no I/O, timer or entropy is allowed.</summary>
    private static RequestScope Handler(JsContext context)
    {
        RequestScope scope = State(context).Current(context);
        scope.Limits.RequireHandler();
        return scope;
    }

    /// <summary>
    /// Counts one subrequest (fetch(), connect()) of <paramref name="scope"/>; past the limit the invocation is ended at
    /// once, rather than left to loop on caught rejections until its CPU limit, and the call rejects.
    /// </summary>
    private static void CountSubrequest(JsContext context, RequestScope scope)
    {
        if (scope.Limits.TryCountSubrequest()) return;
        if (context.Isolate.CurrentInvocation is { } invocation) context.Isolate.Abort(invocation);
        throw new InvalidOperationException(WorkerException.SubrequestLimitMessage);
    }

    private static int Int(JsValue value) => checked((int)value.AsNumber());

    private static byte[]? CopyBytes(JsValue value) =>
        value.Kind is JsValueKind.Uint8Array or JsValueKind.ArrayBuffer ? value.AsBuffer().Span.ToArray() : null;
}
