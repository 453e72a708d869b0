using System.Diagnostics;

namespace Switchyard.Bench.Servers;

/// <summary>
/// A server process the harness started: output goes to a log file, the pid to run.sh's pid file, and disposing it
/// kills the whole process tree, so no server outlives the run.
/// </summary>
public sealed class ManagedProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ManagedProcess(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public static ManagedProcess Start(string fileName, IEnumerable<string> args, string logPath, string? pidFile,
        IDictionary<string, string>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
        };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;

        Directory.CreateDirectory(Path.GetDirectoryName(logPath)!);
        var log = new StreamWriter(logPath, append: true) { AutoFlush = true };
        // The command first, so a run's output directory shows what each server was started with.
        log.WriteLine($"$ {fileName} {string.Join(' ', info.ArgumentList)}");
        var process = new Process { StartInfo = info };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (log) log.WriteLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (pidFile is not null) File.AppendAllText(pidFile, process.Id + "\n");
        return new ManagedProcess(process, log);
    }

    /// <summary>
    /// Resident set size from /proc, in KiB, of the process and every process under it: a Switchyard with worker hosts
    /// holds its isolates in child processes, and its figure must count them as an in-process server's counts its own.
    /// Pages the processes share (the runtime's libraries) are counted in each, as summing RSS does.
    /// </summary>
    public long RssKb() => Sum("VmRSS:");

    /// <summary>
    /// The peak resident set since start (<c>VmHWM</c>), summed in the same way: each process's own peak, so an upper
    /// bound on the tree's peak (theirs need not have come at the same moment). Processes already gone are not in it.
    /// </summary>
    public long PeakRssKb() => Sum("VmHWM:");

    private long Sum(string field) =>
        (StatusKb(_process.Id, field) ?? throw new InvalidOperationException($"no {field} for pid {_process.Id}"))
        + Descendants(_process.Id).Sum(pid => StatusKb(pid, field) ?? 0);

    private static long? StatusKb(int pid, string field)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith(field))
                    return long.Parse(line[field.Length..].Trim().Split(' ')[0]);
            return null;  // a zombie has no memory left
        }
        catch (IOException) { return null; }  // gone since it was listed
    }

    /// <summary>Every process below <paramref name="pid"/>, from each of its threads' <c>children</c> list.</summary>
    private static IEnumerable<int> Descendants(int pid)
    {
        var children = new List<int>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
                children.AddRange(File.ReadAllText(Path.Combine(task, "children")).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse));
        }
        catch (IOException) { }  // the process or a thread ended meanwhile: what was read still counts
        return children.Concat(children.SelectMany(Descendants));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await _process.WaitForExitAsync(timeout.Token); } catch (OperationCanceledException) { }
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }
}
