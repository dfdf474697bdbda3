using Npgsql;

namespace Grid.Storage.PostgreSql.Sql;

internal static class PostgreSqlErrors
{
    public static bool IsUniqueViolation(Exception e) => e is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// Runs <paramref name="attempt"/> again when the server aborted it as a deadlock victim. Locks are taken in
    /// id order, so this is a last resort (for example a batch racing a differently ordered batch), and safe
    /// because the aborted transaction changed nothing.
    /// </summary>
    public static async Task<T> RetryOnDeadlockAsync<T>(Func<Task<T>> attempt)
    {
        for (var tries = 1; ; tries++)
        {
            try
            {
                return await attempt().ConfigureAwait(false);
            }
            catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && tries < 5)
            {
                await Task.Delay(Random.Shared.Next(5, 50) * tries).ConfigureAwait(false);
            }
        }
    }
}
