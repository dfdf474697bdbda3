using System.IO.Pipelines;
using Grid.Client;
using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Engine.Execution;

/// <summary>
/// Uploads a trigger's files as the instance's input archive while packing it: the archive is written into a pipe
/// that the grid upload reads in chunks, so memory use stays at the pipe's bound whatever the input's size
/// (a received study can be many gigabytes, more than one array or memory stream can hold).
/// </summary>
internal static class TriggerInputUpload
{
    private const long PipeBound = 1 << 20;

    public static async Task UploadAsync(GridSession session, string resultId, TriggerPayload payload, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: PipeBound, resumeWriterThreshold: PipeBound / 2, useSynchronizationContext: false));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var packing = Task.Run(() => PackAsync(pipe.Writer, payload, stop.Token), CancellationToken.None);
        try
        {
            await using var archive = pipe.Reader.AsStream();
            await session.UploadAsync(resultId, archive, stop.Token).ConfigureAwait(false);
        }
        catch
        {
            // The upload failed (or the packing did, and the upload read its error): stop packing, report the first error.
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await packing.ConfigureAwait(false);
            }
            catch (Exception) when (!packing.IsCompletedSuccessfully)
            {
            }
            throw;
        }
        await packing.ConfigureAwait(false);
    }

    private static async Task PackAsync(PipeWriter writer, TriggerPayload payload, CancellationToken cancellationToken)
    {
        try
        {
            await using (var archive = writer.AsStream(leaveOpen: true))
                await ArtifactArchive.WriteAsync(archive, payload.Files, payload.FilesOnDisk, cancellationToken).ConfigureAwait(false);
            await writer.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            await writer.CompleteAsync(e).ConfigureAwait(false);
            throw;
        }
    }
}
