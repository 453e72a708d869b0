namespace Switchyard.Engine.Tests;

/// <summary>
/// <see cref="JsContext.CreateContinuationDataFunctions"/>: V8's continuation-preserved embedder data, saved on each
/// promise reaction when it is created and restored while it runs (what node:async_hooks builds AsyncLocalStorage on).
/// </summary>
public class ContinuationDataTests
{
    private static readonly JsRuntimeImage Image = JsRuntimeImage.Create(new HostFunctionTable()
        .AddAsync("later", async (_, args) =>
        {
            await Task.Delay(5);
            return args[0];
        }));

    [Fact]
    public async Task The_value_follows_awaits_then_callbacks_and_host_promises()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = await isolate.CreateContextAsync();

        string seen = await context.RunAsync(async c =>
        {
            var (get, set) = c.CreateContinuationDataFunctions();
            c.Set(c.Global, "getData", get);
            c.Set(c.Global, "setData", set);
            JsValue run = c.Evaluate("""
                (async () => {
                  const seen = [String(getData())];
                  async function task(name) {
                    setData(name);
                    const out = [getData()];
                    await null;
                    out.push(getData());
                    out.push(await later(name).then(() => getData()));
                    await later(0);
                    out.push(getData());
                    return out.join(",");
                  }
                  const results = await Promise.all([task("a"), task("b")]);
                  setData(undefined);
                  seen.push(...results, String(getData()));
                  return seen.join(" ");
                })()
                """);
            return (await c.AwaitAsync(run)).AsString();
        });

        Assert.Equal("undefined a,a,a,a b,b,b,b undefined", seen);
    }

    [Fact]
    public async Task The_value_is_the_isolates_and_any_value_can_be_kept()
    {
        using var isolate = new JsIsolate(Image);
        JsContext first = await isolate.CreateContextAsync();
        JsContext second = await isolate.CreateContextAsync();

        bool same = await first.RunAsync(c =>
        {
            var (_, set) = c.CreateContinuationDataFunctions();
            JsValue store = c.Evaluate("globalThis.store = new Map([['k', 1]]); store");
            c.Call(set, JsValue.Undefined, store);
            return true;
        });
        string read = await second.RunAsync(c =>
        {
            var (get, _) = c.CreateContinuationDataFunctions();
            JsValue value = c.Call(get, JsValue.Undefined);
            return c.Call(c.Evaluate("(m) => typeof m === 'object' && m !== null ? String(m.get('k')) : String(m)"), JsValue.Undefined, value).AsString();
        });

        Assert.True(same);
        Assert.Equal("1", read);
    }
}
