using Grid.Core.Lifecycle;
using Grid.Core.Model;
using Grid.Core.Storage;
using Grid.Storage.Conformance;

namespace Grid.Storage.PostgreSql.Tests;

/// <summary>The SQL of a task transition changes exactly what <see cref="TaskTransition.Apply"/> changes, for every allowed move.</summary>
public sealed class TaskTransitionRuleTests(FreshSchema schema) : IClassFixture<FreshSchema>
{
    public static TheoryData<TaskState, TaskState, bool> Moves()
    {
        var moves = new TheoryData<TaskState, TaskState, bool>();
        foreach (var from in Enum.GetValues<TaskState>())
        foreach (var to in Enum.GetValues<TaskState>())
            if (Lifecycles.Task.CanMove(from, to))
            {
                moves.Add(from, to, false);
                moves.Add(from, to, true);
            }
        return moves;
    }

    [Theory]
    [MemberData(nameof(Moves))]
    public async Task The_stored_task_is_what_Apply_makes_of_it(TaskState from, TaskState to, bool setEveryOptionalField)
    {
        var tasks = schema.Tables.Tasks;
        var before = Records.Task(Records.NewId("s"), from) with
        {
            OwnerAgentId = "old-agent", LeaseExpiresAt = Records.Epoch.AddMinutes(1), Error = "old error", Attempt = 2,
            SubmittedAt = Records.Epoch.AddSeconds(1), StartedAt = Records.Epoch.AddSeconds(2), EndedAt = Records.Epoch.AddSeconds(3),
        };
        await tasks.CreateAsync([new NewTask(before, [])], CancellationToken.None);
        var transition = new TaskTransition(before.TaskId, from, to, Records.Epoch.AddHours(1).AddTicks(1230));
        if (setEveryOptionalField)
            transition = transition with
            {
                ExpectedOwnerAgentId = "old-agent", OwnerAgentId = "new-agent", LeaseExpiresAt = Records.Epoch.AddHours(2), Error = "new error", Attempt = 3,
            };

        var changed = Assert.Single(await tasks.TransitionAsync([transition], CancellationToken.None));
        var stored = await tasks.GetAsync(before.TaskId, CancellationToken.None);

        var expected = Comparable(transition.Apply(before));
        Assert.Equal(expected, Comparable(changed));
        Assert.Equal(expected, Comparable(stored!));
    }

    [Fact]
    public async Task Two_transitions_of_one_task_in_a_batch_apply_one_after_the_other()
    {
        var tasks = schema.Tables.Tasks;
        var task = Records.Task(Records.NewId("s"));
        await tasks.CreateAsync([new NewTask(task, [])], CancellationToken.None);
        var changed = await tasks.TransitionAsync(
        [
            new TaskTransition(task.TaskId, TaskState.Submitted, TaskState.Processing, Records.Epoch) { OwnerAgentId = "a" },
            new TaskTransition(task.TaskId, TaskState.Processing, TaskState.Completed, Records.Epoch.AddSeconds(1)) { ExpectedOwnerAgentId = "a" },
        ], CancellationToken.None);
        Assert.Equal([TaskState.Processing, TaskState.Completed], changed.Select(t => t.Status));
        Assert.Equal(("a", (DateTime?)Records.Epoch), (changed[0].OwnerAgentId, changed[0].StartedAt));
        Assert.Equal(((string?)null, (DateTime?)Records.Epoch, (DateTime?)Records.Epoch.AddSeconds(1)), (changed[1].OwnerAgentId, changed[1].StartedAt, changed[1].EndedAt));
    }

    /// <summary>The record with its list and map fields made comparable by value.</summary>
    private static TaskRecord Comparable(TaskRecord task) => task with
    {
        DataDependencies = [], ExpectedOutputIds = [], Options = task.Options with { Options = GridTaskOptions.EmptyOptions },
    };
}
