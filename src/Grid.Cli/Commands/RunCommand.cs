using System.CommandLine;
using Grid.Hosting;

namespace Grid.Cli.Commands;

/// <summary><c>grid run</c>: control plane, agent, sample worker and workflow manager in this process, until Ctrl+C or SIGTERM.</summary>
public static class RunCommand
{
    public static Command Create()
    {
        var port = CommonOptions.Int("--port", 5000, 0, 65535, "Port to listen on, on 127.0.0.1 (0 = any free port)");
        var data = new Option<string>("--data") { Description = "Folder that keeps the grid's state", HelpName = "folder", DefaultValueFactory = _ => "./.grid" };
        var inMemory = new Option<bool>("--in-memory") { Description = "Keep everything in memory (ignores --data)" };
        var concurrency = CommonOptions.Int("--concurrency", 64, 1, 10_000, "Tasks the embedded agent runs at once");

        var command = new Command("run", "Start an embedded grid (control plane + agent + sample worker)") { port, data, inMemory, concurrency };
        command.SetAction(CliErrors.Guard(async (parse, ct) =>
        {
            var options = new EmbeddedGridOptions
            {
                Port = parse.GetValue(port),
                DataFolder = parse.GetValue(inMemory) ? null : Path.GetFullPath(parse.GetValue(data)!),
                AgentConcurrency = parse.GetValue(concurrency),
            };
            options.Extensions.Add(new EmbeddedWorkflowManager());
            await using var grid = await EmbeddedGrid.StartAsync(options, ct);
            Console.WriteLine($"Grid listening on {grid.Address} ({(options.DataFolder is null ? "in memory" : $"data in {options.DataFolder}")}). Press Ctrl+C to stop.");
            Console.WriteLine($"Workflows: gRPC grid.v1.WorkflowsService / WorkflowInstancesService, HTTP/JSON at {grid.Address}/api (HTTP/2: curl --http2-prior-knowledge).");
            try
            {
                await grid.WaitForShutdownAsync(ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Ctrl+C / SIGTERM: dispose (below) drains and stops the grid.
            }
            Console.WriteLine("Grid stopping.");
            return 0;
        }));
        return command;
    }
}
