using System.Collections.Concurrent;
using Grid.Agent;
using Grid.Api.V1;
using Grid.Core.Model;
using Grid.Hosting;
using Grid.Samples;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Grid.Tests;

/// <summary>
/// A worker that shares no folder with its agent streams its outputs to it: the agent holds those chunks to the grid's
/// <c>Grid:Limits:MaxChunkSize</c> as the control plane does, and the worker SDK splits to that limit.
/// </summary>
public sealed class AgentUploadTests
{
    private const int MaxChunkSize = 1024;

    [Fact]
    public async Task An_agent_refuses_an_upload_chunk_larger_than_MaxChunkSize_naming_the_limit()
    {
        var ct = Work.Deadline();
        var recorder = new UploadRecorder();
        await using var grid = await StartAsync(recorder, ct);
        await using var client = new Client.GridClient(new Client.GridClientOptions { Address = grid.Address });
        var session = await client.CreateSessionAsync(ct: ct);
        var output = (await session.CreateResultsAsync(["output"], ct))[0];
        var attempt = new RunningAttempt(new TaskRecord
        {
            SessionId = session.SessionId, TaskId = "uploading-task", Status = TaskState.Processing, Options = new GridTaskOptions(),
            PayloadId = "payload", DataDependencies = [], ExpectedOutputIds = [output], CreatedAt = DateTime.UtcNow,
        }, Path.GetTempPath());
        recorder.Services!.GetRequiredService<AttemptRegistry>().Add(attempt);

        using var channel = Api.GridChannelFactory.Create(grid.Address);
        using var call = new AgentService.AgentServiceClient(channel).UploadTaskResultData(cancellationToken: ct);
        await call.RequestStream.WriteAsync(new UploadTaskResultDataRequest
        {
            Id = new UploadTaskResultDataRequest.Types.ResultIdentifier { CommunicationToken = attempt.Token, ResultId = output },
        }, ct);
        await call.RequestStream.WriteAsync(new UploadTaskResultDataRequest { DataChunk = Google.Protobuf.ByteString.CopyFrom(new byte[MaxChunkSize + 1]) }, ct);
        await call.RequestStream.CompleteAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync);

        Assert.Equal(StatusCode.ResourceExhausted, error.StatusCode);
        Assert.Contains($"limit of {MaxChunkSize}", error.Status.Detail);
        Assert.Contains("(Grid:Limits:MaxChunkSize)", error.Status.Detail);
        Assert.False(attempt.Outcome.ProducedOutputs.ContainsKey(output), "the refused upload was recorded as an output");
    }

    [Fact]
    public async Task A_worker_splits_what_it_streams_to_its_agent_to_MaxChunkSize()
    {
        const long size = 20 << 10;
        var ct = Work.Deadline();
        var recorder = new UploadRecorder();
        await using var grid = await StartAsync(recorder, ct);
        await using var client = new Client.GridClient(new Client.GridClientOptions { Address = grid.Address });
        var session = await client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("size", Work.Text(size.ToString()))], ct))[0];
        var output = (await session.CreateResultsAsync(["generated"], ct))[0];

        await session.SubmitAsync([Work.Task(payload, [], [output], SampleApplications.Generate)], ct: ct);

        Assert.Equal(ResultStatus.Completed, (await session.WaitAsync([output], ct))[output]);
        Assert.Equal(size, recorder.ChunkSizes.Sum(c => (long)c));
        Assert.True(recorder.ChunkSizes.Max() <= MaxChunkSize, $"the worker sent a chunk of {recorder.ChunkSizes.Max()} bytes to its agent");
    }

    /// <summary>A grid whose worker streams its outputs (no shared folder) in chunks larger than the grid's limit, unless it splits them.</summary>
    private static Task<EmbeddedGrid> StartAsync(UploadRecorder recorder, CancellationToken ct)
    {
        var options = new EmbeddedGridOptions { Port = 0, DataFolder = null, Quiet = true, Extensions = { recorder } };
        options.Settings["Grid:Limits:MaxChunkSize"] = MaxChunkSize.ToString();
        options.Settings["Grid:Worker:SharesDataFolder"] = "false";
        options.Settings["Grid:Worker:UploadChunkSize"] = (64 << 10).ToString();
        return EmbeddedGrid.StartAsync(options, ct);
    }

    /// <summary>Records the size of every chunk a worker streams to the agent, before the agent sees it.</summary>
    private sealed class UploadRecorder : IEmbeddedGridExtension
    {
        private readonly ConcurrentQueue<int> _chunkSizes = new();

        public IServiceProvider? Services { get; private set; }
        public IReadOnlyCollection<int> ChunkSizes => _chunkSizes;

        public void ConfigureServices(IServiceCollection services, IConfiguration configuration, EmbeddedGridEnvironment environment)
        {
            services.AddSingleton(this);
            services.AddGrpc(o => o.Interceptors.Add<Interceptor>());
        }

        public void Map(WebApplication app) => Services = app.Services;

        private sealed class Interceptor(UploadRecorder recorder) : Grpc.Core.Interceptors.Interceptor
        {
            public override Task<TResponse> ClientStreamingServerHandler<TRequest, TResponse>(
                IAsyncStreamReader<TRequest> requestStream, ServerCallContext context, ClientStreamingServerMethod<TRequest, TResponse> continuation) =>
                continuation(new Recording<TRequest>(requestStream, recorder._chunkSizes), context);
        }

        private sealed class Recording<T>(IAsyncStreamReader<T> inner, ConcurrentQueue<int> sizes) : IAsyncStreamReader<T>
        {
            public T Current => inner.Current;

            public async Task<bool> MoveNext(CancellationToken cancellationToken)
            {
                if (!await inner.MoveNext(cancellationToken)) return false;
                if (inner.Current is UploadTaskResultDataRequest { TypeCase: UploadTaskResultDataRequest.TypeOneofCase.DataChunk } upload)
                    sizes.Enqueue(upload.DataChunk.Length);
                return true;
            }
        }
    }
}
