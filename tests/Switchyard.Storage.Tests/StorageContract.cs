using Switchyard.Storage.Tests.Backends;
using Switchyard.Testing;
using Xunit;

namespace Switchyard.Storage.Tests;

/// <summary>
/// Base of every contract test class: a fresh backend per test (xunit makes a class instance per test), opened with a
/// clock the test moves, and one account. A contract is an abstract class; its two sealed subclasses, one per backend,
/// are what xunit runs, so every test runs against SQLite and PostgreSQL alike.
/// </summary>
public abstract class StorageContract(StorageBackend backend) : IAsyncLifetime
{
    public const string AccountId = "0123456789abcdef0123456789abcdef";

    private readonly List<IStorage> _opened = [];

    protected StorageBackend Backend { get; } = backend;

    /// <summary>Starts at the real time (blob files carry real write times); tests move it forward.</summary>
    protected ManualClock Clock { get; } = new(DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));

    protected IStorage Storage { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Storage = await OpenNodeAsync();
        await Storage.Accounts.CreateAsync(AccountId, "test", "test");
    }

    /// <summary>Another node (or process) on the same state as <see cref="Storage"/>.</summary>
    protected async Task<IStorage> OpenNodeAsync(TimeProvider? clock = null)
    {
        var storage = await Backend.OpenAsync(clock ?? Clock);
        _opened.Add(storage);
        return storage;
    }

    public async Task DisposeAsync()
    {
        foreach (var storage in _opened) await storage.DisposeAsync();
        await Backend.DisposeAsync();
    }

    protected static byte[] Bytes(string text) => System.Text.Encoding.UTF8.GetBytes(text);
}
