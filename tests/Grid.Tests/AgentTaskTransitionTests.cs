using Grid.Api.V1;
using Grid.Samples;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

/// <summary>
/// The task move only the polling agent makes, on a running grid: it takes a Submitted task, which starts it
/// (Processing, under the agent's lease, its start time set) in one write.
/// </summary>
[Collection("grid")]
public sealed class AgentTaskTransitionTests(GridFixture fixture)
{
    [Fact]
    public async Task The_agent_takes_a_submitted_task_and_starts_it_under_its_lease()
    {
        var ct = Work.Deadline();
        var session = await fixture.Client.CreateSessionAsync(ct: ct);
        var payload = (await session.CreateResultsWithDataAsync([("ms", Work.Text("1500"))], ct))[0];
        var output = (await session.CreateResultsAsync(["o"], ct))[0];
        await session.PauseAsync(ct);
        var taskId = (await session.SubmitAsync([Work.Task(payload, [], [output], SampleApplications.Sleep)], ct: ct))[0].TaskId;
        var submitted = await GetAsync(taskId, ct);
        Assert.Equal((TaskStatus.Submitted, "", 1), (submitted.Status, submitted.OwnerAgentId, submitted.Attempt));

        await session.ResumeAsync(ct);
        var processing = await GetAsync(taskId, ct);
        while (processing.Status == TaskStatus.Submitted)
        {
            await Task.Delay(20, ct);
            processing = await GetAsync(taskId, ct);
        }
        Assert.Equal(TaskStatus.Processing, processing.Status);
        Assert.NotEmpty(processing.OwnerAgentId);
        Assert.NotNull(processing.StartedAt);
        Assert.Equal(1, processing.Attempt);

        Assert.Equal(ResultStatus.Completed, (await session.WaitAsync([output], ct))[output]);
        Assert.Equal(TaskStatus.Completed, (await GetAsync(taskId, ct)).Status);
    }

    private async Task<TaskInfo> GetAsync(string taskId, CancellationToken ct) =>
        (await fixture.Client.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = taskId }, cancellationToken: ct)).Task;
}
