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
/// long so no workflow starts) after a warm-up that is not measured; prints instances/s and MB/s of the wall time
/// storescu took, and the CPU time of this process (the ingest) per instance.
/// </summary>
public static class BenchDicomCommand
{
    public static Command Create()
    {
        var instances = CommonOptions.Int("--instances", 1000, 1, 1_000_000, "Instances to send");
        var size = CommonOptions.Int("--size-kb", 512, 1, 1 << 20, "Pixel data per instance, in KiB");
        var warmUp = CommonOptions.Int("--warm-up", 100, 0, 1_000_000, "Instances sent first and not measured (the ingest is a long-running service: its code is compiled and its buffers grown)");
        var senders = CommonOptions.Int("--senders", 1, 1, 64, "storescu processes sending at once (each its own association, the files split between them)");
        var noFlush = new Option<bool>("--no-flush") { Description = "Do not flush each instance to disk before acknowledging it (not the production setting)" };
        var folder = new Option<string?>("--folder") { Description = "Scratch folder (default: a new one in the temp folder, removed at the end)", HelpName = "folder" };

        var command = new Command("bench-dicom", "Measure DICOM ingest: storescu sends instances to the workflow manager's C-STORE provider over loopback")
        {
            instances, size, warmUp, senders, noFlush, folder,
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

                await using var host = await StartIngestAsync(Path.Combine(scratch, "manager"), !parse.GetValue(noFlush));
                var ingest = host.Services.GetRequiredService<DicomIngestService>();
                var port = ingest.PortOf("BENCH");
                string[] storescuArguments = ["-aec", "BENCH", "-aet", "BENCHSCU", "-to", "30", "-ta", "30", "127.0.0.1", port.ToString()];
                if (warm > 0) ThrowIfFailed(await RunAsync(storescu, [.. storescuArguments, .. written.Take(warm)], ct));

                var parts = files.Select((f, i) => (f, i)).GroupBy(x => x.i % parse.GetValue(senders), x => x.f).ToList();
                var cpu = new CpuMeter();
                var clock = Stopwatch.StartNew();
                var runs = parts.Select(part => RunAsync(storescu, [.. storescuArguments, .. part], ct)).ToList();
                var results = await Task.WhenAll(runs);
                clock.Stop();
                var cpuTime = cpu.Elapsed;
                foreach (var result in results) ThrowIfFailed(result);
                if (ingest.InstancesStored != warm + count)
                    throw new InvalidOperationException($"the ingest stored {ingest.InstancesStored} instances, not {warm + count}");

                var seconds = clock.Elapsed.TotalSeconds;
                Console.WriteLine($"DICOM ingest over loopback: {count} instances, {totalBytes / 1e6:N1} MB, {parse.GetValue(senders)} storescu sender(s), flush {(parse.GetValue(noFlush) ? "off" : "on")}");
                Console.WriteLine($"  {seconds:N2} s  {count / seconds:N0} instances/s  {totalBytes / 1e6 / seconds:N1} MB/s");
                Console.WriteLine($"  ingest process CPU {cpuTime.TotalMilliseconds / count:N2} ms per instance (storescu not included)");
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
