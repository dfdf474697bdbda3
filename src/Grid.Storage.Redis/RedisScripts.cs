namespace Grid.Storage.Redis;

/// <summary>The Lua scripts that make publishing, opening and deleting an object atomic.</summary>
internal static class RedisScripts
{
    /// <summary>
    /// Stores the last chunk, checks that every chunk of the write is still there (they carry an expiry until
    /// published, so an abandoned write cleans itself up), makes them permanent, switches the manifest and
    /// gives the chunks of the version it replaced a short expiry: a reader already streaming that version
    /// finishes it instead of failing halfway.
    /// KEYS: manifest, data of this write. ARGV: manifest text, data key prefix, last chunk index ('' for an
    /// empty object), last chunk, chunk count, milliseconds the replaced chunks survive.
    /// </summary>
    public const string Publish = """
        if ARGV[3] ~= '' then
          redis.call('HSET', KEYS[2], ARGV[3], ARGV[4])
          if redis.call('HLEN', KEYS[2]) ~= tonumber(ARGV[5]) then
            redis.call('UNLINK', KEYS[2])
            return redis.error_reply('GRIDINCOMPLETE chunks of this write expired before it was published')
          end
          redis.call('PERSIST', KEYS[2])
        end
        local previous = redis.call('GET', KEYS[1])
        redis.call('SET', KEYS[1], ARGV[1])
        if previous then
          local previousWrite = string.match(previous, '^[^:]+')
          if ARGV[2] .. previousWrite ~= KEYS[2] then
            redis.call('PEXPIRE', ARGV[2] .. previousWrite, ARGV[6])
          end
        end
        return 1
        """;

    /// <summary>
    /// The manifest and the first chunk read together, so that a small object cannot be replaced between the
    /// two. Nil when there is no object. KEYS: manifest. ARGV: data key prefix.
    /// </summary>
    public const string Open = """
        local manifest = redis.call('GET', KEYS[1])
        if not manifest then return false end
        local write, count = string.match(manifest, '^([^:]+):(%d+):')
        if count == '0' then return { manifest } end
        return { manifest, redis.call('HGET', ARGV[1] .. write, '0') }
        """;

    /// <summary>Removes the manifest and the chunks it points to. KEYS: manifest. ARGV: data key prefix.</summary>
    public const string Delete = """
        local manifest = redis.call('GET', KEYS[1])
        if manifest then
          redis.call('UNLINK', KEYS[1], ARGV[1] .. string.match(manifest, '^[^:]+'))
        end
        return 1
        """;
}
