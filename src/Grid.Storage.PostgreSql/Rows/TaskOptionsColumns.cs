using System.Text.Json;
using Grid.Core.Model;
using Npgsql;

namespace Grid.Storage.PostgreSql.Rows;

/// <summary>The seven columns that hold a <see cref="GridTaskOptions"/> (the free-form map as jsonb), under a name prefix.</summary>
internal static class TaskOptionsColumns
{
    public const int Count = 7;

    public static IEnumerable<string> Names(string prefix) =>
        Suffixes.Select(name => prefix + name);

    private static readonly string[] Suffixes =
        ["max_duration", "max_retries", "priority", "partition_id", "application_name", "application_version", "options"];

    public static IEnumerable<ColumnValue> Values(GridTaskOptions options) =>
    [
        ColumnValue.Interval(options.MaxDuration),
        ColumnValue.Integer(options.MaxRetries),
        ColumnValue.Integer(options.Priority),
        ColumnValue.Text(options.PartitionId),
        ColumnValue.Text(options.ApplicationName),
        ColumnValue.Text(options.ApplicationVersion),
        ColumnValue.Jsonb(JsonSerializer.Serialize(options.Options)),
    ];

    public static GridTaskOptions Read(NpgsqlDataReader reader, int first)
    {
        var map = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(first + 6));
        return new GridTaskOptions
        {
            MaxDuration = reader.NullableInterval(first),
            MaxRetries = reader.NullableInt32(first + 1),
            Priority = reader.NullableInt32(first + 2),
            PartitionId = reader.NullableString(first + 3),
            ApplicationName = reader.NullableString(first + 4),
            ApplicationVersion = reader.NullableString(first + 5),
            Options = map is { Count: > 0 } ? map : GridTaskOptions.EmptyOptions,
        };
    }
}
