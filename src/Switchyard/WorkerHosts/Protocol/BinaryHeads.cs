using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Scheduling;
using Switchyard.Storage.Scripts;

namespace Switchyard.WorkerHosts.Protocol;

/// <summary>
/// The heads every request crosses the channel with, <see cref="InvokeHead"/> and <see cref="WireReply"/>, in a binary
/// layout instead of JSON: reading and writing them as JSON (source-generated, but records read through their
/// constructors) was 13 % of a worker host's CPU and 8 % of the server's under hello load. Fields go in declaration
/// order (<see cref="HeadWriter"/>); what is rarely set and nested (an RPC call, a cron event, a first invocation's
/// preload) goes as JSON inside. Both ends are the same executable, so the layout needs no version.
/// </summary>
internal static class BinaryHeads
{
    public static byte[] Write(InvokeHead head)
    {
        var w = new HeadWriter();
        Write(w, head.Worker);
        w.String(head.VersionId);
        Write(w, head.Settings);
        Write(w, head.Request);
        w.Json(head.Preload);
        return w.ToArray();
    }

    public static InvokeHead ReadInvoke(ReadOnlySpan<byte> bytes)
    {
        var r = new HeadReader(bytes);
        var head = new InvokeHead(ReadWorker(ref r), r.RequiredString(), ReadSettings(ref r), ReadRequest(ref r))
        {
            Preload = r.Json<VersionPreload>(),
        };
        r.End();
        return head;
    }

    /// <summary>A reply frame: <c>[i32 n][n bytes of the reply][the inlined body]</c> (<see cref="InvocationWire"/>).</summary>
    public static byte[] Frame(WireReply reply, ReadOnlySpan<byte> inline)
    {
        var w = new HeadWriter(128 + inline.Length);
        w.Int(0);
        w.Int(reply.Status);
        w.String(reply.StatusText);
        w.Headers(reply.Headers);
        w.Bool(reply.HasBody);
        w.Bool(reply.Inline);
        w.Bool(reply.Failure is not null);
        if (reply.Failure is { } failure)
        {
            w.Int((int)failure.Failure);
            w.String(failure.Message);
            w.String(failure.JsStack);
            w.String(failure.ErrorMessage);
            w.Bool(failure.PassThroughOnException);
        }
        w.String(reply.Refusal);
        w.OptionalLong(reply.WebSocket);
        w.IntAt(0, w.Length - 4);
        w.Raw(inline);
        return w.ToArray();
    }

    /// <summary>A reply frame's reply, and where its inlined body starts.</summary>
    public static (WireReply Reply, int BodyAt) ReadFrame(ReadOnlySpan<byte> frame)
    {
        var outer = new HeadReader(frame);
        int length = outer.Int();
        if (length < 0 || length > frame.Length - 4) throw new InvalidDataException("A channel head is malformed.");
        var r = new HeadReader(frame.Slice(4, length));
        var reply = new WireReply(r.Int(), r.RequiredString(), r.Headers()) { HasBody = r.Bool(), Inline = r.Bool() };
        if (r.Bool())
        {
            var failure = (WorkerFailure)r.Int();
            if (!Enum.IsDefined(failure)) throw new InvalidDataException("A channel head names no known failure.");
            reply = reply with { Failure = new WireFailure(failure, r.RequiredString(), r.String(), r.String(), r.Bool()) };
        }
        reply = reply with { Refusal = r.String(), WebSocket = r.OptionalLong() };
        r.End();
        return (reply, 4 + length);
    }

    private static void Write(HeadWriter w, WorkerRef worker)
    {
        w.String(worker.AccountId);
        w.String(worker.ScriptId);
        w.String(worker.ScriptName);
        w.String(worker.NamespaceName);
        w.Bool(worker.TrustedWorkers);
        w.String(worker.VersionId);
        w.Strings(worker.Tags);
        w.Int(worker.Traffic?.Count ?? -1);
        foreach (DeploymentVersion share in worker.Traffic ?? [])
        {
            w.String(share.VersionId);
            w.Int(share.Percentage);
        }
    }

    private static WorkerRef ReadWorker(ref HeadReader r)
    {
        var worker = new WorkerRef(r.RequiredString(), r.RequiredString(), r.RequiredString(), r.String(), r.Bool(), r.RequiredString(), r.Strings());
        int shares = r.Int();
        if (shares == -1) return worker;
        if (shares < 0 || shares > r.Rest.Length / 8) throw new InvalidDataException("A channel head is malformed.");
        var traffic = new List<DeploymentVersion>(shares);
        for (int i = 0; i < shares; i++) traffic.Add(new DeploymentVersion(r.RequiredString(), r.Int()));
        return worker with { Traffic = traffic };
    }

    private static void Write(HeadWriter w, InvocationSettings settings)
    {
        w.Int(settings.Depth);
        w.OptionalLong(settings.CpuLimit?.Ticks);
        w.OptionalInt(settings.SubrequestLimit);
        w.Bool(settings.Outbound is not null);
        if (settings.Outbound is { } outbound)
        {
            w.String(outbound.AccountId);
            w.String(outbound.Service);
            w.String(outbound.ParamsJson);
        }
        w.String(settings.EnvOverlayJson);
        w.String(settings.RayId);
        w.Json(settings.Rpc);
        w.OptionalBool(settings.Traced);
        w.OptionalLong(settings.Ticket);
        w.Json(settings.Scheduled);
    }

    private static InvocationSettings ReadSettings(ref HeadReader r) => new(r.Int())
    {
        CpuLimit = r.OptionalLong() is long ticks ? TimeSpan.FromTicks(ticks) : null,
        SubrequestLimit = r.OptionalInt(),
        Outbound = r.Bool() ? new OutboundRoute(r.RequiredString(), r.RequiredString(), r.RequiredString()) : null,
        EnvOverlayJson = r.String(),
        RayId = r.String(),
        Rpc = r.Json<RpcCall>(),
        Traced = r.OptionalBool(),
        Ticket = r.OptionalLong(),
        Scheduled = r.Json<ScheduledEvent>(),
    };

    private static void Write(HeadWriter w, WireRequest request)
    {
        w.String(request.Method);
        w.String(request.Url);
        w.Headers(request.Headers);
        w.String(request.CfJson);
        w.String(request.RayId);
        w.Bool(request.HasBody);
    }

    private static WireRequest ReadRequest(ref HeadReader r) =>
        new(r.RequiredString(), r.RequiredString(), r.Headers(), r.String(), r.String(), r.Bool());
}
