namespace Switchyard.Runtime.Tests;

/// <summary>What V8 14.7 gives workers (the runtime bundle targets it and lowers none of it): recent ECMAScript and Intl.</summary>
public class LanguageFeatureTests : IDisposable
{
    private readonly RuntimeFixture _fixture = new();

    public void Dispose() => _fixture.Dispose();

    [Fact]
    public async Task Workers_have_the_ECMAScript_of_V8_14()
    {
        var worker = await _fixture.DeployAsync("es2025", """
            export default {
              async fetch() {
                const halves = new Float16Array([1.5, 65504, 1 / 3]);
                const seen = {
                  float16: [...halves].map(String).join(" "),
                  f16round: Math.f16round(1.337),
                  regexpV: /^[\p{L}--[a-z]]+$/v.test("ÄB") && !/^[\p{L}--[a-z]]+$/v.test("ab"),
                  regexpModifiers: /^(?i:a)b$/.test("Ab"),
                  regexpEscape: RegExp.escape("a.b"),
                  promiseTry: await Promise.try((x) => x * 2, 21),
                  iteratorHelpers: [1, 2, 3, 4].values().filter((x) => x % 2 === 0).map((x) => x * 10).toArray(),
                  setMethods: [...new Set([1, 2, 3]).intersection(new Set([2, 3, 4]))],
                  setUnion: new Set([1]).union(new Set([2])).size,
                  groupBy: Object.keys(Object.groupBy([1, 2, 3], (x) => (x % 2 ? "odd" : "even"))),
                  withResolvers: typeof Promise.withResolvers().resolve,
                  arrayFromAsync: await Array.fromAsync((async function* () { yield 1; yield 2; })()),
                  transfer: (() => { const b = new ArrayBuffer(4); const t = b.transfer(); return [b.detached, t.byteLength]; })(),
                  toSorted: [3, 1, 2].toSorted(),
                  wellFormed: "a\uD800".isWellFormed(),
                  base64: new Uint8Array([104, 105]).toBase64(),
                  usingDeclarations: (() => { const log = []; { using r = { [Symbol.dispose]() { log.push("disposed"); } }; log.push("body"); } return log; })(),
                  errorIsError: Error.isError(new TypeError("x")),
                };
                return Response.json(seen);
              }
            };
            """);

        var (response, body) = await _fixture.FetchAsync(worker);

        Assert.Equal(200, response.Status);
        Assert.Equal("""{"float16":"1.5 65504 0.333251953125","f16round":1.3369140625,"regexpV":true,"regexpModifiers":true,"regexpEscape":"\\x61\\.b","promiseTry":42,"iteratorHelpers":[20,40],"setMethods":[2,3],"setUnion":2,"groupBy":["odd","even"],"withResolvers":"function","arrayFromAsync":[1,2],"transfer":[true,4],"toSorted":[1,2,3],"wellFormed":false,"base64":"aGk=","usingDeclarations":["body","disposed"],"errorIsError":true}""", body);
    }

    [Fact]
    public async Task Workers_have_Intl_with_full_ICU_data()
    {
        var worker = await _fixture.DeployAsync("intl", """
            export default {
              fetch() {
                return Response.json({
                  de: new Intl.DateTimeFormat("de-DE", { timeZone: "UTC" }).format(new Date(Date.UTC(2024, 0, 15))),
                  ja: (1234.5).toLocaleString("ja-JP"),
                  eur: new Intl.NumberFormat("de-DE", { style: "currency", currency: "EUR" }).format(1234.5),
                  relative: new Intl.RelativeTimeFormat("fr", { numeric: "auto" }).format(-1, "day"),
                  list: new Intl.ListFormat("en", { type: "conjunction" }).format(["a", "b", "c"]),
                  upper: "ı".toLocaleUpperCase("tr"),
                });
              }
            };
            """);

        var (_, body) = await _fixture.FetchAsync(worker);

        Assert.Equal("""{"de":"15.1.2024","ja":"1,234.5","eur":"1.234,50 €","relative":"hier","list":"a, b, and c","upper":"I"}""".Replace("50 €", "50\u00a0€"), body);
    }
}
