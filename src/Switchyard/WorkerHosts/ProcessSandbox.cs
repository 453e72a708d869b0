using System.Runtime.InteropServices;

namespace Switchyard.WorkerHosts;

/// <summary>
/// The second wall around a worker host process (docs/security.md, "Process model"), entered once and for good after
/// the process has what it needs and before any tenant code runs:
/// <list type="bullet">
/// <item>resource limits: no core dumps (a dump would hold tenants' data) and a bounded number of open files;</item>
/// <item>started as root, it becomes an unprivileged user with no supplementary groups, so what the server keeps to
/// itself (database, blobs, keys: owned by the server's user, not world-readable) cannot even be read; changing user
/// also makes the process non-dumpable, so no other process of that user can read its memory through /proc;</item>
/// <item>no new privileges (set-uid programs gain nothing), and a seccomp filter (<see cref="Seccomp"/>) refusing:
/// starting programs, tracing or reading other processes, making network sockets (its channel to the server is
/// inherited, already connected), mounting, namespaces, kernel modules, BPF, perf and keyrings; opening files for
/// writing or creating them, and removing, renaming, linking or re-owning files.</item>
/// </list>
/// Reading files stays possible (the runtime loads its own code lazily); what a host must not read, its user cannot.
/// </summary>
internal static partial class ProcessSandbox
{
    private const int EPERM = 1;
    private const int EACCES = 13;
    private const int ENOSYS = 38;

    // open(2) flags that write or create (O_WRONLY, O_RDWR, O_CREAT, O_TRUNC, O_APPEND).
    private const ulong WritingOpenFlags = 0x1 | 0x2 | 0x40 | 0x200 | 0x400;

    // clone(2) flags that make namespaces (CLONE_NEWNS, NEWCGROUP, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET).
    private const ulong NamespaceCloneFlags = 0x20000 | 0x02000000 | 0x04000000 | 0x08000000 | 0x10000000 | 0x20000000 | 0x40000000;

    private static readonly string[] Refused =
    [
        "execve", "execveat", "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
        "socket", "socketpair", "connect", "bind", "listen", "accept", "accept4",
        "mount", "umount2", "pivot_root", "chroot", "setns", "unshare", "fsopen", "fsmount", "move_mount", "open_tree",
        "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module", "bpf", "perf_event_open",
        "userfaultfd", "keyctl", "add_key", "request_key", "acct", "swapon", "swapoff", "reboot", "syslog",
        "unlink", "unlinkat", "rename", "renameat", "renameat2", "link", "linkat", "symlink", "symlinkat",
        "mkdir", "mkdirat", "rmdir", "mknod", "mknodat", "chmod", "fchmodat", "chown", "lchown", "fchownat", "truncate",
        "setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid", "setgroups",
    ];

    /// <summary>Enters the sandbox; throws if any step fails (a host that cannot wall itself in must not serve).</summary>
    public static void Enter(SandboxOptions options)
    {
        SetLimit(RlimitCore, 0);
        SetLimit(RlimitNoFile, options.MaxOpenFiles);
        if (geteuid() == 0)
        {
            Check(setgroups(0, IntPtr.Zero), "setgroups");
            Check(setresgid(options.Gid, options.Gid, options.Gid), "setresgid");
            Check(setresuid(options.Uid, options.Uid, options.Uid), "setresuid");
        }
        using var filter = new Seccomp();
        foreach (string name in Refused) filter.Refuse(name, EPERM);
        filter
            .Refuse("creat", EACCES)
            .RefuseWhenAnyBit("open", 1, WritingOpenFlags, EACCES)
            .RefuseWhenAnyBit("openat", 2, WritingOpenFlags, EACCES)
            // openat2's flags are behind a pointer the filter cannot read; glibc falls back to openat on ENOSYS.
            .Refuse("openat2", ENOSYS)
            .RefuseWhenAnyBit("clone", 0, NamespaceCloneFlags, EPERM)
            // clone3's flags are behind a pointer too; glibc makes its threads with clone when clone3 is "missing".
            .Refuse("clone3", ENOSYS)
            .Load();
    }

    private const int RlimitCore = 4;
    private const int RlimitNoFile = 7;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    private static void SetLimit(int resource, ulong value)
    {
        var limit = new RLimit { Current = value, Maximum = value };
        Check(setrlimit(resource, ref limit), $"setrlimit({resource})");
    }

    private static void Check(int result, string what)
    {
        if (result != 0) throw new InvalidOperationException($"{what} failed: {Marshal.GetLastPInvokeErrorMessage()}");
    }

    [LibraryImport("libc", SetLastError = true)] private static partial int setrlimit(int resource, ref RLimit limit);
    [LibraryImport("libc")] private static partial uint geteuid();
    [LibraryImport("libc", SetLastError = true)] private static partial int setgroups(nuint size, IntPtr list);
    [LibraryImport("libc", SetLastError = true)] private static partial int setresgid(uint real, uint effective, uint saved);
    [LibraryImport("libc", SetLastError = true)] private static partial int setresuid(uint real, uint effective, uint saved);
}

/// <summary>What <see cref="ProcessSandbox.Enter"/> applies: the user a root-started host becomes (nobody by default) and its open-file limit.</summary>
internal sealed record SandboxOptions(uint Uid = 65534, uint Gid = 65534, ulong MaxOpenFiles = 4096);
