using System.Buffers.Binary;
using System.Text;

namespace Switchyard.WorkerHosts.Protocol;

/// <summary>An upload's modules as one body: for each, <c>[u32 name length][name][u32 length][bytes]</c>.</summary>
internal static class ModuleBundle
{
    public static byte[] Write(IReadOnlyDictionary<string, byte[]> modules)
    {
        var bundle = new MemoryStream();
        Span<byte> length = stackalloc byte[4];
        foreach (var (name, bytes) in modules)
        {
            byte[] encoded = Encoding.UTF8.GetBytes(name);
            BinaryPrimitives.WriteInt32LittleEndian(length, encoded.Length);
            bundle.Write(length);
            bundle.Write(encoded);
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            bundle.Write(length);
            bundle.Write(bytes);
        }
        return bundle.ToArray();
    }

    public static Dictionary<string, byte[]> Read(ReadOnlySpan<byte> bundle)
    {
        var modules = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (!bundle.IsEmpty)
        {
            int nameLength = BinaryPrimitives.ReadInt32LittleEndian(bundle);
            string name = Encoding.UTF8.GetString(bundle.Slice(4, nameLength));
            bundle = bundle[(4 + nameLength)..];
            int length = BinaryPrimitives.ReadInt32LittleEndian(bundle);
            modules[name] = bundle.Slice(4, length).ToArray();
            bundle = bundle[(4 + length)..];
        }
        return modules;
    }
}
