using Switchyard.Storage.Accounts;
using Switchyard.Storage.Tests.Backends;
using Xunit;

namespace Switchyard.Storage.Tests.Accounts;

public abstract class AccountStoreContract(StorageBackend backend) : StorageContract(backend)
{
    private IAccountStore Accounts => Storage.Accounts;

    [Fact]
    public async Task Accounts_are_created_listed_and_deleted()
    {
        Clock.Now += TimeSpan.FromSeconds(1); // listed by creation time
        var created = await Accounts.CreateAsync("b".PadLeft(32, '0'), "Second", "second");
        Assert.Equal(created, await Accounts.GetAsync(created.Id));
        Assert.Equal([AccountId, created.Id], (await Accounts.ListAsync()).Select(a => a.Id));
        await Assert.ThrowsAsync<NameConflictException>(() => Accounts.SetSubdomainAsync(created.Id, "test"));
        await Assert.ThrowsAsync<NameConflictException>(() => Accounts.CreateAsync(created.Id, "Again", "again"));
        await Assert.ThrowsAsync<NameConflictException>(() => Accounts.CreateAsync("c".PadLeft(32, '0'), "Third", "second"));
        Assert.Equal("renamed", (await Accounts.SetSubdomainAsync(created.Id, "renamed"))!.Subdomain);
        Assert.Null(await Accounts.SetSubdomainAsync("missing", "free"));
        Assert.True(await Accounts.DeleteAsync(created.Id));
        Assert.False(await Accounts.DeleteAsync(created.Id));
        Assert.Null(await Accounts.GetAsync(created.Id));
    }

    [Fact]
    public async Task Tokens_are_found_by_secret_only_while_active_and_never_stored_in_clear()
    {
        var secret = TokenSecrets.NewSecret();
        var token = await Accounts.AddTokenAsync(AccountId, "ci", secret);
        Assert.Equal(token, await Accounts.FindActiveTokenAsync(secret));
        Assert.Null(await Accounts.FindActiveTokenAsync(secret + "x"));
        await Assert.ThrowsAsync<NameConflictException>(() => Accounts.AddTokenAsync(AccountId, "ci again", secret));
        Assert.Equal([token], await Accounts.ListTokensAsync(AccountId));

        Clock.Now += TimeSpan.FromSeconds(1);
        Assert.True(await Accounts.RevokeTokenAsync(token.Id));
        Assert.False(await Accounts.RevokeTokenAsync(token.Id));
        Assert.Null(await Accounts.FindActiveTokenAsync(secret));
        var revoked = Assert.Single(await Accounts.ListTokensAsync(AccountId));
        Assert.Equal(Clock.GetUtcNow(), revoked.RevokedOn);
        Assert.False(revoked.IsActive);
    }

    [Fact]
    public async Task Deleting_an_account_deletes_its_tokens()
    {
        var id = "c".PadLeft(32, '0');
        await Accounts.CreateAsync(id, "doomed", "doomed");
        var secret = TokenSecrets.NewSecret();
        await Accounts.AddTokenAsync(id, "t", secret);
        await Accounts.DeleteAsync(id);
        Assert.Null(await Accounts.FindActiveTokenAsync(secret));
        Assert.Empty(await Accounts.ListTokensAsync(id));
    }

    [Fact]
    public async Task Server_secrets_are_made_once_and_shared_by_every_node()
    {
        var key = Storage.Secrets.GetOrCreate("signing", 32);
        Assert.Equal(32, key.Length);
        Assert.Equal(key, Storage.Secrets.GetOrCreate("signing", 64));
        var other = await OpenNodeAsync();
        Assert.Equal(key, other.Secrets.GetOrCreate("signing", 32));
        Assert.NotEqual(key, other.Secrets.GetOrCreate("another", 32));
    }
}

public sealed class SqliteAccountStoreTests() : AccountStoreContract(new SqliteBackend());

public sealed class PostgresAccountStoreTests() : AccountStoreContract(new PostgresBackend());
