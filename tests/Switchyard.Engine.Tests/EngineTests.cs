namespace Switchyard.Engine.Tests;

/// <summary>The V8 library itself: its version, the shim's header self-check, and ICU (Intl) data.</summary>
public class EngineTests
{
    private static readonly JsRuntimeImage Image = JsRuntimeImage.Create(new HostFunctionTable());

    [Fact]
    public void The_version_is_V8s_own()
    {
        var match = System.Text.RegularExpressions.Regex.Match(JsEngine.V8Version, @"^(\d+)\.(\d+)\.\d+\.\d+");

        Assert.True(match.Success, JsEngine.V8Version);
        Assert.True((int.Parse(match.Groups[1].Value), int.Parse(match.Groups[2].Value)).CompareTo((14, 7)) >= 0, JsEngine.V8Version);
    }

    [Fact]
    public void Every_inline_accessor_the_shim_relies_on_agrees_with_the_library()
    {
        var (failures, report) = JsEngine.SelfCheck();

        Assert.True(failures == 0, report);
        string[] lines = report.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(lines, l => l.StartsWith("FAIL"));
        foreach (string check in new[]
                 {
                     "v8::Undefined()", "v8::Null()", "v8::True()", "v8::False()", "v8::Boolean::New()", "Value::IsUndefined",
                     "FunctionCallbackInfo (FunctionTemplate): GetIsolate()", "FunctionCallbackInfo (Function::New): Data()",
                     "GetReturnValue().Set()", "ScriptOrigin and TryCatch", "Module::GetModuleNamespace",
                     "ContinuationPreservedEmbedderDataV2", "ArrayBuffer::Allocator::Allocate", "ArrayBuffer::Allocator::Free",
                     "HeapStatistics::heap_size_limit", "Internals::kIsolateStackGuardOffset",
                     "a carried install interrupt is pending again",
                 })
        {
            Assert.Contains(lines, l => l.StartsWith("ok") && l.Contains(check, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task An_optimization_compiled_between_runs_is_installed_by_the_next_run()
    {
        // V8 optimizes a hot function on a background thread, then asks the isolate's thread to install the code. Runs
        // are short, so the compile mostly finishes between them, and V8's request is wiped when the next run takes the
        // isolate; the shim carries it over (native/interrupts.cc). Without that the count stays 0.
        // A function gives two chances (Maglev, then TurboFan), and a compile that ends during a run is installed in
        // it, not carried: under load that can be every time, so the runs move on through many distinct functions.
        const int Functions = 64, RunsEach = 40;
        using var isolate = new JsIsolate(Image);
        JsContext context = await isolate.CreateContextAsync();
        string define = string.Concat(Enumerable.Range(0, Functions).Select(f =>
            $"globalThis.work{f} = (n) => {{ let s = {f}; for (let i = 0; i < n; i++) s += i % 7; return s; }};\n"));
        await context.RunAsync(c => c.Evaluate(define));

        var deadline = DateTime.UtcNow.AddSeconds(60);
        int runs = 0;
        while (isolate.InstallInterruptsCarried == 0 && DateTime.UtcNow < deadline)
        {
            string run = $"for (let k = 0; k < 50; k++) work{runs / RunsEach % Functions}(20);";
            await context.RunAsync(c => c.Evaluate(run));
            runs++;
            await Task.Delay(2);
        }

        Assert.True(isolate.InstallInterruptsCarried > 0, $"no run carried an install interrupt in {runs} runs");

        // A carried interrupt is handled (the code installed) in the run that carried it: were it left pending, every
        // later run would carry it again. Once a function is optimized, hardly any more compiles start.
        const string Same = "for (let k = 0; k < 50; k++) work0(20);";
        for (int i = 0; i < 200; i++) await context.RunAsync(c => c.Evaluate(Same));
        long carried = isolate.InstallInterruptsCarried;
        for (int i = 0; i < 100; i++)
        {
            await context.RunAsync(c => c.Evaluate(Same));
            await Task.Delay(1);
        }
        Assert.True(isolate.InstallInterruptsCarried - carried < 20, $"{isolate.InstallInterruptsCarried - carried} of 100 runs carried one");
    }

    [Fact]
    public async Task Intl_has_full_ICU_data()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = await isolate.CreateContextAsync();

        string result = await context.RunAsync(c => c.Evaluate("""
            [
              new Intl.DateTimeFormat("de-DE", { timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 15))),
              new Intl.DateTimeFormat("de-DE", { dateStyle: "long", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 2, 1))),
              (1234.5).toLocaleString("ja-JP"),
              new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" }).format(1234.5),
              new Intl.DateTimeFormat("ja-JP-u-ca-japanese", { era: "long", year: "numeric", timeZone: "UTC" }).format(new Date(Date.UTC(2024, 5, 1))),
              ["ä", "z", "a"].sort(new Intl.Collator("de").compare).join(""),
              new Intl.PluralRules("ar").select(3),
              new Intl.Segmenter("ja", { granularity: "word" }).segment("今日は晴れ").containing(0).segment.length > 0,
            ].join("|")
            """).AsString());

        Assert.Equal("15.1.2024|1. März 2024|1,234.5|1.234,50\u00a0€|令和6年|aäz|few|true", result);
    }
}
