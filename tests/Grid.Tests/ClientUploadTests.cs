namespace Grid.Tests;

/// <summary>The client SDK fits its uploads to the server's limits, which it asks for once.</summary>
[Collection("small limits")]
public sealed class ClientUploadTests(SmallLimitsFixture fixture)
{
    [Fact]
    public async Task The_client_uploads_in_chunks_no_larger_than_MaxChunkSize()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var resultId = (await session.CreateResultsAsync(["big"], ct))[0];
        var data = Enumerable.Range(0, 5 * SmallLimitsFixture.MaxChunkSize + 3).Select(i => (byte)i).ToArray();

        await session.UploadAsync(resultId, new MemoryStream(data), ct);

        Assert.Equal(data, await session.DownloadAsync(resultId, ct));
    }
}
