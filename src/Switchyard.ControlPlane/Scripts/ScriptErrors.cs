using Switchyard.ControlPlane.Api;

namespace Switchyard.ControlPlane.Scripts;

/// <summary>
/// Error codes of the workers endpoints. The not-found codes are the ones wrangler branches on (contract §0) and must
/// stay exact; 10021 (validation, wrangler source-maps <c>notes[0]</c>) and 10027 (script too large) are Cloudflare's.
/// Codes Cloudflare's clients never inspect are ours and marked so.
/// </summary>
public static class ScriptErrors
{
    public const int WorkerNotFound = 10007;
    public const int ServiceNotFound = 10090;
    public const int NamespaceScriptNotFound = 10092;
    public const int NamespaceNotFound = 100119;
    public const int Validation = 10021;
    public const int ScriptTooLarge = 10027;
    /// <summary>Ours: a dispatch namespace name is taken.</summary>
    public const int NamespaceNameTaken = 100120;
    /// <summary>Ours: the secret is not bound to the script.</summary>
    public const int SecretNotFound = 10056;
    /// <summary>Ours: the version is not one of the script's.</summary>
    public const int VersionNotFound = 10221;
    /// <summary>Ours: deleting a worker other workers bind to needs <c>?force=true</c>.</summary>
    public const int StillReferenced = 10064;
    /// <summary>Cloudflare's "subdomain unavailable", reused when another account holds the subdomain.</summary>
    public const int SubdomainUnavailable = 10031;
    /// <summary>
    /// A <c>kv_namespace</c> binding names a namespace the account does not have. The contract does not record this
    /// answer; 10042 and its wording are what Cloudflare answers wrangler users (workers-sdk issue #14249).
    /// </summary>
    public const int KvNamespaceNotValid = 10042;

    public static ApiException Invalid(string message) => ApiException.BadRequest(Validation, message);

    public static ApiException UnknownKvNamespace(string binding, string namespaceId) =>
        ApiException.BadRequest(KvNamespaceNotValid,
            $"KV namespace '{namespaceId}' is not valid. Please verify the namespace_id in your configuration (binding '{binding}').");
}
