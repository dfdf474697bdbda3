using System.CommandLine;
using Grid.Cli.Commands;

namespace Grid.Cli;

/// <summary>The command tree of <c>grid</c>.</summary>
public static class GridCommandLine
{
    public static RootCommand Build() => new("grid: a session/task grid scheduler")
    {
        RunCommand.Create(),
        SubmitCommand.Create(),
        StatusCommand.Create(),
        BenchCommand.Create(),
        BenchDicomCommand.Create(),
    };
}
