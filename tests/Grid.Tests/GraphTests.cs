using Grid.Api.V1;
using Grid.Samples;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

[Collection("grid")]
public sealed class GraphTests(GridFixture fixture)
{
    [Fact]
    public async Task A_session_of_ten_thousand_tasks_with_fan_out_and_fan_in_completes_with_correct_results()
    {
        var ct = Work.Deadline(300);
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var graph = await FanOutFanIn.SubmitAsync(session, ct);
        await graph.VerifyAsync(session, ct);
    }

    [Fact]
    public async Task Subtasks_that_take_over_their_parents_output_over_many_levels_yield_the_right_final_output()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("n", Work.Text("16"))], ct))[0];
        var output = (await session.CreateResultsAsync(["fib(16)"], ct))[0];
        await session.SubmitAsync([Work.Task(payload, [], [output], SampleApplications.Fibonacci)], ct: ct);

        Assert.Equal(ResultStatus.Completed, (await session.WaitAsync([output], ct))[output]);
        Assert.Equal("987", Work.Text(await session.DownloadAsync(output, ct)));

        // T(n) = T(n-1) + T(n-2) + 2 with T(0) = T(1) = 1, so T(n) = 3 F(n+1) - 2: 4,789 tasks for fib(16).
        var counts = await session.CountTasksAsync(ct);
        Assert.Equal(3 * 1597 - 2, counts[TaskStatus.Completed]);
        var result = await fixture.Client.Results.GetResultAsync(new GetResultRequest { SessionId = session.SessionId, ResultId = output }, cancellationToken: ct);
        var owner = await fixture.Client.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = result.Result.OwnerTaskId }, cancellationToken: ct);
        Assert.Equal(SampleApplications.Add, owner.Task.Options.ApplicationName); // the output moved down to the last reduction
    }
}
