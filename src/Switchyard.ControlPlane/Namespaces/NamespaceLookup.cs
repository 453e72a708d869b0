using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Scripts;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Namespaces;

public static class NamespaceLookup
{
    /// <summary>The account's namespace called <paramref name="name"/>; 400 for an impossible name, 404 100119 when absent.</summary>
    public static async Task<DispatchNamespace> RequireAsync(INamespaceStore namespaces, string accountId, string name, CancellationToken ct = default)
    {
        RequireValidName(name);
        return await namespaces.GetAsync(accountId, name, ct)
               ?? throw ApiException.NotFound(ScriptErrors.NamespaceNotFound, $"Dispatch namespace '{name}' not found");
    }

    public static void RequireValidName(string? name)
    {
        if (!ScriptNames.IsValid(name))
            throw ScriptErrors.Invalid($"Invalid dispatch namespace name '{name}': use {ScriptNames.Rule}");
    }
}
