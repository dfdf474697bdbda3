using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;

namespace Grid.Storage.Sqlite;

/// <summary>Creating commands that are reused in a loop (SQLite keeps the statement compiled) and binding their values.</summary>
internal static class SqliteCommands
{
    public static SqliteCommand Command(this SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return command;
    }

    /// <summary>
    /// The command for <paramref name="sql"/> kept compiled on this connection for its lifetime: for the fixed statements of the
    /// hot path, which would otherwise be parsed and planned at every call. Never dispose it; use it for one statement at a time.
    /// </summary>
    public static SqliteCommand Prepared(this SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        var commands = PreparedCommands.GetOrCreateValue(connection);
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands.Add(sql, command);
        }
        command.Transaction = transaction;
        return command;
    }

    /// <summary><see cref="Prepared(SqliteConnection, SqliteTransaction?, string)"/> outside a transaction (a read of one statement).</summary>
    public static SqliteCommand Prepared(this SqliteConnection connection, string sql) => connection.Prepared(null, sql);

    /// <summary>Disposes the commands kept by <see cref="Prepared"/> (before the connection closes).</summary>
    public static void DisposePrepared(this SqliteConnection connection)
    {
        if (!PreparedCommands.TryGetValue(connection, out var commands)) return;
        foreach (var command in commands.Values) command.Dispose();
        PreparedCommands.Remove(connection);
    }

    private static readonly ConditionalWeakTable<SqliteConnection, Dictionary<string, SqliteCommand>> PreparedCommands = new();

    /// <summary>Sets parameter <paramref name="name"/> (added on first use); null becomes SQL NULL.</summary>
    public static SqliteCommand Set(this SqliteCommand command, string name, object? value)
    {
        var index = command.Parameters.IndexOf(name);
        if (index >= 0) command.Parameters[index].Value = value ?? DBNull.Value;
        else command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static List<T> ReadAll<T>(this SqliteCommand command, Func<SqliteDataReader, T> read)
    {
        var rows = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read()) rows.Add(read(reader));
        return rows;
    }

    public static T? ReadFirst<T>(this SqliteCommand command, Func<SqliteDataReader, T> read) where T : class
    {
        using var reader = command.ExecuteReader();
        return reader.Read() ? read(reader) : null;
    }

    public static string? NullableString(this SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static DateTime? NullableTime(this SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : StoredValues.Time(reader.GetInt64(ordinal));

    public static DateTime Time(this SqliteDataReader reader, int ordinal) => StoredValues.Time(reader.GetInt64(ordinal));
}
