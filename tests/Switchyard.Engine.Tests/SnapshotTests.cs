namespace Switchyard.Engine.Tests;

public class SnapshotTests
{
    private const string Bootstrap = """
        const hostDouble = double;  // captured before the global is hidden
        delete globalThis.double;
        globalThis.runtime = { version: 3, twice: (x) => hostDouble(x), boots: (globalThis.runtime?.boots ?? 0) + 1 };
        """;

    private static HostFunctionTable Table() => new HostFunctionTable().Add("double", (_, args) => args[0].AsNumber() * 2);

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Contexts_start_with_the_bootstrap_evaluated_and_host_functions_wired(bool snapshot)
    {
        JsRuntimeImage image = JsRuntimeImage.Create(Table(), Bootstrap, snapshot: snapshot);
        Assert.Equal(snapshot, image.HasSnapshot);
        using var isolate = new JsIsolate(image);

        JsContext first = isolate.CreateContext();
        JsContext second = isolate.CreateContext();

        isolate.Run(() =>
        {
            Assert.Equal(42, first.Evaluate("runtime.twice(21)").AsNumber());
            Assert.Equal("undefined", first.Evaluate("typeof double").AsString());
            first.Evaluate("runtime.version = 4");
            Assert.Equal(3, second.Evaluate("runtime.version").AsNumber());  // contexts are independent
            Assert.Equal(1, second.Evaluate("runtime.boots").AsNumber());
        });
        first.Dispose();
        Assert.Throws<ObjectDisposedException>(() => isolate.Run(() => first.Evaluate("1")));
        Assert.Equal(3, isolate.Run(() => second.Evaluate("runtime.version").AsNumber()));
    }

    [Fact]
    public async Task Isolates_of_different_images_live_side_by_side()
    {
        // V8 shares one read-only heap between the isolates of a process; snapshots that extended it (V8's default since
        // 11.x, turned off by the shim) made the isolates of a second image see the first's names.
        JsRuntimeImage[] images = [.. Enumerable.Range(0, 3).Select(i => JsRuntimeImage.Create(Table(),
            $"globalThis.imageName{i} = 'image {i}'; globalThis.runtimeOfImage = {{ index: {i}, label: 'l' + {i} }};")),
            JsRuntimeImage.Create(Table(), "globalThis.runtimeOfImage = { index: 3, label: 'l3' };", snapshot: false)];
        var isolates = new List<JsIsolate>();
        try
        {
            // All alive at once, created in turn and from several threads.
            for (int round = 0; round < 3; round++)
            {
                var made = await Task.WhenAll(images.Select((image, i) => Task.Run(async () =>
                {
                    var isolate = new JsIsolate(image);
                    JsContext context = await isolate.CreateContextAsync();
                    string seen = await context.RunAsync(c => c.Evaluate("`${runtimeOfImage.index}:${runtimeOfImage.label}:${typeof runtime}`").AsString());
                    Assert.Equal($"{i}:l{i}:undefined", seen);
                    return isolate;
                })));
                isolates.AddRange(made);
            }
        }
        finally
        {
            foreach (var isolate in isolates) isolate.Dispose();
        }
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("h\u00e9llo \u2713 \U0001D11E")]  // beyond Latin-1: the source is kept as UTF-16
    public void Isolates_share_the_bootstrap_source_instead_of_copying_it_into_their_heaps(string text)
    {
        // A megabyte of comment: what a copy of the source would add to each heap. Functions the bootstrap did not run
        // compile from the shared source on first call, and it still serves toString and stack traces.
        string bootstrap = "/*" + new string('x', 1024 * 1024) + "*/\n" + $$"""
            globalThis.label = () => "{{text}}";
            globalThis.fail = function fail() { throw new Error("from the bootstrap"); };
            """;
        JsRuntimeImage image = JsRuntimeImage.Create(null, bootstrap, "shared.js");
        using var isolate = new JsIsolate(image);
        JsContext context = isolate.CreateContext();

        Assert.True(image.SnapshotLength < 1024 * 1024, $"snapshot of {image.SnapshotLength} bytes");
        Assert.True(isolate.GetHeapInfo().UsedHeapBytes < 1024 * 1024, $"{isolate.GetHeapInfo().UsedHeapBytes} bytes of heap");
        isolate.Run(() =>
        {
            Assert.Equal(text, context.Evaluate("label()").AsString());
            Assert.Equal("() => \"" + text + "\"", context.Evaluate("label.toString()").AsString());
            Assert.Contains("shared.js:3", context.Evaluate("try { fail(); } catch (e) { e.stack }").AsString());
        });
    }

    [Fact]
    public void Bootstrap_failure_is_reported_when_building_the_snapshot()
    {
        var error = Assert.Throws<JsException>(() => JsRuntimeImage.Create(null, "throw new Error('bad bootstrap')", "boot.js"));

        Assert.Contains("bad bootstrap", error.Message);
        Assert.Contains("boot.js", error.JsStack);
    }
}
