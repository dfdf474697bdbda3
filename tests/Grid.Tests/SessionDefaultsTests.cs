using Google.Protobuf.WellKnownTypes;
using Grid.Api.V1;
using Grid.Samples;
using Grpc.Net.Client;

namespace Grid.Tests;

/// <summary>A session shows the task options its tasks actually get: its own defaults, with the grid's where it set none.</summary>
[Collection("grid")]
public sealed class SessionDefaultsTests(GridFixture fixture)
{
    [Fact]
    public async Task The_session_shows_the_grid_defaults_it_did_not_set_and_a_task_gets_them()
    {
        var ct = Work.Deadline();
        using var channel = GrpcChannel.ForAddress(fixture.Grid.Address);
        var sessions = new SessionsService.SessionsServiceClient(channel);
        var created = (await sessions.CreateSessionAsync(new CreateSessionRequest
        {
            DefaultTaskOptions = new TaskOptions { Priority = 7, ApplicationName = SampleApplications.Echo },
        }, cancellationToken: ct)).Session;

        var shown = (await sessions.GetSessionAsync(new GetSessionRequest { SessionId = created.SessionId }, cancellationToken: ct)).Session.DefaultTaskOptions;
        Assert.Equal(7, shown.Priority); // the session's own
        Assert.Equal(SampleApplications.Echo, shown.ApplicationName);
        Assert.Equal(Duration.FromTimeSpan(TimeSpan.FromHours(1)), shown.MaxDuration); // the grid's
        Assert.Equal(2, shown.MaxRetries);
        Assert.Equal("default", shown.PartitionId);
        Assert.Equal(shown, created.DefaultTaskOptions);

        // A task that sets nothing gets exactly that.
        var session = fixture.Client.OpenSession(created.SessionId);
        var payload = (await session.CreateResultsWithDataAsync([("p", Work.Text("x"))], ct))[0];
        var output = (await session.CreateResultsAsync(["out"], ct))[0];
        var task = (await session.SubmitAsync([new TaskCreation { PayloadId = payload, ExpectedOutputIds = { output } }], ct: ct))[0];
        var got = (await fixture.Client.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = task.TaskId }, cancellationToken: ct)).Task.Options;
        Assert.Equal(shown, got);
    }
}
