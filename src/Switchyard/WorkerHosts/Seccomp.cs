using System.Runtime.InteropServices;

namespace Switchyard.WorkerHosts;

/// <summary>
/// A seccomp-bpf filter built with libseccomp (Debian's <c>libseccomp2</c>, the library systemd and container runtimes
/// use), so that the BPF program, the architecture checks and the syscall numbers are its business, not ours. The
/// filter allows by default and refuses what <see cref="Refuse"/> names with an errno; <see cref="Load"/> installs it on
/// every thread of the process (a .NET process has many before any code of ours runs) and it can never be removed.
/// </summary>
internal sealed partial class Seccomp : IDisposable
{
    private const string Library = "libseccomp.so.2";
    private const uint ActAllow = 0x7fff0000;
    private const uint ActErrno = 0x00050000;
    private const int AttrNoNewPrivs = 3;     // SCMP_FLTATR_CTL_NNP
    private const int AttrThreadSync = 4;     // SCMP_FLTATR_CTL_TSYNC
    private const int CompareMaskedEqual = 7; // SCMP_CMP_MASKED_EQ

    [StructLayout(LayoutKind.Sequential)]
    private struct ArgCompare
    {
        public uint Arg;
        public int Op;
        public ulong DatumA;
        public ulong DatumB;
    }

    private IntPtr _context;

    public Seccomp()
    {
        _context = seccomp_init(ActAllow);
        if (_context == IntPtr.Zero) throw new InvalidOperationException("seccomp_init failed.");
        Check(seccomp_attr_set(_context, AttrNoNewPrivs, 1), "seccomp_attr_set(NNP)");
        Check(seccomp_attr_set(_context, AttrThreadSync, 1), "seccomp_attr_set(TSYNC)");
    }

    /// <summary>Every call of <paramref name="syscall"/> fails with <paramref name="errno"/>. Unknown names (another architecture's) are skipped.</summary>
    public Seccomp Refuse(string syscall, int errno)
    {
        int number = seccomp_syscall_resolve_name(syscall);
        if (number < 0) return this;
        Check(seccomp_rule_add_array(_context, ActErrno | (uint)(errno & 0xffff), number, 0, null), $"seccomp_rule_add({syscall})");
        return this;
    }

    /// <summary>Calls of <paramref name="syscall"/> whose argument <paramref name="arg"/> has any of <paramref name="bits"/> set fail with <paramref name="errno"/>.</summary>
    public Seccomp RefuseWhenAnyBit(string syscall, uint arg, ulong bits, int errno)
    {
        int number = seccomp_syscall_resolve_name(syscall);
        if (number < 0) return this;
        for (int bit = 0; bit < 64; bit++)
        {
            ulong mask = 1UL << bit;
            if ((bits & mask) == 0) continue;
            var compare = new[] { new ArgCompare { Arg = arg, Op = CompareMaskedEqual, DatumA = mask, DatumB = mask } };
            Check(seccomp_rule_add_array(_context, ActErrno | (uint)(errno & 0xffff), number, 1, compare), $"seccomp_rule_add({syscall})");
        }
        return this;
    }

    /// <summary>Installs the filter on all threads; from now on it binds this process and whatever it starts.</summary>
    public void Load() => Check(seccomp_load(_context), "seccomp_load");

    private static void Check(int result, string what)
    {
        if (result < 0) throw new InvalidOperationException($"{what} failed: {Marshal.GetPInvokeErrorMessage(-result)}");
    }

    public void Dispose()
    {
        if (_context == IntPtr.Zero) return;
        seccomp_release(_context);
        _context = IntPtr.Zero;
    }

    [LibraryImport(Library)] private static partial IntPtr seccomp_init(uint defaultAction);
    [LibraryImport(Library)] private static partial int seccomp_attr_set(IntPtr context, int attribute, uint value);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] private static partial int seccomp_syscall_resolve_name(string name);
    [LibraryImport(Library)] private static partial int seccomp_rule_add_array(IntPtr context, uint action, int syscall, uint count, ArgCompare[]? compares);
    [LibraryImport(Library)] private static partial int seccomp_load(IntPtr context);
    [LibraryImport(Library)] private static partial void seccomp_release(IntPtr context);
}
