using System.Text;

namespace Switchyard.Bench.Scenarios;

/// <summary>The static assets both servers serve: a 2 KB text file and a 1 MB binary, the same bytes every run.</summary>
public static class StaticFiles
{
    public const string Small = "/small.txt";
    public const string Large = "/large.bin";

    public static IReadOnlyDictionary<string, byte[]> All { get; } = new Dictionary<string, byte[]>
    {
        [Small] = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("switchyard static asset 2 KB\n", 80)).PadRight(2048, '.')[..2048]),
        [Large] = Random1Mb(),
    };

    private static byte[] Random1Mb()
    {
        var bytes = new byte[1024 * 1024];
        new Random(6).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Writes the files under <paramref name="dir"/> for workerd's disk service.</summary>
    public static void WriteTo(string dir)
    {
        Directory.CreateDirectory(dir);
        foreach (var (path, bytes) in All) File.WriteAllBytes(Path.Combine(dir, path.TrimStart('/')), bytes);
    }
}
