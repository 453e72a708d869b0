using Switchyard.Storage.Scripts;

namespace Switchyard.ControlPlane.Scripts;

/// <summary>
/// Runs an upload's code before it is stored, as Cloudflare does: compiles and links its modules and evaluates its global
/// scope under the start-up limits. The host provides it over the Workers runtime; without one, uploads are stored
/// unchecked.
/// </summary>
public interface IWorkerCodeValidator
{
    /// <summary>Null when the code loads; otherwise why not (the uncaught exception and where), refused with 10021.</summary>
    /// <param name="modules">The bytes of <paramref name="candidate"/>'s modules, by module name (not stored yet).</param>
    Task<string?> ValidateAsync(string accountId, string scriptName, VersionContent candidate,
        IReadOnlyDictionary<string, byte[]> modules, CancellationToken ct);
}
