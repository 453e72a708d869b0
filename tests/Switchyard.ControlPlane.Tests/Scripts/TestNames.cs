namespace Switchyard.ControlPlane.Tests.Scripts;

public static class TestNames
{
    /// <summary>A fresh valid worker/namespace name, so tests sharing a server never collide.</summary>
    public static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];
}
