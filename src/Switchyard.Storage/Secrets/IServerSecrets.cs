namespace Switchyard.Storage.Secrets;

/// <summary>
/// Random keys the server makes for itself on first use and keeps in its metadata store, so that what they
/// sign (e.g. asset upload tokens) stays valid across restarts and across processes sharing the store.
/// </summary>
public interface IServerSecrets
{
    /// <summary>The key called <paramref name="name"/>, created with <paramref name="length"/> random bytes if absent.</summary>
    byte[] GetOrCreate(string name, int length);
}
