using System.Runtime.InteropServices;
using Switchyard.Crypto.Curve25519;

namespace Switchyard.Crypto.Tests;

/// <summary>NSec runs on libsodium's native library, which the <c>libsodium</c> package (NSec's dependency) ships.</summary>
public sealed class NativeLibraryTests
{
    [Fact]
    public void Libsodium_loads_from_this_programs_output_folder()
    {
        Assert.True(OperatingSystem.IsLinux(), "Switchyard runs on Linux");
        Assert.Equal(32, Ed25519.PublicKeyFromSeed(new byte[32]).Length); // makes NSec load it
        var architecture = RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant();
        var rid = RuntimeInformation.RuntimeIdentifier.StartsWith("linux-musl") ? $"linux-musl-{architecture}" : $"linux-{architecture}";
        var shipped = Path.Combine(AppContext.BaseDirectory, "runtimes", rid, "native", "libsodium.so");
        Assert.True(File.Exists(shipped), $"{shipped} is missing");
        // The mapping the process actually uses is that file, not a system libsodium (Debian's is older than NSec needs).
        var mapped = File.ReadAllLines("/proc/self/maps").Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault())
            .Where(path => path is not null && Path.GetFileName(path).StartsWith("libsodium", StringComparison.Ordinal)).Distinct().ToList();
        Assert.Equal([Path.GetFullPath(shipped)], mapped);
    }
}
