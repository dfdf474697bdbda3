using System.CommandLine;
using Grid.Api.V1;
using Spectre.Console;

namespace Grid.Cli.Commands;

/// <summary><c>grid status &lt;session-id&gt;</c>: the session's status and its tasks counted by status.</summary>
public static class StatusCommand
{
    public static Command Create()
    {
        var sessionId = new Argument<string>("session-id") { Description = "Session to inspect" };
        var endpoint = CommonOptions.Endpoint();
        var command = new Command("status", "Show a session's status and task counts") { sessionId, endpoint };
        command.SetAction(CliErrors.Guard(async (parse, ct) =>
        {
            await using var client = GridConnection.Open(parse.GetValue(endpoint));
            var id = parse.GetValue(sessionId)!;
            var session = (await client.Sessions.GetSessionAsync(new GetSessionRequest { SessionId = id }, deadline: DateTime.UtcNow + client.Options.DefaultDeadline, cancellationToken: ct)).Session;
            var counts = await client.OpenSession(id).CountTasksAsync(ct);

            AnsiConsole.MarkupLineInterpolated($"Session [bold]{session.SessionId}[/]");
            AnsiConsole.MarkupLineInterpolated($"  status:  [bold]{SessionStatusName(session.Status)}[/]");
            AnsiConsole.MarkupLineInterpolated($"  created: {session.CreatedAt?.ToDateTime():u}");
            AnsiConsole.Write(TaskCountsTable.Build(counts));
            return 0;
        }));
        return command;
    }

    private static string SessionStatusName(SessionStatus status) => status.ToString().ToLowerInvariant();
}
