using StackExchange.Redis;

namespace Grid.Storage.Redis;

/// <summary>
/// Where one object lives: <c>{prefix}{key}:m</c> holds its manifest and <c>{prefix}{key}:d:{writeId}</c> the
/// chunks of one write (a hash, one field per chunk index). The braces are a Redis hash tag: every key of an
/// object lands in the same cluster slot, so the Lua scripts may touch them together.
/// </summary>
internal sealed class RedisObjectKeys
{
    public RedisObjectKeys(string prefix, string key)
    {
        if (string.IsNullOrEmpty(key)) throw new ArgumentException("object key must not be empty", nameof(key));
        var tagged = $"{prefix}{{{key}}}";
        Manifest = $"{tagged}:m";
        DataPrefix = $"{tagged}:d:";
    }

    public RedisKey Manifest { get; }

    /// <summary>The data key of a write is this followed by the write id; the scripts build it from a manifest.</summary>
    public string DataPrefix { get; }

    public RedisKey Data(string writeId) => DataPrefix + writeId;
}
