using System.Numerics;

namespace Switchyard.Engine.Tests;

public class ValueTests
{
    private static readonly JsRuntimeImage Image = JsRuntimeImage.Create(new HostFunctionTable()
        .Add("echo", (_, args) => args[0]));

    [Fact]
    public void Primitives_round_trip()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = isolate.CreateContext();
        isolate.Run(() =>
        {
            JsValue identity = context.Evaluate("(x) => x");
            JsValue Echo(JsValue v) => context.Call(identity, JsValue.Undefined, v);

            Assert.Equal("héllo ✓", Echo("héllo ✓").AsString());
            Assert.Equal("", Echo("").AsString());
            Assert.Equal(1.5, Echo(1.5).AsNumber());
            Assert.True(Echo(true).AsBoolean());
            Assert.Equal(JsValueKind.Null, Echo(JsValue.Null).Kind);
            Assert.Equal(JsValueKind.Undefined, Echo(JsValue.Undefined).Kind);
            Assert.Equal(new BigInteger(-7), Echo(JsValue.FromBigInt(-7)).AsBigInt());
        });
    }

    [Fact]
    public void Bigints_beyond_int64_convert_both_ways()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = isolate.CreateContext();
        isolate.Run(() =>
        {
            BigInteger big = BigInteger.Parse("123456789012345678901234567890");
            Assert.Equal(big * 2, context.Evaluate("123456789012345678901234567890n * 2n").AsBigInt());
            JsValue twice = context.Evaluate("(x) => x * 2n");
            Assert.Equal(big * 2, context.Call(twice, JsValue.Undefined, JsValue.FromBigInt(big)).AsBigInt());
            Assert.Equal("bigint", context.Evaluate("typeof echo(2n ** 70n)").AsString());
        });
    }

    [Fact]
    public void Objects_and_arrays_convert_through_json_and_handles()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = isolate.CreateContext();
        isolate.Run(() =>
        {
            JsValue parsed = context.ParseJson("""{"a":[1,2,{"b":"c"}]}""");
            Assert.Equal(JsValueKind.Object, parsed.Kind);
            JsValue array = context.Get(parsed, "a");
            Assert.Equal(JsValueKind.Array, array.Kind);
            Assert.Equal(3, context.Get(array, "length").AsNumber());
            context.Set(parsed, "d", 4);
            Assert.Equal("""{"a":[1,2,{"b":"c"}],"d":4}""", context.ToJson(parsed));
            Assert.Equal(JsValueKind.Function, context.Evaluate("(function f() {})").Kind);
            Assert.Equal(JsValueKind.Promise, context.Evaluate("Promise.resolve(1)").Kind);
            Assert.Equal(JsValueKind.Other, context.Evaluate("Symbol('s')").Kind);
            parsed.Release();
            array.Release();
        });
    }

    [Fact]
    public void Several_fields_are_read_in_one_call_with_getters_run_and_their_microtasks_done()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = isolate.CreateContext();
        isolate.Run(() =>
        {
            JsValue target = context.Evaluate("""
                globalThis.seen = [];
                ({ text: "t✓", count: 2, list: [1], get lazy() { Promise.resolve().then(() => seen.push("microtask")); return "got"; } })
                """);
            var results = new JsValue[5];
            context.GetFields(target, ["text", "count", "missing", "list", "lazy"], results);

            Assert.Equal("t✓", results[0].AsString());
            Assert.Equal(2, results[1].AsNumber());
            Assert.Equal(JsValueKind.Undefined, results[2].Kind);
            Assert.Equal(JsValueKind.Array, results[3].Kind);
            Assert.Equal("got", results[4].AsString());
            Assert.Equal("microtask", context.Evaluate("seen.join()").AsString());
            results[3].Release();

            JsValue throwing = context.Evaluate("({ a: 1, get b() { throw new RangeError('no b'); } })");
            var error = Assert.Throws<JsException>(() => context.GetFields(throwing, ["a", "b"], results));
            Assert.Contains("no b", error.Message);
            Assert.Throws<JsException>(() => context.GetFields(JsValue.FromNumber(1), ["a"], results));
        });
    }

    [Fact]
    public void Uint8Array_from_js_is_read_and_written_in_place()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = isolate.CreateContext();
        isolate.Run(() =>
        {
            using JsBuffer bytes = context.Evaluate("globalThis.u = new Uint8Array([1, 2, 3, 4]).subarray(1); u").AsBuffer();
            Assert.Equal(new byte[] { 2, 3, 4 }, bytes.Span.ToArray());
            bytes.Span[0] = 99;  // visible to JS without a copy
            Assert.Equal(99, context.Evaluate("u[0]").AsNumber());
        });
    }

    [Fact]
    public void Native_buffer_becomes_a_js_buffer_without_a_copy()
    {
        using var isolate = new JsIsolate(Image);
        JsContext context = isolate.CreateContext();
        isolate.Run(() =>
        {
            var native = new NativeBuffer(3);
            native.Span[0] = 7;  // native memory starts uninitialized
            native.Span[1] = 0;
            native.Span[2] = 9;
            using JsBuffer wrapped = context.WrapBuffer(native);
            Assert.Equal(JsValueKind.Uint8Array, wrapped.Kind);
            context.Set(context.Global, "w", wrapped);
            Assert.Equal("7,0,9", context.Evaluate("Array.from(w).join()").AsString());
            context.Evaluate("w[1] = 8");
            Assert.Equal(8, wrapped.Span[1]);
            Assert.Throws<ObjectDisposedException>(() => native.Span.Length);

            using JsBuffer copied = context.NewUint8Array([5, 6]);
            Assert.Equal(2, copied.Length);
        });
    }
}
