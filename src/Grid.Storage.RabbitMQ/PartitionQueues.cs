using System.Collections.Concurrent;
using RabbitMQ.Client;

namespace Grid.Storage.RabbitMQ;

/// <summary>Names the queue of each partition and declares it once, at first use.</summary>
internal sealed class PartitionQueues(WatchedConnection connection, string prefix)
{
    /// <summary>Priorities 0 to 9, as in <see cref="Grid.Core.Storage.QueueItem"/>.</summary>
    public const byte MaxPriority = 9;

    private static readonly Dictionary<string, object?> Arguments = new() { ["x-max-priority"] = (int)MaxPriority };
    private readonly ConcurrentDictionary<string, Lazy<Task>> _declared = new();

    public string NameOf(string partitionId) => prefix + partitionId;

    public async Task<string> EnsureDeclaredAsync(string partitionId, CancellationToken cancellationToken)
    {
        var name = NameOf(partitionId);
        var declaration = _declared.GetOrAdd(name, n => new Lazy<Task>(() => DeclareAsync(n)));
        try
        {
            await declaration.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (declaration.Value.IsFaulted)
        {
            _declared.TryRemove(new KeyValuePair<string, Lazy<Task>>(name, declaration));
            throw;
        }
        return name;
    }

    private async Task DeclareAsync(string name)
    {
        // Its own channel: a refused declaration (say, the queue exists without priorities) closes the channel.
        await using var channel = await connection.Current.CreateChannelAsync().ConfigureAwait(false);
        try
        {
            await channel.QueueDeclareAsync(name, durable: true, exclusive: false, autoDelete: false, Arguments).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"RabbitMQ: cannot declare queue '{name}' (durable, x-max-priority {MaxPriority}): {e.Message}", e);
        }
    }
}
