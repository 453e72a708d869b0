using System.Text.Json;
using Switchyard.Runtime.Invocation;
using Switchyard.Runtime.Routing;
using Switchyard.Runtime.Scheduling;
using Switchyard.Storage.Scripts;
using Switchyard.WorkerHosts.Protocol;
using Xunit;

namespace Switchyard.ControlPlane.Tests.Hosting;

/// <summary>
/// The binary heads of an invocation: every field crosses as it was (compared through their JSON, which walks every
/// field of the records and lists), and a reply from a worker host that is cut short or claims more than it holds is
/// refused rather than read past its end.
/// </summary>
public sealed class BinaryHeadsTests
{
    private static string Json(object value) => JsonSerializer.Serialize(value, WireJson.Options);

    private static WireRequest Request(bool hasBody) => new("POST", "https://a.example/ü?x=1",
        [new("content-type", "text/plain; charset=utf-8"), new("x-empty", ""), new("x-ünïcode", "ärger")], """{"colo":"local"}""", "ray-1", hasBody);

    [Fact]
    public void An_invocation_head_with_every_field_set_crosses_whole()
    {
        var worker = new WorkerRef("acct", "script-id", "name", "ns", false, "v1", ["t1", "t2"])
        {
            Traffic = [new DeploymentVersion("v1", 60), new DeploymentVersion("v2", 40)],
        };
        var settings = new InvocationSettings(Depth: 3)
        {
            CpuLimit = TimeSpan.FromMilliseconds(12.5),
            SubrequestLimit = 7,
            Outbound = new OutboundRoute("acct", "outbound", """{"a":1}"""),
            EnvOverlayJson = """{"X":"y"}""",
            RayId = "ray-0",
            Rpc = new RpcCall("Entry", "method", "[1,2]", JsonDocument.Parse("""{"p":true}""").RootElement),
            Traced = false,
            Ticket = long.MaxValue,
            Scheduled = new ScheduledEvent("*/5 * * * *", 1_700_000_000_000),
        };
        var head = new InvokeHead(worker, "v1", settings, Request(hasBody: true));

        InvokeHead read = BinaryHeads.ReadInvoke(BinaryHeads.Write(head));

        Assert.Equal(Json(head), Json(read));
        Assert.Equal(TimeSpan.FromMilliseconds(12.5), read.Settings.CpuLimit);
    }

    [Fact]
    public void An_invocation_head_with_nothing_optional_crosses_whole()
    {
        var head = new InvokeHead(new WorkerRef("acct", "id", "name", null, true, "v1", []), "v1", new InvocationSettings(0), Request(hasBody: false));

        InvokeHead read = BinaryHeads.ReadInvoke(BinaryHeads.Write(head));

        Assert.Equal(Json(head), Json(read));
        Assert.Null(read.Worker.Traffic);
        Assert.Null(read.Settings.Traced);
    }

    [Fact]
    public void A_reply_crosses_with_its_inlined_body_and_its_failure()
    {
        var reply = new WireReply(418, "I'm a teapot", [new("set-cookie", "a=1"), new("set-cookie", "b=2")])
        {
            Inline = true,
            Failure = new WireFailure(WorkerFailure.CpuLimit, "Exceeded CPU", "at f (index.js:1:1)", "boom", true),
            Refusal = "no such worker",
            WebSocket = 42,
        };
        byte[] body = [1, 2, 3, 0, 255];

        byte[] frame = BinaryHeads.Frame(reply, body);
        var (read, bodyAt) = BinaryHeads.ReadFrame(frame);

        Assert.Equal(Json(reply), Json(read));
        Assert.Equal(body, frame[bodyAt..]);
    }

    [Fact]
    public void A_binding_call_crosses_whole_with_its_dispatch_target()
    {
        var dispatch = new BindingHead("v1", new BindingCall(BindingCallKind.Dispatch, "DISPATCHER", 1, "ray-2")
        {
            Target = new DispatchTarget("user", 12.5, 3, JsonElement.Parse("""{"params":{"a":[1,"b"]}}""")),
            Outbound = new OutboundRoute("acct", "outbound", "{}"),
            Method = "rpc",
            Arguments = "[1]",
            Ticket = 5,
        }, Request(hasBody: true));
        var plain = new BindingHead("v2", new BindingCall(BindingCallKind.Service, "SVC", 0, null), Request(hasBody: false));

        Assert.Equal(Json(dispatch), Json(BinaryHeads.ReadBinding(BinaryHeads.Write(dispatch))));
        Assert.Equal(Json(plain), Json(BinaryHeads.ReadBinding(BinaryHeads.Write(plain))));
        byte[] unknownKind = BinaryHeads.Write(plain);
        BitConverter.GetBytes(77).CopyTo(unknownKind, 4 + 2);  // the kind, after "v2"
        Assert.Throws<InvalidDataException>(() => BinaryHeads.ReadBinding(unknownKind));
    }

    [Fact]
    public void A_metrics_batch_crosses_whole_with_and_without_its_warm_isolates()
    {
        var records = new List<MetricRecord>
        {
            new('i', "acct", "ns", "user") { Failure = WorkerFailure.SubrequestLimit, CpuSeconds = 0.0123, WallSeconds = 1.5, Subrequests = 51, KvOperations = 2, Ticket = 9 },
            new('i', "acct", null, "dispatcher") { CpuSeconds = 1e-6, WallSeconds = 2e-6 },
            new('c', "acct", null, "dispatcher"),
            new('e', "acct", "ns", "gone"),
        };
        var withWarm = new MetricsBatch(records, [new WarmEntry("acct", null, "dispatcher", 3_300_000), new WarmEntry("acct", "ns", "user", 1)]);
        var withoutWarm = new MetricsBatch(records, null);

        Assert.Equal(Json(withWarm), Json(BinaryHeads.ReadMetrics(BinaryHeads.Write(withWarm))));
        Assert.Equal(Json(withoutWarm), Json(BinaryHeads.ReadMetrics(BinaryHeads.Write(withoutWarm))));
        byte[] inflated = BinaryHeads.Write(withoutWarm);
        BitConverter.GetBytes(1_000_000).CopyTo(inflated, 0);  // more records than the bytes could hold
        Assert.Throws<InvalidDataException>(() => BinaryHeads.ReadMetrics(inflated));
    }

    [Fact]
    public void A_reply_cut_short_or_claiming_more_than_it_holds_is_refused()
    {
        byte[] frame = BinaryHeads.Frame(new WireReply(200, "OK", [new("a", "b")]), []);

        for (int cut = 0; cut < frame.Length; cut++)
        {
            byte[] shorter = frame[..cut];
            Assert.Throws<InvalidDataException>(() => BinaryHeads.ReadFrame(shorter));
        }
        byte[] inflated = (byte[])frame.Clone();
        BitConverter.GetBytes(int.MaxValue).CopyTo(inflated, 4 + 4 + 4 + 2);  // the header count, after status and "OK"
        Assert.Throws<InvalidDataException>(() => BinaryHeads.ReadFrame(inflated));
        byte[] unknownFailure = BinaryHeads.Frame(new WireReply(0, "", []) { Failure = new WireFailure(WorkerFailure.Exception, "m", null, null, false) }, []);
        BitConverter.GetBytes(9999).CopyTo(unknownFailure, 4 + 4 + 4 + 4 + 3);  // the failure kind, after the three flags
        Assert.Throws<InvalidDataException>(() => BinaryHeads.ReadFrame(unknownFailure));
    }
}
