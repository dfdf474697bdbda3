namespace Grid.Core.Model;

/// <summary>Task options where every field may be unset; <see cref="Over"/> fills the gaps from defaults.</summary>
public sealed record GridTaskOptions
{
    public TimeSpan? MaxDuration { get; init; }
    public int? MaxRetries { get; init; }
    public int? Priority { get; init; }
    public string? PartitionId { get; init; }
    public string? ApplicationName { get; init; }
    public string? ApplicationVersion { get; init; }
    public IReadOnlyDictionary<string, string> Options { get; init; } = EmptyOptions;

    public static readonly IReadOnlyDictionary<string, string> EmptyOptions = new Dictionary<string, string>();

    public static readonly GridTaskOptions Empty = new();

    /// <summary>Grid-wide defaults, used where neither task, batch nor session sets a value.</summary>
    public static readonly GridTaskOptions GridDefaults = new()
    {
        MaxDuration = TimeSpan.FromHours(1),
        MaxRetries = 2,
        Priority = 1,
        PartitionId = DefaultPartition,
    };

    public const string DefaultPartition = "default";

    /// <summary>These options, with every unset field taken from <paramref name="defaults"/>.</summary>
    public GridTaskOptions Over(GridTaskOptions defaults)
    {
        Dictionary<string, string>? merged = null;
        if (Options.Count > 0 && defaults.Options.Count > 0)
        {
            merged = new Dictionary<string, string>(defaults.Options);
            foreach (var (key, value) in Options) merged[key] = value;
        }
        return new GridTaskOptions
        {
            MaxDuration = MaxDuration ?? defaults.MaxDuration,
            MaxRetries = MaxRetries ?? defaults.MaxRetries,
            Priority = Priority ?? defaults.Priority,
            PartitionId = string.IsNullOrEmpty(PartitionId) ? defaults.PartitionId : PartitionId,
            ApplicationName = string.IsNullOrEmpty(ApplicationName) ? defaults.ApplicationName : ApplicationName,
            ApplicationVersion = string.IsNullOrEmpty(ApplicationVersion) ? defaults.ApplicationVersion : ApplicationVersion,
            Options = merged ?? (Options.Count > 0 ? Options : defaults.Options),
        };
    }
}
