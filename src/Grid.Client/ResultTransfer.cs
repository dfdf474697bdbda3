using System.Buffers;
using Google.Protobuf;
using Grid.Api.V1;
using Grpc.Core;

namespace Grid.Client;

/// <summary>Chunked upload and download of result data over the streaming calls.</summary>
internal static class ResultTransfer
{
    /// <summary>The upload chunk size, unless the server accepts less (see <see cref="GridClient.UploadChunkSizeAsync"/>).</summary>
    public const int ChunkSize = 256 << 10;

    public static async Task UploadAsync(GridClient client, string sessionId, string resultId, Stream data, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(resultId);
        ArgumentNullException.ThrowIfNull(data);
        var id = new UploadResultDataRequest.Types.ResultIdentifier { SessionId = sessionId, ResultId = resultId };
        if (data.CanSeek)
            id.ExpectedSize = data.Length - data.Position;

        var chunkSize = await client.UploadChunkSizeAsync(ct).ConfigureAwait(false);
        using var call = client.Results.UploadResultData(client.CallOptions(ct));
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            await call.RequestStream.WriteAsync(new UploadResultDataRequest { Id = id }, ct).ConfigureAwait(false);
            int read;
            while ((read = await data.ReadAtLeastAsync(buffer.AsMemory(0, chunkSize), chunkSize, throwOnEndOfStream: false, ct).ConfigureAwait(false)) > 0)
                await call.RequestStream.WriteAsync(new UploadResultDataRequest { DataChunk = ByteString.CopyFrom(buffer, 0, read) }, ct).ConfigureAwait(false);
            await call.RequestStream.CompleteAsync().ConfigureAwait(false);
        }
        catch (RpcException)
        {
            // The server ended the call early: its status (below) says why, better than the failed write.
            await call.ResponseAsync.ConfigureAwait(false);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        await call.ResponseAsync.ConfigureAwait(false);
    }

    public static async Task DownloadAsync(GridClient client, string sessionId, string resultId, Stream destination, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(resultId);
        ArgumentNullException.ThrowIfNull(destination);
        using var call = client.Results.DownloadResultData(new DownloadResultDataRequest { SessionId = sessionId, ResultId = resultId }, client.CallOptions(ct));
        while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
            await destination.WriteAsync(call.ResponseStream.Current.DataChunk.Memory, ct).ConfigureAwait(false);
    }

    public static async Task<byte[]> DownloadAsync(GridClient client, string sessionId, string resultId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrEmpty(resultId);
        using var call = client.Results.DownloadResultData(new DownloadResultDataRequest { SessionId = sessionId, ResultId = resultId }, client.CallOptions(ct));
        ByteString? first = null;
        MemoryStream? several = null;
        while (await call.ResponseStream.MoveNext(ct).ConfigureAwait(false))
        {
            var chunk = call.ResponseStream.Current.DataChunk;
            if (first is null)
            {
                first = chunk;
                continue;
            }
            if (several is null)
            {
                several = new MemoryStream();
                several.Write(first.Span);
            }
            several.Write(chunk.Span);
        }
        return several?.ToArray() ?? first?.ToByteArray() ?? [];
    }
}
