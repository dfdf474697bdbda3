using Grid.Core.Storage;
using Grid.Storage.PostgreSql.Sql;
using Npgsql;
using NpgsqlTypes;

namespace Grid.Storage.PostgreSql;

/// <summary>
/// A queue in a table: one logical queue per partition, higher priority first then FIFO. Consumers take
/// messages with <c>FOR UPDATE SKIP LOCKED</c>, so they never wait for each other nor take the same message.
/// A taken message is invisible until acknowledged (deleted) or released; if neither happens before its
/// visibility deadline (the consumer died), the next dequeue of its partition makes it deliverable again.
/// Each delivery is numbered, so a consumer that lost its message cannot acknowledge someone else's delivery.
/// </summary>
public sealed class PostgreSqlTaskQueue : ITaskQueue
{
    // Two statements in one round trip: take back the expired messages of the partition, then take the next ones.
    // The first answers one row (a count), so that the second is always the reader's second result.
    private const string ReclaimExpired = """
        WITH reclaimed AS (
            UPDATE queue_messages SET taken_until = NULL
            WHERE message_id IN (
                SELECT message_id FROM queue_messages
                WHERE partition_id = @partition AND taken_until IS NOT NULL AND taken_until < now()
                FOR UPDATE SKIP LOCKED)
            RETURNING 1)
        SELECT count(*) FROM reclaimed
        """;

    internal const string Take = """
        WITH next AS (
            SELECT message_id FROM queue_messages
            WHERE partition_id = @partition AND taken_until IS NULL
            ORDER BY priority DESC, message_id
            LIMIT @max
            FOR UPDATE SKIP LOCKED
        )
        UPDATE queue_messages q SET taken_until = now() + @visibility, delivery = q.delivery + 1
        FROM next WHERE q.message_id = next.message_id
        RETURNING q.message_id, q.delivery, q.task_id, q.priority
        """;

    private readonly PostgreSqlDatabase _database;
    private readonly TimeSpan _visibilityTimeout;
    private readonly TimeSpan _pollInterval;

    internal PostgreSqlTaskQueue(PostgreSqlDatabase database, PostgreSqlOptions options)
    {
        _database = database;
        _visibilityTimeout = options.QueueVisibilityTimeout;
        _pollInterval = options.PollInterval;
    }

    public async ValueTask EnqueueAsync(IReadOnlyCollection<QueueItem> items, CancellationToken cancellationToken)
    {
        if (items.Count == 0) return;
        await using var batch = _database.DataSource.CreateBatch();
        // ORDER BY position: identities are assigned in insertion order, which is what FIFO within a priority follows.
        var insert = new NpgsqlBatchCommand("""
            INSERT INTO queue_messages (task_id, partition_id, priority)
            SELECT task_id, partition_id, priority FROM unnest(@tasks, @partitions, @priorities) WITH ORDINALITY AS m(task_id, partition_id, priority, position)
            ORDER BY position
            """);
        insert.Parameters.Add(Parameters.TextArray("tasks", items.Select(i => i.TaskId)));
        insert.Parameters.Add(Parameters.TextArray("partitions", items.Select(i => i.PartitionId)));
        insert.Parameters.Add(Parameters.Of("priorities", items.Select(i => i.Priority).ToArray(), NpgsqlDbType.Array | NpgsqlDbType.Integer));
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(Notify(items.Select(i => i.PartitionId).Distinct()));
        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<IQueueMessage>> DequeueAsync(string partitionId, int maxCount, TimeSpan wait, CancellationToken cancellationToken)
    {
        if (maxCount <= 0) return [];
        var deadline = DateTime.UtcNow + (wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
        while (true)
        {
            var notified = _database.Notifications.NextAsync(_database.QueueChannel, partitionId);
            var taken = await TakeAsync(partitionId, maxCount, cancellationToken).ConfigureAwait(false);
            if (taken.Count > 0) return taken;
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) return [];
            await PostgreSqlNotifications.WaitAsync(notified, Min(remaining, _pollInterval), cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private async Task<IReadOnlyList<IQueueMessage>> TakeAsync(string partitionId, int maxCount, CancellationToken cancellationToken)
    {
        await using var batch = _database.DataSource.CreateBatch();
        var reclaim = new NpgsqlBatchCommand(ReclaimExpired);
        reclaim.Parameters.Add(Parameters.Text("partition", partitionId));
        var take = new NpgsqlBatchCommand(Take);
        take.Parameters.Add(Parameters.Text("partition", partitionId));
        take.Parameters.Add(Parameters.BigInt("max", maxCount));
        take.Parameters.Add(Parameters.Interval("visibility", _visibilityTimeout));
        batch.BatchCommands.Add(reclaim);
        batch.BatchCommands.Add(take);

        var taken = new List<(long Id, int Delivery, string TaskId, int Priority)>();
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                taken.Add((reader.GetInt64(0), reader.GetInt32(1), reader.GetString(2), reader.GetInt32(3)));
        }
        // RETURNING does not keep the order of the selection: restore it.
        return taken.OrderByDescending(m => m.Priority).ThenBy(m => m.Id)
            .Select(m => (IQueueMessage)new Message(this, m.Id, m.Delivery, m.TaskId, partitionId)).ToList();
    }

    private NpgsqlBatchCommand Notify(IEnumerable<string> partitions)
    {
        var notify = new NpgsqlBatchCommand("SELECT pg_notify(@channel, p) FROM unnest(@partitions) AS p");
        notify.Parameters.Add(Parameters.Text("channel", _database.QueueChannel));
        notify.Parameters.Add(Parameters.TextArray("partitions", partitions));
        return notify;
    }

    private async ValueTask AcknowledgeAsync(long messageId, int delivery)
    {
        await using var command = _database.DataSource.CreateCommand("DELETE FROM queue_messages WHERE message_id = @id AND delivery = @delivery");
        command.Parameters.Add(Parameters.BigInt("id", messageId));
        command.Parameters.Add(Parameters.Integer("delivery", delivery));
        await command.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private async ValueTask ReleaseAsync(long messageId, int delivery, string partitionId)
    {
        await using var batch = _database.DataSource.CreateBatch();
        var release = new NpgsqlBatchCommand("UPDATE queue_messages SET taken_until = NULL WHERE message_id = @id AND delivery = @delivery");
        release.Parameters.Add(Parameters.BigInt("id", messageId));
        release.Parameters.Add(Parameters.Integer("delivery", delivery));
        batch.BatchCommands.Add(release);
        batch.BatchCommands.Add(Notify([partitionId]));
        await batch.ExecuteNonQueryAsync().ConfigureAwait(false);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private sealed class Message(PostgreSqlTaskQueue queue, long messageId, int delivery, string taskId, string partitionId) : IQueueMessage
    {
        public string TaskId => taskId;

        public ValueTask AcknowledgeAsync() => queue.AcknowledgeAsync(messageId, delivery);

        public ValueTask ReleaseAsync() => queue.ReleaseAsync(messageId, delivery, partitionId);
    }
}
