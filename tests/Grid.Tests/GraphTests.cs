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
        const int leaves = 9_899, groupSize = 100; // 1 root + 9,899 leaves + 99 group sums + 1 sink = 10,000 tasks
        var ct = Work.Deadline(300);
        var session = await fixture.Client.CreateSessionAsync(ct: ct);

        // Inputs: the root's payload, one value per leaf, and an empty payload shared by the "add" tasks.
        var inputs = await session.CreateResultsWithDataAsync(
            new[] { ("root", Work.Text("1")), ("empty", ReadOnlyMemory<byte>.Empty) }
                .Concat(Enumerable.Range(0, leaves).Select(i => ($"value-{i}", Work.Text(i.ToString())))), ct);
        var (rootPayload, empty, values) = (inputs[0], inputs[1], inputs.Skip(2).ToList());

        var groups = (leaves + groupSize - 1) / groupSize;
        var outputs = await session.CreateResultsAsync(
            new[] { "root-out", "sink" }.Concat(Enumerable.Range(0, leaves).Select(i => $"leaf-{i}")).Concat(Enumerable.Range(0, groups).Select(g => $"group-{g}")), ct);
        var (rootOut, sink) = (outputs[0], outputs[1]);
        var leafOuts = outputs.Skip(2).Take(leaves).ToList();
        var groupOuts = outputs.Skip(2 + leaves).ToList();

        // Submitted sink first and root last, so that every dependency is still missing when its dependent arrives.
        var tasks = new List<TaskCreation> { Work.Task(empty, groupOuts, [sink], SampleApplications.Add) };
        tasks.AddRange(Enumerable.Range(0, groups).Select(g =>
            Work.Task(empty, leafOuts.Skip(g * groupSize).Take(groupSize), [groupOuts[g]], SampleApplications.Add)));
        tasks.AddRange(Enumerable.Range(0, leaves).Select(i => Work.Task(empty, [rootOut, values[i]], [leafOuts[i]], SampleApplications.Add)));
        tasks.Add(Work.Task(rootPayload, [], [rootOut], SampleApplications.Echo));
        Assert.Equal(10_000, tasks.Count);
        await session.SubmitAsync(tasks, ct: ct);

        var statuses = await session.WaitAsync([sink], ct);
        Assert.Equal(ResultStatus.Completed, statuses[sink]);

        long expected = Enumerable.Range(0, leaves).Sum(i => 1L + i);
        Assert.Equal(expected.ToString(), Work.Text(await session.DownloadAsync(sink, ct)));
        Assert.Equal("1", Work.Text(await session.DownloadAsync(rootOut, ct)));
        Assert.Equal("4243", Work.Text(await session.DownloadAsync(leafOuts[4242], ct)));
        var counts = await session.CountTasksAsync(ct);
        Assert.Equal(10_000, counts.GetValueOrDefault(TaskStatus.Completed));
        Assert.Single(counts);
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
