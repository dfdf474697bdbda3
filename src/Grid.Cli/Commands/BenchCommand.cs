using System.CommandLine;
using System.Reflection;
using Grid.Api.V1;
using Grid.Cli.Bench;
using Spectre.Console;

namespace Grid.Cli.Commands;

/// <summary><c>grid bench</c>: the benchmark protocol of docs/benchmarks.md (W1, W2), as a table and a JSON file.</summary>
public static class BenchCommand
{
    private static readonly string[] KnownWorkloads = ["w1", "w2", "load"];
    private static readonly string[] DefaultWorkloads = ["w1", "w2"];

    public static Command Create()
    {
        var endpoint = CommonOptions.Endpoint(withDefault: false);
        var workloads = WorkloadOption();
        var tasks = CommonOptions.Int("--tasks", 100_000, 1, 10_000_000, "W1: number of tasks per run");
        var payloadSize = CommonOptions.Int("--payload-size", 8, 0, 1 << 20, "Payload bytes per task");
        var runs = CommonOptions.Int("--runs", 3, 1, 1_000, "Measured runs per workload (after one warm-up run)");
        var warmUp = CommonOptions.Int("--warm-up", 1, 0, 100, "Warm-up runs per workload, not measured");
        var cycles = CommonOptions.Int("--cycles", 1_000, 1, 10_000_000, "W2: sequential cycles per run");
        var agentFolder = new Option<string?>("--agent-folder") { Description = "Embedded grid only: scratch folder of the agent (default: the agent's default, under the temp folder)", HelpName = "folder" };
        var preload = CommonOptions.Int("--preload", 0, 0, 100_000_000, "Tasks stored in the grid (in a paused session) before measuring, to see whether rates hold as the tables grow");
        var clients = ClientsOption();
        var duration = new Option<TimeSpan>("--duration")
        {
            Description = "load: how long each run lasts (for example 30s, 2m)",
            HelpName = "time",
            DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
            CustomParser = result => ParseDuration(result),
        };
        var storages = StorageOption();
        var json = new Option<string>("--json") { Description = "File to write the report to", HelpName = "file", DefaultValueFactory = _ => "bench-results/bench.json" };

        var command = new Command("bench", "Measure throughput (W1) and latency (W2) of a grid")
        {
            endpoint, workloads, tasks, payloadSize, runs, warmUp, cycles, clients, duration, storages, agentFolder, preload, json,
        };
        command.Validators.Add(result =>
        {
            if (result.GetValue(endpoint) is not null && result.GetResult(storages) is { Implicit: false })
                result.AddError("--storage: applies to the embedded grid only; a grid at --endpoint runs on the storage it was started with");
        });
        command.SetAction(CliErrors.Guard(async (parse, ct) =>
        {
            var settings = new BenchSettings(parse.GetValue(workloads)!, parse.GetValue(tasks), parse.GetValue(payloadSize),
                parse.GetValue(warmUp), parse.GetValue(runs), parse.GetValue(cycles))
            {
                Clients = parse.GetValue(clients)!,
                Duration = parse.GetValue(duration),
            };
            var chosen = parse.GetValue(storages)!;
            var path = parse.GetValue(json)!;
            foreach (var storage in chosen)
            {
                // Several storages: one report each, beside one another (bench.json -> bench.memory.json, bench.durable.json).
                var reportPath = chosen.Length == 1 ? path : Path.ChangeExtension(path, $".{storage.ToString().ToLowerInvariant()}{Path.GetExtension(path)}");
                await RunAsync(parse.GetValue(endpoint), storage, parse.GetValue(agentFolder), parse.GetValue(preload), settings, reportPath, ct);
            }
            return 0;
        }));
        return command;
    }

    private static async Task RunAsync(string? endpoint, BenchStorage storage, string? agentFolder, int preloaded, BenchSettings settings, string path, CancellationToken ct)
    {
        var startedAt = DateTimeOffset.UtcNow;
        await using var target = await BenchTarget.StartAsync(endpoint, storage, agentFolder, ct);
        var versions = await target.Client.Versions.ListVersionsAsync(new ListVersionsRequest(), deadline: DateTime.UtcNow.AddSeconds(30), cancellationToken: ct);
        Console.Error.WriteLine($"Benchmarking {target.Address} (grid {versions.Core}, api {versions.Api}): {target.Backends}");

        if (preloaded > 0)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var sessionId = await new EmptyTaskThroughput(preloaded, settings.PayloadSize).PreloadAsync(target.Client, ct);
            Console.Error.WriteLine($"Preloaded {preloaded:N0} tasks in paused session {sessionId} in {clock.Elapsed.TotalSeconds:N1} s");
        }

