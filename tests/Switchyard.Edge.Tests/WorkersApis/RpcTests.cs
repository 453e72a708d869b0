using Switchyard.Edge.Tests.Dispatch;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Edge.Tests.WorkersApis;

/// <summary>
/// JS RPC through the edge: methods of <c>WorkerEntrypoint</c> classes called over service bindings (the default and a
/// named entrypoint, with the binding's <c>props</c> as <c>ctx.props</c>), structured-clonable arguments and results
/// both ways, errors with their type and message, a chain of calls across three workers, and through a dispatch
/// namespace's fetcher.
/// </summary>
public sealed class RpcTests : IAsyncLifetime
{
    private readonly TestServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();
    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Service_bindings_call_entrypoint_methods_with_values_errors_props_and_a_chain()
    {
        string doubler = DispatchSites.Unique("double"), calc = DispatchSites.Unique("calc"), front = DispatchSites.Unique("front");
        await DispatchSites.DeployAccountWorkerAsync(_server, doubler, """
            import { WorkerEntrypoint } from 'cloudflare:workers';
            export default class extends WorkerEntrypoint { double(n) { return n * 2; } };
            """);
        await DispatchSites.DeployAccountWorkerAsync(_server, calc, """
            import { WorkerEntrypoint } from 'cloudflare:workers';
            export class Calc extends WorkerEntrypoint {
              add(a, b) { return a + b; }
              echo(value) { return value; }
              async fail() { throw new RangeError('too big'); }
              props() { return this.ctx.props; }
              async chain(n) { return (await this.env.NEXT.double(n)) + 1; }
            }
            export default class extends WorkerEntrypoint {
              hello(name) { return `hello ${name} from the default entrypoint`; }
              fetch() { return new Response('plain fetch'); }
            };
            """, new { type = "service", name = "NEXT", service = doubler });
        await DispatchSites.DeployAccountWorkerAsync(_server, front, """
            export default {
              async fetch(request, env) {
                const out = [];
                out.push(await env.PLAIN.hello('ann'));
                out.push(await (await env.PLAIN.fetch('https://x.example/')).text());
                out.push(await env.CALC.add(2, 3));
                const cyclic = { name: 'c' }; cyclic.self = cyclic;
                const sent = { map: new Map([['k', 1n]]), set: new Set([1, 'two']), date: new Date(86400000), bytes: new Uint8Array([1, 2, 3]),
                  nested: [undefined, NaN, -0, null, { deep: true }], cyclic, re: /a+/gi };
                const back = await env.CALC.echo(sent);
                out.push([back.map.get('k') === 1n, back.set.has('two'), back.date.getTime() === 86400000, back.bytes instanceof Uint8Array && back.bytes[2] === 3,
                  back.nested[0] === undefined && Number.isNaN(back.nested[1]) && Object.is(back.nested[2], -0) && back.nested[4].deep,
                  back.cyclic.self === back.cyclic, back.re.flags === 'gi'].join(','));
                try { await env.CALC.fail(); out.push('no error'); } catch (e) { out.push(`${e.constructor.name}: ${e.message}`); }
                try { await env.CALC.nope(); out.push('no error'); } catch (e) { out.push(`${e.constructor.name}: ${e.message}`); }
                try { await env.CALC.add(() => 1); out.push('no error'); } catch (e) { out.push(e.name); }
                out.push(JSON.stringify(await env.WITH_PROPS.props()));
                out.push(await env.CALC.chain(20));
                return new Response(out.join('\n'));
              }
            };
            """,
            new { type = "service", name = "PLAIN", service = calc },
            new { type = "service", name = "CALC", service = calc, entrypoint = "Calc" },
            new { type = "service", name = "WITH_PROPS", service = calc, entrypoint = "Calc", props = new { tenant = "t1", n = 2 } });

        using var response = await DispatchSites.GetAsync(_server, front, "/");
        Assert.Equal("""
            hello ann from the default entrypoint
            plain fetch
            5
            true,true,true,true,true,true,true
            RangeError: too big
            TypeError: The RPC receiver does not implement the method "nope".
            DataCloneError
            {"tenant":"t1","n":2}
            41
            """.ReplaceLineEndings("\n"), await response.Content.ReadAsStringAsync());

        // The binding's props are stored as uploaded and shown back.
        var settings = (await _server.Api.GetApiAsync($"{_server.AccountPath}/workers/scripts/{front}/settings")).AssertOk()!;
        var withProps = settings["bindings"]!.AsArray().Single(b => (string)b!["name"]! == "WITH_PROPS")!;
        Assert.Equal("Calc", (string)withProps["entrypoint"]!);
        Assert.Equal("t1", (string)withProps["props"]!["tenant"]!);
    }

    [Fact]
    public async Task A_dispatcher_calls_a_user_workers_method()
    {
        string ns = await DispatchSites.CreateNamespaceAsync(_server);
        string dispatcher = DispatchSites.Unique("disp"), user = DispatchSites.Unique("user");
        await DispatchSites.DeployAccountWorkerAsync(_server, dispatcher, """
            export default {
              async fetch(request, env) {
                const script = new URL(request.url).searchParams.get('script');
                return new Response(await env.DISPATCHER.get(script).greet({ who: 'platform' }));
              }
            };
            """, DispatchSites.DispatchBinding("DISPATCHER", ns));
        await DispatchSites.DeployUserWorkerAsync(_server, ns, user, """
            import { WorkerEntrypoint } from 'cloudflare:workers';
            export default class extends WorkerEntrypoint { greet(arg) { return `greetings, ${arg.who}`; } };
            """);
        using var response = await DispatchSites.GetAsync(_server, dispatcher, $"/?script={user}");
        Assert.Equal("greetings, platform", await response.Content.ReadAsStringAsync());
    }
}
