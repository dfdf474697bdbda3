using Npgsql;

namespace Grid.Storage.PostgreSql.Sql;

/// <summary>
/// Deletes a session's rows in rounds of at most a batch each, every round its own statement and commit, so that a
/// session of a million rows never holds a million row locks (nor one long transaction) at once.
/// </summary>
internal static class SessionDeletion
{
    /// <summary>
    /// Runs <paramref name="deleteBatch"/> (parameters <c>@session_id</c> and <c>@batch</c>; it must report the rows it
    /// deleted, at most <c>@batch</c>) until a round deletes fewer than a batch.
    /// </summary>
    public static async Task DeleteInBatchesAsync(NpgsqlDataSource dataSource, string deleteBatch, string sessionId, int batchSize,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var deleted = await PostgreSqlErrors.RetryOnDeadlockAsync(async () =>
            {
                await using var command = dataSource.CreateCommand(deleteBatch);
                command.Parameters.Add(Parameters.Text("session_id", sessionId));
                command.Parameters.Add(Parameters.BigInt("batch", batchSize));
                return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            if (deleted < batchSize) return;
        }
    }
}
