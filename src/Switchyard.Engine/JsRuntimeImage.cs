using System.Runtime.InteropServices;
using Switchyard.Engine.Interop;

namespace Switchyard.Engine;

/// <summary>
/// What every context of a runtime starts with: host functions (installed as globals) and a bootstrap script.
/// With a snapshot, the bootstrap runs once here and isolates deserialize its result instead of re-running it,
/// which is what makes cold starts cheap when the bootstrap is large.
/// </summary>
public sealed unsafe class JsRuntimeImage
{
    private JsRuntimeImage(HostFunctionTable hostFunctions, string? bootstrap, string bootstrapName)
    {
        HostFunctionTable = hostFunctions;
        HostFunctions = hostFunctions.Freeze();
        Bootstrap = bootstrap;
        BootstrapName = bootstrapName;
        NativeNames = CopyNames(HostFunctions);
    }

    public HostFunctionTable HostFunctionTable { get; }
    public string? Bootstrap { get; }
    public string BootstrapName { get; }
    public bool HasSnapshot => Snapshot != 0;
    /// <summary>The snapshot blob's size in bytes (the bootstrap's source is kept beside it, not in it).</summary>
    public int SnapshotLength { get; private set; }

    internal IReadOnlyList<HostFunctionTable.Entry> HostFunctions { get; }

    /// <summary>The native snapshot (<c>sy_snapshot</c>): the blob and the bootstrap source its isolates share.</summary>
    internal nint Snapshot { get; private set; }

    /// <summary>The host function names as native string values, made once for every context creation.</summary>
    internal SyValue* NativeNames { get; }

    /// <summary>
    /// Builds an image. With <paramref name="snapshot"/> the bootstrap is evaluated now, into a start-up snapshot;
    /// a bootstrap that throws fails here with a <see cref="JsException"/>. The bootstrap's top level must not
    /// call host functions when snapshotting (there is no isolate yet to serve them).
    /// </summary>
    public static JsRuntimeImage Create(HostFunctionTable? hostFunctions = null, string? bootstrap = null,
        string bootstrapName = "bootstrap.js", bool snapshot = true)
    {
        hostFunctions ??= new HostFunctionTable();
        V8Platform.EnsureInitialized();
        var image = new JsRuntimeImage(hostFunctions, bootstrap, bootstrapName);
        if (!snapshot) return image;

        string source = bootstrap ?? "";
        fixed (char* sourcePointer = source)
        fixed (char* namePointer = bootstrapName)
        {
            SyStatus status = NativeMethods.SnapshotCreate(image.NativeNames, image.HostFunctions.Count, sourcePointer,
                source.Length, namePointer, bootstrapName.Length, out nint snapshotOrError, out int length);
            if (status != SyStatus.Ok)
            {
                string error = new((char*)snapshotOrError, 0, length);
                NativeMethods.Free(snapshotOrError);
                throw new JsException("Error", "The bootstrap failed while building the snapshot: " + error, error, bootstrapName);
            }
            image.Snapshot = snapshotOrError;
            image.SnapshotLength = length;
        }
        return image;
    }

    private static SyValue* CopyNames(IReadOnlyList<HostFunctionTable.Entry> entries)
    {
        int chars = entries.Sum(e => e.Name.Length);
        var names = (SyValue*)NativeMemory.Alloc((nuint)(entries.Count * sizeof(SyValue) + chars * sizeof(char)));
        var next = (char*)(names + entries.Count);
        for (int i = 0; i < entries.Count; i++)
        {
            string name = entries[i].Name;
            name.AsSpan().CopyTo(new Span<char>(next, name.Length));
            names[i] = new SyValue { Kind = SyKind.String, Pointer = (nint)next, Length = name.Length };
            next += name.Length;
        }
        return names;
    }

    // Isolates made from the snapshot reference this image, so it is finalized only after they are gone.
    ~JsRuntimeImage()
    {
        if (Snapshot != 0) NativeMethods.SnapshotFree(Snapshot);
        NativeMemory.Free(NativeNames);
    }
}
