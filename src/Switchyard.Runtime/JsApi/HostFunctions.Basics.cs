using System.Globalization;
using System.Security.Cryptography;
using Switchyard.Engine;
using Switchyard.Runtime.Invocation;

namespace Switchyard.Runtime.JsApi;

// Logging, clock, entropy, IDNA, continuation data (node:async_hooks), and taking parked bytes.
internal static partial class HostFunctions
{
    private static readonly IdnMapping Idna = new() { AllowUnassigned = false };
    private static readonly IdnMapping StrictIdna = new() { AllowUnassigned = false, UseStd3AsciiRules = true };

    private static void AddBasics(HostFunctionTable table) => table
        // Answers whether the invocation is traced: then the console sends the call's arguments too (logValues).
        .Add("__sy_log", (c, args) =>
        {
            WorkerContextState state = State(c);
            RequestScope scope = state.Current(c);
            state.Services.Runtime.WriteLog(scope, args[0].AsString(), args[1].AsString());
            return JsValue.FromBoolean(scope.Trace is not null);
        })
        .Add("__sy_logValues", (c, args) =>
        {
            State(c).Current(c).AttachArguments(args[0].AsString());
            return JsValue.Undefined;
        })
        .Add("__sy_now", (c, _) => c.Isolate.TurnStartUnixMs)
        .Add("__sy_randomBytes", (c, args) =>
        {
            Handler(c);
            JsBuffer buffer = c.NewUint8Array(Int(args[0]));
            RandomNumberGenerator.Fill(buffer.Span);
            return buffer;
        })
        .Add("__sy_idnaToAscii", (_, args) =>
        {
            try
            {
                // UTS #46 maps upper case to lower case first; IdnMapping (without ICU) leaves non-ASCII capitals alone.
                return (args[1].AsBoolean() ? StrictIdna : Idna).GetAscii(WithoutIgnored(args[0].AsString().ToLowerInvariant()));
            }
            catch (ArgumentException)
            {
                return JsValue.Null;
            }
        })
        // { get, set }: native functions over V8's continuation-preserved embedder data (node:async_hooks)
        .Add("__sy_continuationData", (c, _) =>
        {
            var (get, set) = c.CreateContinuationDataFunctions();
            JsValue functions = c.NewObject();
            c.Set(functions, "get", get);
            c.Set(functions, "set", set);
            return functions;
        })
        .Add("__sy_takeLogs", (c, _) => System.Text.Json.JsonSerializer.Serialize(State(c).Current(c).TakeLogs().Select(l => new[] { l.Level, l.Message })))
        .Add("__sy_take", (c, args) => c.NewUint8Array(State(c).Slots.Take(Int(args[0])).Span));

    /// <summary>
    /// The domain without the code points UTS #46 maps to nothing (status "ignored" in its mapping table: the soft hyphen,
    /// variation selectors, zero-width space, word joiner, byte-order mark, ...). IdnMapping would punycode them, so
    /// <c>a\u00ADb</c> became <c>xn--ab-cma</c> where the URL Standard gives <c>ab</c>.
    /// </summary>
    private static string WithoutIgnored(string domain)
    {
        static bool Ignored(int c) => c is 0xAD or 0x34F or (>= 0x180B and <= 0x180D) or 0x180F or 0x200B or 0x2060 or 0x2064
            or (>= 0xFE00 and <= 0xFE0F) or 0xFEFF or (>= 0x1BCA0 and <= 0x1BCA3) or (>= 0xE0100 and <= 0xE01EF);
        if (domain.All(c => c < 0x80)) return domain;
        var kept = new System.Text.StringBuilder(domain.Length);
        foreach (var rune in domain.EnumerateRunes())
            if (!Ignored(rune.Value)) kept.Append(rune.ToString());
        return kept.ToString();
    }
}
