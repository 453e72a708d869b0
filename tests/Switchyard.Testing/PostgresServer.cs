using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Switchyard.Testing;

/// <summary>
/// A real PostgreSQL server for tests: Debian's binaries (installed with apt-get, once, when absent), a cluster
/// <c>initdb</c>'d into a temporary directory as the <c>postgres</c> user (initdb refuses root), listening on a free
/// loopback port with its socket in that directory, stopped and deleted when the test process exits. One server per
/// test process (<see cref="SharedAsync"/>); tests take a database each (<see cref="CreateDatabaseAsync"/>), so they
/// run in parallel without seeing each other's rows.
/// </summary>
public sealed class PostgresServer
{
    private static readonly Lazy<Task<PostgresServer>> Shared = new(() => Task.Run(StartAsync));

    private readonly string _root;
    private readonly string _binaries;
    private readonly int _port;

    private PostgresServer(string root, string binaries, int port)
    {
        _root = root;
        _binaries = binaries;
        _port = port;
    }

    public static Task<PostgresServer> SharedAsync() => Shared.Value;

    /// <summary>The connection string of database <paramref name="database"/> on this server.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = _port,
        Username = "postgres",
        Database = database,
        // Tests open many short-lived storages; a few pooled connections each keep the server's connection count low.
        MaxPoolSize = 20,
    }.ToString();

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using var c = new NpgsqlConnection(ConnectionString("postgres"));
        await c.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", c);
        await command.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, disconnecting whoever is still on it.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(ConnectionString("postgres"));
        await c.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", c);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var binaries = FindBinaries() ?? Install();
        DeleteAbandonedClusters();
        var root = Path.Combine(Path.GetTempPath(), "switchyard-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        if (IsRoot()) Run("chown", ["postgres:postgres", root]);

        var data = Path.Combine(root, "data");
        RunAsPostgres(Path.Combine(binaries, "initdb"), ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"]);
        var port = FreePort();
        var options = $"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c max_connections=300 " +
                      "-c fsync=off -c synchronous_commit=off -c full_page_writes=off";
        RunAsPostgres(Path.Combine(binaries, "pg_ctl"), ["start", "-w", "-t", "60", "-D", data, "-l", Path.Combine(root, "server.log"), "-o", options]);

        var server = new PostgresServer(root, binaries, port);
        server.StopWhenThisProcessEnds();
        await using var c = new NpgsqlConnection(server.ConnectionString("postgres"));
        await c.OpenAsync();
        return server;
    }

    /// <summary>
    /// Starts a watcher, in a session of its own and no child of this process, that stops the server and deletes the
    /// cluster within a second of this process ending, however it ends. Stopping it from an exit handler was not enough:
    /// the test host is ended with its process tree moments after its exit handlers start, and a server left behind
    /// keeps running, holding whatever descriptors the test run inherited (a caller's lock, a pipe someone reads).
    /// </summary>
    private void StopWhenThisProcessEnds()
    {
        var pgCtl = Path.Combine(_binaries, "pg_ctl");
        var stop = $"{pgCtl} stop -m immediate -D {Path.Combine(_root, "data")}";
        if (IsRoot()) stop = $"runuser -u postgres -- {stop}";
        // Its standard streams are let go at once: the test runner reads this process's output to its end.
        var watch = $"exec </dev/null >/dev/null 2>&1; while kill -0 {Environment.ProcessId}; do sleep 1; done; {stop}; rm -rf {_root}";
        using var setsid = Process.Start(new ProcessStartInfo("setsid", ["-f", "sh", "-c", watch]) { WorkingDirectory = "/" })!;
        setsid.WaitForExit();  // at once: -f forks the watcher off and returns
    }

    /// <summary>Clusters of test runs that ended without stopping theirs (killed): no server runs there, and they are old.</summary>
    private static void DeleteAbandonedClusters()
    {
        foreach (var dir in new DirectoryInfo(Path.GetTempPath()).EnumerateDirectories("switchyard-pg-*"))
        {
            if (File.Exists(Path.Combine(dir.FullName, "data", "postmaster.pid"))) continue;
            if (dir.LastWriteTimeUtc > DateTime.UtcNow.AddMinutes(-30)) continue; // perhaps another run's, still in initdb
            try { dir.Delete(recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The newest installed server's bin directory, or null.</summary>
    private static string? FindBinaries()
    {
        const string parent = "/usr/lib/postgresql";
        if (!Directory.Exists(parent)) return null;
        return Directory.EnumerateDirectories(parent)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Dir)
            .FirstOrDefault();
    }

    /// <summary>
    /// Installs Debian's postgresql package. Test processes may start together, so the install runs under an exclusive
    /// lock on a file, and whoever gets the lock second finds the binaries present.
    /// </summary>
    private static string Install()
    {
        using (LockFile(Path.Combine(Path.GetTempPath(), "switchyard-postgres-install.lock")))
        {
            if (FindBinaries() is { } present) return present;
            Run("apt-get", ["install", "-y", "--no-install-recommends", "postgresql"], ("DEBIAN_FRONTEND", "noninteractive"));
        }
        return FindBinaries() ?? throw new InvalidOperationException("apt-get installed postgresql, but no /usr/lib/postgresql/*/bin/initdb exists");
    }

    /// <summary>Opens <paramref name="path"/> exclusively (on Unix, .NET takes a flock for FileShare.None), waiting while another process holds it.</summary>
    private static FileStream LockFile(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(10);
        while (true)
        {
            try { return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None); }
            catch (IOException) when (DateTime.UtcNow < deadline) { Thread.Sleep(500); }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static bool IsRoot() => Environment.UserName == "root";

    private static void RunAsPostgres(string program, string[] arguments)
    {
        if (IsRoot()) Run("runuser", ["-u", "postgres", "--", program, .. arguments]);
        else Run(program, arguments);
    }

    private static void Run(string program, string[] arguments, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{output.Result}\n{error.Result}");
    }
}
