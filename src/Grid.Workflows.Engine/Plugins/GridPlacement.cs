namespace Grid.Workflows.Engine.Plugins;

/// <summary>Where a plugin task runs on the grid: the worker application that serves it and the worker pool (partition).</summary>
public sealed record GridPlacement(string ApplicationName, string? PartitionId = null, string? ApplicationVersion = null);
