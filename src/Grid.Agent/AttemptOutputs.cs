using Grid.Core;
using Grid.Core.Storage;

namespace Grid.Agent;

/// <summary>Stores output data of an attempt. The results complete only if the attempt succeeds.</summary>
public sealed class AttemptOutputs(GridStorage storage)
{
    public async Task StoreAsync(RunningAttempt attempt, string resultId, IAsyncEnumerable<ReadOnlyMemory<byte>> data, CancellationToken cancellationToken)
    {
        lock (attempt.Lock)
        {
            if (!attempt.Task.ExpectedOutputIds.Contains(resultId) && !attempt.Outcome.CreatedResults.Contains(resultId))
                throw GridException.InvalidArgument("result_id", $"result '{resultId}' is neither an expected output of task '{attempt.Task.TaskId}' nor a result it created");
        }
        var size = await storage.Objects.WriteAsync(resultId, data, cancellationToken).ConfigureAwait(false);
        lock (attempt.Lock) attempt.Outcome.ProducedOutputs[resultId] = size;
    }

    public Task StoreAsync(RunningAttempt attempt, string resultId, ReadOnlyMemory<byte> data, CancellationToken cancellationToken) =>
        StoreAsync(attempt, resultId, Single(data), cancellationToken);

    /// <summary>Stores an output the worker wrote as a file in the attempt's folder, streaming it.</summary>
    public async Task StoreFileAsync(RunningAttempt attempt, string resultId, CancellationToken cancellationToken)
    {
        if (resultId.Contains('/') || resultId.Contains('\\') || resultId.Contains(".."))
            throw GridException.InvalidArgument("result_ids", $"'{resultId}' is not a result id");
        var path = Path.Combine(attempt.Folder, resultId);
        if (!File.Exists(path))
            throw GridException.FailedPrecondition($"result_ids: no file '{resultId}' in the attempt's data folder '{attempt.Folder}'");
        await StoreAsync(attempt, resultId, ReadFile(path, cancellationToken), cancellationToken).ConfigureAwait(false);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> ReadFile(string path, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 20];
        int read;
        while ((read = await file.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
            yield return buffer.AsMemory(0, read);
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Single(ReadOnlyMemory<byte> data)
    {
        yield return data;
        await Task.CompletedTask.ConfigureAwait(false);
    }
}
