using Switchyard.Storage.Accounts;
using Switchyard.Storage.Tests.Backends;
using Xunit;

namespace Switchyard.Storage.Tests.Accounts;

public abstract class AccountStoreContract(StorageBackend backend) : StorageContract(backend)
{
    private IAccountStore Accounts => Storage.Accounts;

    [Fact]
    public void Accounts_are_created_listed_and_deleted()
    {
        Clock.Now += TimeSpan.FromSeconds(1); // listed by creation time
        var created = Accounts.Create("b".PadLeft(32, '0'), "Second", "second");
        Assert.Equal(created, Accounts.Get(created.Id));
        Assert.Equal([AccountId, created.Id], Accounts.List().Select(a => a.Id));
        Assert.Throws<NameConflictException>(() => Accounts.SetSubdomain(created.Id, "test"));
        Assert.Equal("renamed", Accounts.SetSubdomain(created.Id, "renamed")!.Subdomain);
        Assert.Null(Accounts.SetSubdomain("missing", "free"));
        Assert.True(Accounts.Delete(created.Id));
        Assert.False(Accounts.Delete(created.Id));
        Assert.Null(Accounts.Get(created.Id));
    }

    [Fact]
    public void Tokens_are_found_by_secret_only_while_active_and_never_stored_in_clear()
    {
        var secret = TokenSecrets.NewSecret();
        var token = Accounts.AddToken(AccountId, "ci", secret);
        Assert.Equal(token, Accounts.FindActiveToken(secret));
        Assert.Null(Accounts.FindActiveToken(secret + "x"));
        Assert.Equal([token], Accounts.ListTokens(AccountId));

        Clock.Now += TimeSpan.FromSeconds(1);
        Assert.True(Accounts.RevokeToken(token.Id));
        Assert.False(Accounts.RevokeToken(token.Id));
        Assert.Null(Accounts.FindActiveToken(secret));
        var revoked = Assert.Single(Accounts.ListTokens(AccountId));
        Assert.Equal(Clock.GetUtcNow(), revoked.RevokedOn);
        Assert.False(revoked.IsActive);
    }

    [Fact]
    public void Deleting_an_account_deletes_its_tokens()
    {
        var id = "c".PadLeft(32, '0');
        Accounts.Create(id, "doomed", "doomed");
        var secret = TokenSecrets.NewSecret();
        Accounts.AddToken(id, "t", secret);
        Accounts.Delete(id);
        Assert.Null(Accounts.FindActiveToken(secret));
        Assert.Empty(Accounts.ListTokens(id));
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
