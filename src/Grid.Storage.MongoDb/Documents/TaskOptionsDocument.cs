using Grid.Core.Model;
using MongoDB.Bson.Serialization.Attributes;
using MongoDB.Bson.Serialization.Options;

namespace Grid.Storage.MongoDb.Documents;

[BsonIgnoreExtraElements]
internal sealed class TaskOptionsDocument
{
    [BsonElement("max_duration")] public long? MaxDurationTicks { get; set; }
    [BsonElement("max_retries")] public int? MaxRetries { get; set; }
    [BsonElement("priority")] public int? Priority { get; set; }
    [BsonElement("partition")] public string? PartitionId { get; set; }
    [BsonElement("app_name")] public string? ApplicationName { get; set; }
    [BsonElement("app_version")] public string? ApplicationVersion { get; set; }

    // As {k, v} pairs: option names may contain '.' or start with '$', which field names should not.
    [BsonElement("options")]
    [BsonDictionaryOptions(DictionaryRepresentation.ArrayOfDocuments)]
    public Dictionary<string, string> Options { get; set; } = [];

    public static TaskOptionsDocument From(GridTaskOptions options) => new()
    {
        MaxDurationTicks = options.MaxDuration?.Ticks,
        MaxRetries = options.MaxRetries,
        Priority = options.Priority,
        PartitionId = options.PartitionId,
        ApplicationName = options.ApplicationName,
        ApplicationVersion = options.ApplicationVersion,
        Options = new Dictionary<string, string>(options.Options),
    };

    public GridTaskOptions ToOptions() => new()
    {
        MaxDuration = MaxDurationTicks is { } ticks ? TimeSpan.FromTicks(ticks) : null,
        MaxRetries = MaxRetries,
        Priority = Priority,
        PartitionId = PartitionId,
        ApplicationName = ApplicationName,
        ApplicationVersion = ApplicationVersion,
        Options = Options.Count > 0 ? Options : GridTaskOptions.EmptyOptions,
    };
}
