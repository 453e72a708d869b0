using Switchyard.Engine;
using Switchyard.Storage.Scripts;

namespace Switchyard.Runtime.JsApi;

// Rate limit bindings: env.LIMITER.limit({key}) counts against the binding's limit as stored with the version (the
// worker names only its binding, never the limit, period or namespace it counts against).
internal static partial class HostFunctions
{
    private static void AddRateLimit(HostFunctionTable table) => table
        // (binding name, key) -> whether the call is within the limit
        .AddAsync("__sy_rateLimit", async (c, args) =>
        {
            WorkerContextState state = State(c);
            RequestScope scope = Handler(c);
            string name = args[0].AsString(), key = args[1].AsString();
            RateLimitBinding binding = scope.Version.Version.Content.Bindings.OfType<RateLimitBinding>().FirstOrDefault(b => b.Name == name)
                ?? throw new InvalidOperationException($"No rate limit binding named '{name}'.");
            return await state.Services.Runtime.RateLimits.TryTakeAsync(scope.Worker.AccountId, binding.NamespaceId, binding.Simple, key,
                scope.Aborted).ConfigureAwait(false);
        });
}
