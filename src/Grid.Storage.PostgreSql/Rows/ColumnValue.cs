using NpgsqlTypes;

namespace Grid.Storage.PostgreSql.Rows;

/// <summary>A value to write to one column, with its database type (null is written as NULL).</summary>
internal readonly record struct ColumnValue(object? Value, NpgsqlDbType Type)
{
    public static ColumnValue Text(string? value) => new(value, NpgsqlDbType.Text);
    public static ColumnValue TextArray(IReadOnlyList<string>? value) => new(value?.ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Text);
    public static ColumnValue SmallInt(short value) => new(value, NpgsqlDbType.Smallint);
    public static ColumnValue Integer(int? value) => new(value, NpgsqlDbType.Integer);
    public static ColumnValue BigInt(long value) => new(value, NpgsqlDbType.Bigint);
    public static ColumnValue Interval(TimeSpan? value) => new(value, NpgsqlDbType.Interval);
    public static ColumnValue Jsonb(string value) => new(value, NpgsqlDbType.Jsonb);
    public static ColumnValue Time(DateTime? value) => new(value is { } v ? Timestamps.ToUtc(v) : null, NpgsqlDbType.TimestampTz);
}
