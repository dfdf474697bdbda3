namespace Grid.Workflows.Worker.Protocol;

/// <summary>
/// One file of an artifact that stays on disk until the artifact is packed: its relative path in the artifact
/// ('/' separators) and the file it is read from. Packing streams it, so an artifact of any size never sits in memory.
/// </summary>
public sealed record ArtifactFileOnDisk(string Path, string SourcePath);