        var results = new List<WorkloadResult>();
        foreach (var workload in settings.Workloads.SelectMany(name => Workloads(name, settings)))
            results.Add(await BenchRunner.RunAsync(workload, target.Client, settings.WarmUpRuns, settings.Runs, ct));

        var report = new BenchReport(startedAt, MachineInfo.Current(), target.Address, target.Backends,
            new BenchVersions(versions.Core, versions.Api, ClientVersion()), settings,
            (target.IsEmbedded
                ? "CPU is this process's: client and embedded grid together."
                : "CPU is this process's: the client only.")
            + (preloaded > 0 ? $" Measured with {preloaded:N0} more tasks already stored (a paused session)." : ""),
            results);
        if (Console.IsOutputRedirected)
            AnsiConsole.Profile.Width = 160; // a log file need not wrap at 80 columns
        AnsiConsole.Write(BenchTable.Build(report));
        await report.WriteAsync(path, ct);
        Console.WriteLine($"Report written to {path}");
    }

    private static Option<BenchStorage[]> StorageOption() => new("--storage")
    {
        Description = "Embedded grid only: what it stores its state in, comma-separated to measure several one after the other " +
            "(memory: everything in memory; durable: the default of `grid run`, tables in memory with every change journaled to disk, larger data in files)",
        HelpName = "memory,durable",
        DefaultValueFactory = _ => [BenchStorage.Memory],
        CustomParser = result =>
        {
            var chosen = new List<BenchStorage>();
            foreach (var name in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                if (!Enum.TryParse<BenchStorage>(name, ignoreCase: true, out var storage) || char.IsDigit(name[0]))
                {
                    result.AddError($"--storage: unknown storage '{name}' (expected memory, durable)");
                    return [];
                }
                if (!chosen.Contains(storage)) chosen.Add(storage);
            }
            if (chosen.Count == 0) result.AddError("--storage: no storage given");
            return [.. chosen];
        },
    };

    private static Option<string[]> WorkloadOption()
    {
        var option = new Option<string[]>("--workload", "-w")
        {
            Description = $"Workloads to run, comma-separated ({string.Join(", ", KnownWorkloads)}; load runs once per --clients count)",
            HelpName = "w1,w2",
            DefaultValueFactory = _ => DefaultWorkloads,
            AllowMultipleArgumentsPerToken = false,
            CustomParser = result =>
            {
                var names = result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    .Select(n => n.ToLowerInvariant()).Distinct().ToArray();
                var unknown = names.FirstOrDefault(n => !KnownWorkloads.Contains(n));
                if (unknown is not null)
                    result.AddError($"--workload: unknown workload '{unknown}' (expected {string.Join(", ", KnownWorkloads)})");
                else if (names.Length == 0)
                    result.AddError("--workload: no workload given");
                return names;
            },
        };
        return option;
    }

    private static IEnumerable<IBenchWorkload> Workloads(string name, BenchSettings settings) => name switch
    {
        "w1" => [new EmptyTaskThroughput(settings.Tasks, settings.PayloadSize)],
        "w2" => [new SingleTaskLatency(settings.Cycles, settings.PayloadSize)],
        "load" => settings.Clients.Select(n => new ConcurrentClientsLoad(n, settings.Duration, settings.PayloadSize)),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "unknown workload"),
    };

    private static Option<int[]> ClientsOption() => new("--clients")
    {
        Description = "load: numbers of concurrent clients, comma-separated, one load run each (1 to 10,000)",
        HelpName = "1,16,64,256",
        DefaultValueFactory = _ => [16],
        CustomParser = result =>
        {
            var counts = new List<int>();
            foreach (var text in result.Tokens.SelectMany(t => t.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
            {
                if (!int.TryParse(text, out var count) || count is < 1 or > 10_000)
                {
                    result.AddError($"--clients: '{text}' is not a number of clients from 1 to 10,000");
                    return [];
                }
                if (!counts.Contains(count)) counts.Add(count);
            }
            if (counts.Count == 0) result.AddError("--clients: no number given");
            return [.. counts];
        },
    };

    private static TimeSpan ParseDuration(System.CommandLine.Parsing.ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        var (number, scale) = text.EndsWith("ms") ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : (text, 1.0);
        if (double.TryParse(number, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 && value * scale <= 86_400)
            return TimeSpan.FromSeconds(value * scale);
        result.AddError($"--duration: '{text}' is not a duration such as 30s, 500ms or 2m (at most a day)");
        return TimeSpan.Zero;
    }

    private static string ClientVersion() =>
        typeof(Grid.Client.GridClient).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
}
