using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Grid.Worker;

namespace Grid.Workflows.Worker;

/// <summary>
/// The worker side of the <c>command</c> task type. Each input artifact is written to <c>input/&lt;name&gt;/</c> and each
/// output artifact is collected from <c>output/&lt;name&gt;/</c> of a fresh folder; the command runs with
/// <c>GRID_INPUT_DIR</c> and <c>GRID_OUTPUT_DIR</c> set to those folders, and <c>{input_dir}</c> / <c>{output_dir}</c>
/// replaced in its arguments. A <c>result.json</c> object written to the output folder becomes the result metadata,
/// with <c>exit_code</c> added. A non-zero exit fails the attempt (retried while retries remain).
/// </summary>
public sealed class CommandTaskHandler : WorkflowTaskHandler
{
    private const int OutputTail = 2000;

    protected override async Task HandleAsync(WorkflowTaskContext context, CancellationToken cancellationToken)
    {
        var command = context.StringArg("command")
            ?? throw new TaskFailedException($"task '{context.TaskId}': args.command is required");
        var arguments = ReadArguments(context);

        var workFolder = Path.Combine(Path.GetTempPath(), "grid-command", $"{context.Manifest.ExecutionId}-{context.Task.Attempt}");
        var inputFolder = Path.Combine(workFolder, "input");
        var outputFolder = Path.Combine(workFolder, "output");
        try
        {
            Directory.CreateDirectory(inputFolder);
            foreach (var name in context.OutputNames) Directory.CreateDirectory(Path.Combine(outputFolder, name));
            context.ExtractInputs(inputFolder);

            var start = new ProcessStartInfo(command)
            {
                WorkingDirectory = workFolder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
                start.ArgumentList.Add(argument.Replace("{input_dir}", inputFolder, StringComparison.Ordinal).Replace("{output_dir}", outputFolder, StringComparison.Ordinal));
            start.Environment["GRID_INPUT_DIR"] = inputFolder;
            start.Environment["GRID_OUTPUT_DIR"] = outputFolder;
            start.Environment["GRID_TASK_ID"] = context.TaskId;

            var (exitCode, output) = await RunAsync(start, cancellationToken).ConfigureAwait(false);
            if (exitCode != 0)
                throw new TaskFailedException($"command '{command}' exited with code {exitCode}: {output}", retryable: true);

            foreach (var name in context.OutputNames) context.AddOutputFolder(name, Path.Combine(outputFolder, name));
            ReadResultFile(context, Path.Combine(outputFolder, "result.json"));
            context.Result["exit_code"] = exitCode;
        }
        finally
        {
            if (Directory.Exists(workFolder)) Directory.Delete(workFolder, recursive: true);
        }
    }

    private static List<string> ReadArguments(WorkflowTaskContext context)
    {
        if (!context.Manifest.Args.TryGetValue("arguments", out var value)) return [];
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(a => a.ValueKind != JsonValueKind.String))
            throw new TaskFailedException($"task '{context.TaskId}': args.arguments must be a list of strings");
        return value.EnumerateArray().Select(a => a.GetString()!).ToList();
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo start, CancellationToken cancellationToken)
    {
        using var process = Process.Start(start) ?? throw new TaskFailedException($"command '{start.FileName}' could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Timed out or cancelled: the command must not outlive its attempt.
            process.Kill(entireProcessTree: true);
            throw;
        }
        var text = new StringBuilder().Append(await stderr.ConfigureAwait(false)).Append(await stdout.ConfigureAwait(false)).ToString().Trim();
        return (process.ExitCode, text.Length > OutputTail ? text[^OutputTail..] : text);
    }

    private static void ReadResultFile(WorkflowTaskContext context, string path)
    {
        if (!File.Exists(path)) return;
        if (JsonNode.Parse(File.ReadAllText(path)) is not JsonObject result)
            throw new TaskFailedException($"task '{context.TaskId}': result.json must hold a JSON object");
        foreach (var (key, value) in result.ToList())
        {
            result.Remove(key);
            context.Result[key] = value;
        }
    }
}
