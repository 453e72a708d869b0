using Npgsql;

namespace Switchyard.Storage.Postgres;

/// <summary>Terse parameterised commands (<c>@name</c> placeholders), so store code reads as SQL plus values.</summary>
internal static class PostgresExtensions
{
    public static NpgsqlCommand Command(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null,
        params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static int Execute(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null,
        params (string, object?)[] parameters)
    {
        using var command = connection.Command(sql, transaction, parameters);
        return command.ExecuteNonQuery();
    }

    public static async Task<int> ExecuteAsync(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction,
        CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var command = connection.Command(sql, transaction, parameters);
        return await command.ExecuteNonQueryAsync(ct);
    }

    public static T Scalar<T>(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction = null,
        params (string, object?)[] parameters)
    {
        using var command = connection.Command(sql, transaction, parameters);
        return (T)command.ExecuteScalar()!;
    }

    public static List<T> Query<T>(this NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> map,
        NpgsqlTransaction? transaction = null, params (string, object?)[] parameters)
    {
        using var command = connection.Command(sql, transaction, parameters);
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read()) rows.Add(map(reader));
        return rows;
    }

    public static async Task<List<T>> QueryAsync<T>(this NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> map,
        NpgsqlTransaction? transaction, CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var command = connection.Command(sql, transaction, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var rows = new List<T>();
        while (await reader.ReadAsync(ct)) rows.Add(map(reader));
        return rows;
    }

    public static T? QuerySingle<T>(this NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> map,
        NpgsqlTransaction? transaction = null, params (string, object?)[] parameters) where T : class
    {
        using var command = connection.Command(sql, transaction, parameters);
        using var reader = command.ExecuteReader();
        return reader.Read() ? map(reader) : null;
    }

    public static async Task<T?> QuerySingleAsync<T>(this NpgsqlConnection connection, string sql, Func<NpgsqlDataReader, T> map,
        NpgsqlTransaction? transaction, CancellationToken ct, params (string, object?)[] parameters) where T : class
    {
        await using var command = connection.Command(sql, transaction, parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? map(reader) : null;
    }

    public static async Task<T> ScalarAsync<T>(this NpgsqlConnection connection, string sql, NpgsqlTransaction? transaction,
        CancellationToken ct, params (string, object?)[] parameters)
    {
        await using var command = connection.Command(sql, transaction, parameters);
        return (T)(await command.ExecuteScalarAsync(ct))!;
    }
}
