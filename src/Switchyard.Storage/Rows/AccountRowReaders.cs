using System.Data.Common;
using Switchyard.Storage.Accounts;

namespace Switchyard.Storage.Rows;

/// <summary>Accounts and API tokens as both backends select them: the same columns, in the same order.</summary>
public static class AccountRowReaders
{
    public const string AccountColumns = "SELECT id, name, subdomain, created_on FROM accounts";
    public const string TokenColumns = "SELECT id, account_id, name, created_on, revoked_on FROM api_tokens";

    public static Account ReadAccount(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetTimestamp(3));

    public static ApiToken ReadToken(DbDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetTimestamp(3),
        r.IsDBNull(4) ? null : r.GetTimestamp(4));
}
