namespace Switchyard.ControlPlane.Assets;

/// <summary>
/// Whether a dispatch namespace exists in an account, so that namespace-scoped upload sessions can refuse unknown
/// namespaces. Implemented over the dispatch-namespace store and registered by the host.
/// </summary>
public interface INamespaceLookup
{
    bool Exists(string accountId, string namespaceName);
}
