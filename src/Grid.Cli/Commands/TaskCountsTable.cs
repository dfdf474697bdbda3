using Spectre.Console;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Cli.Commands;

/// <summary>Renders task counts by status as a table.</summary>
public static class TaskCountsTable
{
    public static Table Build(IReadOnlyDictionary<TaskStatus, long> counts)
    {
        var table = new Table().AddColumn("Task status").AddColumn(new TableColumn("Count").RightAligned());
        foreach (var (status, count) in counts.Where(c => c.Value > 0).OrderBy(c => c.Key))
            table.AddRow(Name(status), count.ToString("N0"));
        table.AddRow("[bold]total[/]", $"[bold]{counts.Values.Sum():N0}[/]");
        return table;
    }

    /// <summary><c>TASK_STATUS_COMPLETED</c> reads as <c>completed</c>.</summary>
    public static string Name(TaskStatus status) => status.ToString().ToLowerInvariant();
}
