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
                     "HeapStatistics::heap_size_limit",
                 })
        {
            Assert.Contains(lines, l => l.StartsWith("ok") && l.Contains(check, StringComparison.Ordinal));
        }
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
