using Grpc.Health.V1;
using Grpc.Net.Client;

namespace Grid.Tests;

/// <summary>The standard health service answers, besides the whole server (""), for each service it serves by its fully qualified name.</summary>
[Collection("grid")]
public sealed class HealthTests(GridFixture fixture)
{
    [Theory]
    [InlineData("grid.v1.SessionsService")]
    [InlineData("grid.v1.ResultsService")]
    [InlineData("grid.v1.TasksService")]
    [InlineData("grid.v1.EventsService")]
    [InlineData("grid.v1.PartitionsService")]
    [InlineData("grid.v1.VersionsService")]
    [InlineData("grid.v1.AgentService")]
    [InlineData("grid.v1.WorkerService")]
    public async Task Each_served_service_is_serving(string service)
    {
        using var channel = GrpcChannel.ForAddress(fixture.Grid.Address);
        var answer = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = service }, cancellationToken: Work.Deadline());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, answer.Status);
    }
}
