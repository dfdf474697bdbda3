namespace Grid.Workflows.Worker.Protocol;

/// <summary>One file of an artifact: a relative path with '/' separators, and its bytes.</summary>
public sealed record ArtifactFile(string Path, byte[] Data);
