using Grid.Core;
using Grid.Samples;

namespace Grid.Tests;

/// <summary>
/// The agent hands a worker its inputs in memory up to <c>Grid:Limits:WorkerInlineDataSize</c> and as a file past it,
/// switching to the file in the middle of the stored chunks (the client uploads in chunks of a quarter of that limit).
/// </summary>
[Collection("grid")]
public sealed class WorkerInputTests(GridFixture fixture)
{
    private static readonly int InlineLimit = new GridLimits().WorkerInlineDataSize;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2 * 1024 * 1024 + 7)]
    public async Task An_input_at_or_past_the_inline_limit_reaches_the_worker_intact(int bytesPastTheLimit)
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var data = Enumerable.Range(0, InlineLimit + bytesPastTheLimit).Select(i => (byte)(i * 31 + i / 251)).ToArray();
        var payload = (await session.CreateResultsAsync(["payload"], ct))[0];
        await session.UploadAsync(payload, new MemoryStream(data), ct);
        var output = (await session.CreateResultsAsync(["echo"], ct))[0];

        await session.SubmitAsync([Work.Task(payload, [], [output], SampleApplications.Echo)], ct: ct);

        Assert.Equal(Api.V1.ResultStatus.Completed, (await session.WaitAsync([output], ct))[output]);
        Assert.Equal(data, await session.DownloadAsync(output, ct));
    }
}
