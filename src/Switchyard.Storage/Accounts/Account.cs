namespace Switchyard.Storage.Accounts;

public sealed record Account(string Id, string Name, string Subdomain, DateTimeOffset CreatedOn);

/// <summary>An API token as stored: the secret itself is never kept, only its hash.</summary>
public sealed record ApiToken(string Id, string AccountId, string Name, DateTimeOffset CreatedOn, DateTimeOffset? RevokedOn)
{
    public bool IsActive => RevokedOn is null;
}
