using System.Text.Json;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Routing;
using Switchyard.Runtime.Scheduling;
using Switchyard.Runtime.Telemetry;
using Switchyard.Storage.Scripts;

namespace Switchyard.WorkerHosts.Protocol;

/// <summary>
/// The heads every request crosses the channel with, <see cref="InvokeHead"/> and <see cref="WireReply"/> (and the
/// <see cref="MetricsBatch"/> that reports it, and a dispatch's <see cref="BindingHead"/>), in a binary layout instead
/// of JSON: reading and writing them as JSON (source-generated, but records read through their
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
            w.Enum(failure.Failure);
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
        ReadOnlySpan<byte> head = outer.Bytes();
        var r = new HeadReader(head);
        var reply = new WireReply(r.Int(), r.RequiredString(), r.Headers()) { HasBody = r.Bool(), Inline = r.Bool() };
        if (r.Bool()) reply = reply with { Failure = new WireFailure(r.Enum<WorkerFailure>(), r.RequiredString(), r.String(), r.String(), r.Bool()) };
        reply = reply with { Refusal = r.String(), WebSocket = r.OptionalLong() };
        r.End();
        return (reply, 4 + head.Length);
    }

    /// <summary>A worker's call of another through a binding (every dispatched request makes one).</summary>
    public static byte[] Write(BindingHead head)
    {
        var w = new HeadWriter();
        w.String(head.CallerVersionId);
        BindingCall call = head.Call;
        w.Enum(call.Kind);
        w.String(call.BindingName);
        w.Int(call.CallerDepth);
        w.String(call.RayId);
        w.Bool(call.Target is not null);
        if (call.Target is { } target)
        {
            w.String(target.Script);
            w.OptionalDouble(target.CpuMs);
            w.OptionalInt(target.SubRequests);
            w.String(target.Outbound?.GetRawText());
        }
        Write(w, call.Outbound);
        w.String(call.Method);
        w.String(call.Arguments);
        w.OptionalLong(call.Ticket);
        Write(w, head.Request);
        return w.ToArray();
    }

    public static BindingHead ReadBinding(ReadOnlySpan<byte> bytes)
    {
        var r = new HeadReader(bytes);
        string callerVersion = r.RequiredString();
        var call = new BindingCall(r.Enum<BindingCallKind>(), r.RequiredString(), r.Int(), r.String())
        {
            Target = r.Bool()
                ? new DispatchTarget(r.RequiredString(), r.OptionalDouble(), r.OptionalInt(),
                    r.String() is { } outbound ? ParseElement(outbound) : null)
                : null,
            Outbound = ReadOutbound(ref r),
            Method = r.String(),
            Arguments = r.String(),
            Ticket = r.OptionalLong(),
        };
        var head = new BindingHead(callerVersion, call, ReadRequest(ref r));
        r.End();
        return head;
    }

    private static JsonElement ParseElement(string json)
    {
        try
        {
            return JsonElement.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("A channel head holds malformed JSON.", e);
        }
    }

    /// <summary>
    /// A host's metrics batch: one record per invocation it ran, so at hello load thousands per batch (as JSON, read by
    /// reflection, ~5 % of the server's CPU and ~3 % of the host's).
    /// </summary>
    public static byte[] Write(MetricsBatch batch)
    {
        var w = new HeadWriter(64 + batch.Records.Count * 96);
        w.Int(batch.Records.Count);
        foreach (MetricRecord record in batch.Records)
        {
            w.Byte((byte)record.Kind);
            w.String(record.Account);
            w.String(record.Namespace);
            w.String(record.Script);
            w.OptionalEnum(record.Failure);
            w.Double(record.CpuSeconds);
            w.Double(record.WallSeconds);
            w.Int(record.Subrequests);
            w.Int(record.KvOperations);
            w.OptionalLong(record.Ticket);
        }
        w.OptionalCount(batch.Warm?.Count);
        foreach (WarmEntry entry in batch.Warm ?? [])
        {
            w.String(entry.Account);
            w.String(entry.Namespace);
            w.String(entry.Script);
            w.Long(entry.Bytes);
        }
        return w.ToArray();
    }

    public static MetricsBatch ReadMetrics(ReadOnlySpan<byte> bytes)
    {
        var r = new HeadReader(bytes);
        int count = r.Count(minItemBytes: 39);
        var records = new List<MetricRecord>(count);
        for (int i = 0; i < count; i++)
        {
            var record = new MetricRecord((char)r.Byte(), r.RequiredString(), r.String(), r.RequiredString());
            records.Add(record with
            {
                Failure = r.OptionalEnum<WorkerFailure>(),
                CpuSeconds = r.Double(),
                WallSeconds = r.Double(),
                Subrequests = r.Int(),
                KvOperations = r.Int(),
                Ticket = r.OptionalLong(),
            });
        }
        List<WarmEntry>? warm = null;
        if (r.OptionalCount(minItemBytes: 20) is int entries)
        {
            warm = new List<WarmEntry>(entries);
            for (int i = 0; i < entries; i++) warm.Add(new WarmEntry(r.RequiredString(), r.String(), r.RequiredString(), r.Long()));
        }
        r.End();
        return new MetricsBatch(records, warm);
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
        w.OptionalCount(worker.Traffic?.Count);
        foreach (DeploymentVersion share in worker.Traffic ?? [])
        {
            w.String(share.VersionId);
            w.Int(share.Percentage);
        }
    }

    private static WorkerRef ReadWorker(ref HeadReader r)
    {
        var worker = new WorkerRef(r.RequiredString(), r.RequiredString(), r.RequiredString(), r.String(), r.Bool(), r.RequiredString(), r.Strings());
        if (r.OptionalCount(minItemBytes: 8) is not int shares) return worker;
        var traffic = new List<DeploymentVersion>(shares);
        for (int i = 0; i < shares; i++) traffic.Add(new DeploymentVersion(r.RequiredString(), r.Int()));
        return worker with { Traffic = traffic };
    }

    private static void Write(HeadWriter w, InvocationSettings settings)
    {
        w.Int(settings.Depth);
        w.OptionalLong(settings.CpuLimit?.Ticks);
        w.OptionalInt(settings.SubrequestLimit);
        Write(w, settings.Outbound);
        w.String(settings.EnvOverlayJson);
        w.String(settings.RayId);
        w.Json(settings.Rpc);
        w.OptionalBool(settings.Traced);
        w.OptionalLong(settings.Ticket);
        w.Json(settings.Scheduled);
        w.Json(settings.Tail);
    }

    private static InvocationSettings ReadSettings(ref HeadReader r) => new(r.Int())
    {
        CpuLimit = r.OptionalLong() is long ticks ? TimeSpan.FromTicks(ticks) : null,
        SubrequestLimit = r.OptionalInt(),
        Outbound = ReadOutbound(ref r),
        EnvOverlayJson = r.String(),
        RayId = r.String(),
        Rpc = r.Json<RpcCall>(),
        Traced = r.OptionalBool(),
        Ticket = r.OptionalLong(),
        Scheduled = r.Json<ScheduledEvent>(),
        Tail = r.Json<TailCall>(),
    };

    private static void Write(HeadWriter w, OutboundRoute? outbound)
    {
        w.Bool(outbound is not null);
        if (outbound is null) return;
        w.String(outbound.AccountId);
        w.String(outbound.Service);
        w.String(outbound.ParamsJson);
    }

    private static OutboundRoute? ReadOutbound(ref HeadReader r) =>
        r.Bool() ? new OutboundRoute(r.RequiredString(), r.RequiredString(), r.RequiredString()) : null;

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
