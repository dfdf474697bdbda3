using System.Text.Json;
using System.Text.Json.Serialization;
using Grid.Core.Model;

namespace Grid.Storage.Sqlite;

/// <summary>
/// How values without a SQLite type are stored: times as UTC ticks (exact to the tick), id lists and
/// task options as JSON text.
/// </summary>
internal static class StoredValues
{
    public static long Ticks(DateTime time) => (time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time).Ticks;

    public static object Ticks(DateTime? time) => time is { } t ? Ticks(t) : DBNull.Value;

    public static DateTime Time(long ticks) => new(ticks, DateTimeKind.Utc);

    public static string IdsJson(IReadOnlyList<string> ids) => JsonSerializer.Serialize(ids as string[] ?? [.. ids], StoredJson.Default.StringArray);

    public static object IdsJsonOrNull(IReadOnlyList<string>? ids) => ids is null ? DBNull.Value : IdsJson(ids);

    public static IReadOnlyList<string> Ids(string json) => JsonSerializer.Deserialize(json, StoredJson.Default.StringArray) ?? [];

    public static string OptionsJson(GridTaskOptions options) => JsonSerializer.Serialize(new StoredTaskOptions
    {
        MaxDurationTicks = options.MaxDuration?.Ticks,
        MaxRetries = options.MaxRetries,
        Priority = options.Priority,
        PartitionId = options.PartitionId,
        ApplicationName = options.ApplicationName,
        ApplicationVersion = options.ApplicationVersion,
        Options = options.Options.Count == 0 ? null : new Dictionary<string, string>(options.Options),
    }, StoredJson.Default.StoredTaskOptions);

    public static GridTaskOptions Options(string json)
    {
        var stored = JsonSerializer.Deserialize(json, StoredJson.Default.StoredTaskOptions)
            ?? throw new InvalidDataException("task options stored as JSON null");
        return new GridTaskOptions
        {
            MaxDuration = stored.MaxDurationTicks is { } ticks ? TimeSpan.FromTicks(ticks) : null,
            MaxRetries = stored.MaxRetries,
            Priority = stored.Priority,
            PartitionId = stored.PartitionId,
            ApplicationName = stored.ApplicationName,
            ApplicationVersion = stored.ApplicationVersion,
            Options = stored.Options is { Count: > 0 } map ? map : GridTaskOptions.EmptyOptions,
        };
    }
}

/// <summary>The JSON shape of <see cref="GridTaskOptions"/> in the database; a duration is stored in ticks.</summary>
internal sealed class StoredTaskOptions
{
    public long? MaxDurationTicks { get; set; }
    public int? MaxRetries { get; set; }
    public int? Priority { get; set; }
    public string? PartitionId { get; set; }
    public string? ApplicationName { get; set; }
    public string? ApplicationVersion { get; set; }
    public Dictionary<string, string>? Options { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(StoredTaskOptions))]
internal sealed partial class StoredJson : JsonSerializerContext;
