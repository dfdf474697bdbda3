namespace Grid.Core.Storage;

/// <summary>The backends one grid runs on, chosen in configuration.</summary>
public sealed record GridStorage(
    ISessionTable Sessions,
    ITaskTable Tasks,
    IResultTable Results,
    ITaskQueue Queue,
    IObjectStorage Objects,
    IEventLog Events);
