using System.Globalization;

namespace Grid.Storage.Redis;

/// <summary>
/// The published version of an object: which write holds its chunks, how many there are and the total size.
/// Stored as <c>writeId:chunkCount:size</c>; the Lua scripts read the write id as the text before the first colon.
/// </summary>
internal sealed record RedisManifest(string WriteId, int ChunkCount, long Size)
{
    public static string NewWriteId() => Guid.NewGuid().ToString("N");

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{WriteId}:{ChunkCount}:{Size}");

    public static RedisManifest Parse(string text)
    {
        var parts = text.Split(':');
        if (parts.Length != 3
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var chunkCount)
            || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
            throw new FormatException($"'{text}' is not an object manifest (writeId:chunkCount:size)");
        return new RedisManifest(parts[0], chunkCount, size);
    }
}
