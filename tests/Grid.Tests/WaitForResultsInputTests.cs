using Grid.Api.V1;
using Grid.Samples;
using Grpc.Core;
using Grpc.Net.Client;

namespace Grid.Tests;

/// <summary>
/// WaitForResults takes the lists an outside client may send: a result named twice is waited for and answered once,
/// and no list makes the handler fail as UNKNOWN.
/// </summary>
[Collection("grid")]
public sealed class WaitForResultsInputTests(GridFixture fixture) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(fixture.Grid.Address);
    private ResultsService.ResultsServiceClient Results => new(_channel);

    public void Dispose() => _channel.Dispose();

    [Fact]
    public async Task A_result_named_twice_is_answered_once()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var done = (await session.CreateResultsWithDataAsync([("done", Work.Text("x"))], ct))[0];
        var output = (await session.CreateResultsAsync(["out"], ct))[0];

        var request = new WaitForResultsRequest { SessionId = session.SessionId, ResultIds = { done, output, done, output } };
        using var call = Results.WaitForResults(request, cancellationToken: ct);
        var first = await NextAsync(call, ct);
        Assert.Equal([done], first.Select(r => r.ResultId));

        // The output completes while the stream waits for it.
        await session.SubmitAsync([Work.Task(done, [], [output], SampleApplications.Echo)], ct: ct);
        var changes = new List<WaitForResultsResponse.Types.ResultStatusChange>(first);
        while (await call.ResponseStream.MoveNext(ct)) changes.AddRange(call.ResponseStream.Current.Results);
        Assert.Equal([done, output], changes.Select(r => r.ResultId));
        Assert.All(changes, r => Assert.Equal(ResultStatus.Completed, r.Status));
    }

    [Fact]
    public async Task An_empty_list_an_empty_id_and_an_unknown_id_are_refused_by_name_never_unknown()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var done = (await session.CreateResultsWithDataAsync([("done", Work.Text("x"))], ct))[0];

        var cases = new (string[] Ids, StatusCode Code, string Detail)[]
        {
            ([], StatusCode.InvalidArgument, "result_ids: at least one result is required"),
            ([done, ""], StatusCode.InvalidArgument, "result_ids[1]: an id is required"),
            ([done, done, "r-9"], StatusCode.NotFound, $"result_ids[2]: result 'r-9' does not exist in session '{session.SessionId}'"),
        };
        foreach (var (ids, code, detail) in cases)
        {
            using var call = Results.WaitForResults(new WaitForResultsRequest { SessionId = session.SessionId, ResultIds = { ids } }, cancellationToken: ct);
            var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext(ct));
            Assert.Equal((code, detail), (error.StatusCode, error.Status.Detail));
        }
    }

    private static async Task<IReadOnlyList<WaitForResultsResponse.Types.ResultStatusChange>> NextAsync(AsyncServerStreamingCall<WaitForResultsResponse> call, CancellationToken ct)
    {
        Assert.True(await call.ResponseStream.MoveNext(ct), "the stream ended early");
        return call.ResponseStream.Current.Results;
    }
}
