using Grid.Storage.PostgreSql.Rows;
using Npgsql;
using NpgsqlTypes;

namespace Grid.Storage.PostgreSql.Sql;

/// <summary>Typed parameters, so that the server plans with the column types and arrays bind as arrays.</summary>
internal static class Parameters
{
    public static NpgsqlParameter Of(string name, object? value, NpgsqlDbType type) =>
        new(name, type) { Value = value ?? DBNull.Value };

    public static NpgsqlParameter Of(ColumnValue value) =>
        new() { NpgsqlDbType = value.Type, Value = value.Value ?? DBNull.Value };

    public static NpgsqlParameter Text(string name, string? value) => Of(name, value, NpgsqlDbType.Text);
    public static NpgsqlParameter TextArray(string name, IEnumerable<string> values) => Of(name, values as string[] ?? values.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
    public static NpgsqlParameter SmallInt(string name, short value) => Of(name, value, NpgsqlDbType.Smallint);
    public static NpgsqlParameter SmallIntArray(string name, IEnumerable<short> values) => Of(name, values.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Smallint);
    public static NpgsqlParameter Integer(string name, int value) => Of(name, value, NpgsqlDbType.Integer);
    public static NpgsqlParameter BigInt(string name, long value) => Of(name, value, NpgsqlDbType.Bigint);
    public static NpgsqlParameter Time(string name, DateTime value) => Of(name, Timestamps.ToUtc(value), NpgsqlDbType.TimestampTz);
    public static NpgsqlParameter Interval(string name, TimeSpan value) => Of(name, value, NpgsqlDbType.Interval);
}
