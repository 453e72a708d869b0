namespace Switchyard.ControlPlane.OperatorConsole;

/// <summary>One file of the console's bundle: its bytes and the Content-Type it is served with.</summary>
public sealed record ConsoleAsset(string Name, byte[] Content, string ContentType)
{
    /// <summary>
    /// The bundle's script and stylesheet carry a content hash in their names (app-&lt;hash&gt;.js), so a browser may keep
    /// them for good; index.html names the current ones and is revalidated on every load.
    /// </summary>
    public bool Immutable => Name != ConsoleAssets.IndexName;
}
