using System.CommandLine;
using System.Diagnostics;
using Grid.Cli.Bench;
using Grid.Workflows.Dicom.Hosting;
using Grid.Workflows.Dicom.Ingest;
using Grid.Workflows.Engine.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Grid.Cli.Commands;

/// <summary>
/// <c>grid bench-dicom</c>: how fast the workflow manager's DICOM ingest receives. dcmtk's storescu sends N instances
/// over loopback to an ingest AE title (instances stored and flushed exactly as in production; the group timeout is
/// long so no workflow starts). One warm-up run, then the measured runs; each has a fresh ingest and warm-up
/// instances that are not measured. Prints per run and
/// as median, min and max the instances/s and MB/s of the wall time storescu took, and the CPU time of this process
/// (the ingest) per instance.
/// </summary>
public static class BenchDicomCommand
{
    public static Command Create()
    {
        var instances = CommonOptions.Int("--instances", 1000, 1, 1_000_000, "Instances to send");
        var size = CommonOptions.Int("--size-kb", 512, 1, 1 << 20, "Pixel data per instance, in KiB");
        var warmUp = CommonOptions.Int("--warm-up", 100, 0, 1_000_000, "Instances sent first and not measured (the ingest is a long-running service: its code is compiled and its buffers grown)");
        var runs = CommonOptions.Int("--runs", 3, 1, 100, "Measured runs after one warm-up run, each on a fresh ingest (its own folder) after its warm-up instances");
        var senders = CommonOptions.Int("--senders", 1, 1, 64, "storescu processes sending at once (each its own association, the files split between them)");
        var noFlush = new Option<bool>("--no-flush") { Description = "Do not flush each instance to disk before acknowledging it (not the production setting)" };
        var folder = new Option<string?>("--folder") { Description = "Scratch folder (default: a new one in the temp folder, removed at the end)", HelpName = "folder" };

        var command = new Command("bench-dicom", "Measure DICOM ingest: storescu sends instances to the workflow manager's C-STORE provider over loopback")
        {
            instances, size, warmUp, runs, senders, noFlush, folder,
        };
        command.SetAction(CliErrors.Guard(async (parse, ct) =>
        {
            var storescu = FindOnPath("storescu") ?? throw new InvalidOperationException("storescu (dcmtk) is not on PATH: install dcmtk (scripts/install-prerequisites.sh)");
            var scratch = parse.GetValue(folder) ?? Path.Combine(Path.GetTempPath(), $"grid-bench-dicom-{Guid.NewGuid():N}");
            var count = parse.GetValue(instances);
            var bytes = parse.GetValue(size) * 1024;
            try
            {
                var warm = parse.GetValue(warmUp);
                Console.Error.WriteLine($"Writing {warm} + {count} instances of {bytes / 1024} KiB pixel data into {scratch} ...");
                var written = DicomBenchFiles.Write(Path.Combine(scratch, "send"), warm + count, bytes);
                var files = written.Skip(warm).ToList();
                var totalBytes = files.Sum(f => new FileInfo(f).Length);

                var measured = new List<(double Seconds, TimeSpan Cpu)>();
                // Run 0 is the protocol's warm-up run: this process's code is compiled along the way, not measured.
                for (var run = 0; run <= parse.GetValue(runs); run++)
                {
                    var manager = Path.Combine(scratch, $"manager-{run}");
                    var result = await MeasureRunAsync(storescu, manager, written, warm, parse.GetValue(senders), !parse.GetValue(noFlush), ct);
                    Directory.Delete(manager, recursive: true);
                    if (run > 0) measured.Add(result);
                    Console.WriteLine($"  {(run == 0 ? "warm-up run" : $"run {run}")}: {result.Seconds:N2} s  {count / result.Seconds:N0} instances/s  {totalBytes / 1e6 / result.Seconds:N1} MB/s");
                }

                var rates = measured.Select(m => count / m.Seconds).ToList();
                var megabytes = measured.Select(m => totalBytes / 1e6 / m.Seconds).ToList();
                Console.WriteLine($"DICOM ingest over loopback: {count} instances, {totalBytes / 1e6:N1} MB per run, {parse.GetValue(senders)} storescu sender(s), flush {(parse.GetValue(noFlush) ? "off" : "on")}, {measured.Count} run(s)");
                Console.WriteLine($"  instances/s  median {Statistics.Median(rates):N0}  min {rates.Min():N0}  max {rates.Max():N0}");
                Console.WriteLine($"  MB/s         median {Statistics.Median(megabytes):N1}  min {megabytes.Min():N1}  max {megabytes.Max():N1}");
                Console.WriteLine($"  ingest process CPU per instance, median {Statistics.Median(measured.Select(m => m.Cpu.TotalMilliseconds / count).ToList()):N2} ms (storescu not included)");
                Console.WriteLine($"  machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");
                return 0;
            }
            finally
            {
                if (parse.GetValue(folder) is null && Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
            }
        }));
        return command;
    }

    /// <summary>One run: a fresh ingest, the warm-up files, then the measured ones split between the senders; wall and CPU time of the measured part.</summary>
    private static async Task<(double Seconds, TimeSpan Cpu)> MeasureRunAsync(
        string storescu, string folder, IReadOnlyList<string> written, int warm, int senders, bool flush, CancellationToken ct)
    {
        await using var host = await StartIngestAsync(folder, flush);
        var ingest = host.Services.GetRequiredService<DicomIngestService>();
        string[] arguments = ["-aec", "BENCH", "-aet", "BENCHSCU", "-to", "30", "-ta", "30", "127.0.0.1", ingest.PortOf("BENCH").ToString()];
        if (warm > 0) ThrowIfFailed(await RunAsync(storescu, [.. arguments, .. written.Take(warm)], ct));

        var parts = written.Skip(warm).Select((f, i) => (f, i)).GroupBy(x => x.i % senders, x => x.f).ToList();
        var cpu = new CpuMeter();
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(parts.Select(part => RunAsync(storescu, [.. arguments, .. part], ct)));
        clock.Stop();
        var cpuTime = cpu.Elapsed;
        foreach (var result in results) ThrowIfFailed(result);
        if (ingest.InstancesStored != written.Count)
            throw new InvalidOperationException($"the ingest stored {ingest.InstancesStored} instances, not {written.Count}");
        return (clock.Elapsed.TotalSeconds, cpuTime);
    }

    /// <summary>The workflow manager's services with one ingest AE title; the grid address is never called (no workflow is registered).</summary>
    private static async Task<WebApplication> StartIngestAsync(string folder, bool flush)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Grid:Workflows:Dicom:Folder"] = folder,
            ["Grid:Workflows:Dicom:FlushToDisk"] = flush.ToString(),
            ["Grid:Workflows:Dicom:AeTitles:0:AeTitle"] = "BENCH",
            ["Grid:Workflows:Dicom:AeTitles:0:Port"] = "0",
            ["Grid:Workflows:Dicom:AeTitles:0:Timeout"] = "01:00:00",
            ["Kestrel:EndpointDefaults:Protocols"] = "Http2",
        });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddGridWorkflows(builder.Configuration);
        builder.Services.AddGridWorkflowsDicom(builder.Configuration);
        var app = builder.Build();
        await app.StartAsync();
        return app;
    }

    private static void ThrowIfFailed((int ExitCode, string Error) storescu)
    {
        if (storescu.ExitCode != 0) throw new InvalidOperationException($"storescu failed (exit {storescu.ExitCode}): {storescu.Error}");
    }

    private static async Task<(int ExitCode, string Error)> RunAsync(string tool, string[] arguments, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        await output;
        return (process.ExitCode, await error);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator).Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
}
