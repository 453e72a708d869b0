using Switchyard.ControlPlane.Api;
using Switchyard.ControlPlane.Scripts;
using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Namespaces;

public static class NamespaceLookup
{
    /// <summary>The account's namespace called <paramref name="name"/>; 400 for an impossible name, 404 100119 when absent.</summary>
    public static DispatchNamespace Require(INamespaceStore namespaces, string accountId, string name)
    {
        RequireValidName(name);
        return namespaces.Get(accountId, name)
               ?? throw ApiException.NotFound(ScriptErrors.NamespaceNotFound, $"Dispatch namespace '{name}' not found");
    }

    public static void RequireValidName(string? name)
    {
        if (!ScriptNames.IsValid(name))
            throw ScriptErrors.Invalid($"Invalid dispatch namespace name '{name}': use {ScriptNames.Rule}");
    }
}
