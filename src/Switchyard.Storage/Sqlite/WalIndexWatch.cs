using System.IO.MemoryMappedFiles;
using Microsoft.Data.Sqlite;

namespace Switchyard.Storage.Sqlite;

/// <summary>
/// Sees commits to a WAL-mode database, from any connection or process, by reading the WAL-index header in its
/// <c>-shm</c> file (SQLite's file format, "WAL-index format"). Every commit rewrites that header: its frame count
/// grows, or the WAL restarts with new salts, and the checksum over both changes. SQLite's own readers read it
/// without a lock, and so does this: a read torn by a concurrent commit only looks like one more change.
/// This costs a memory read where <c>PRAGMA data_version</c> costs a read transaction (two file locks).
/// </summary>
internal sealed unsafe class WalIndexWatch : IDisposable
{
    // The header's first copy, which a committing writer writes last.
    private const int ComparedBytes = 48;

    private readonly SqliteConnection _holder;
    private readonly MemoryMappedFile _file;
    private readonly MemoryMappedViewAccessor _view;
    private readonly byte* _header;
    private readonly object _lock = new();
    private readonly byte[] _lastSeen = new byte[ComparedBytes];
    private long _changes;

    private WalIndexWatch(SqliteConnection holder, MemoryMappedFile file, MemoryMappedViewAccessor view)
    {
        _holder = holder;
        _file = file;
        _view = view;
        byte* pointer = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref pointer);
        _header = pointer + view.PointerOffset;
    }

    /// <summary>
    /// Watches <paramref name="db"/>, or returns null when it has no WAL index to map (not in WAL mode). The watch keeps
    /// a connection open: SQLite deletes the <c>-shm</c> file when its last connection closes, and a mapping of a
    /// deleted file would never change again.
    /// </summary>
    public static WalIndexWatch? Open(SqliteDatabase db)
    {
        var holder = db.Open();
        try
        {
            using (var command = holder.CreateCommand())
            {
                // A read joins the connection to the WAL index, which creates and initialises the -shm file if needed.
                command.CommandText = "PRAGMA journal_mode";
                if (!string.Equals(command.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase))
                {
                    holder.Dispose();
                    return null;
                }
                command.CommandText = "SELECT count(*) FROM schema_migrations";
                command.ExecuteScalar();
            }
            var shm = new FileStream(db.FilePath + "-shm", FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var file = MemoryMappedFile.CreateFromFile(shm, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: false);
            var view = file.CreateViewAccessor(0, ComparedBytes, MemoryMappedFileAccess.Read);
            return new WalIndexWatch(holder, file, view);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
            holder.Dispose();
            return null;
        }
    }

    /// <summary>A number that changes whenever a commit has happened since the last call (and only grows).</summary>
    public long Read()
    {
        var now = new ReadOnlySpan<byte>(_header, ComparedBytes);
        lock (_lock)
        {
            if (!now.SequenceEqual(_lastSeen))
            {
                now.CopyTo(_lastSeen);
                _changes++;
            }
            return _changes;
        }
    }

    public void Dispose()
    {
        _view.SafeMemoryMappedViewHandle.ReleasePointer();
        _view.Dispose();
        _file.Dispose();
        _holder.Dispose();
    }
}
