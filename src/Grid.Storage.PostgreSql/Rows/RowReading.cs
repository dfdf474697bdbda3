using Npgsql;

namespace Grid.Storage.PostgreSql.Rows;

/// <summary>Reading nullable columns by ordinal.</summary>
internal static class RowReading
{
    public static string? NullableString(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static int? NullableInt32(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetInt32(ordinal);

    public static DateTime? NullableTime(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTime>(ordinal);

    public static TimeSpan? NullableInterval(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<TimeSpan>(ordinal);

    public static string[]? NullableTextArray(this NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<string[]>(ordinal);

    public static DateTime Time(this NpgsqlDataReader reader, int ordinal) => reader.GetFieldValue<DateTime>(ordinal);
}
