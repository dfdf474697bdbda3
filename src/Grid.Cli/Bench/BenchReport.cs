using System.Text.Json;
using System.Text.Json.Serialization;

namespace Grid.Cli.Bench;

/// <summary>The JSON document a benchmark writes: where it ran, on what, and the figures.</summary>
public sealed record BenchReport(
    DateTimeOffset StartedAt,
    MachineInfo Machine,
    string Endpoint,
    string Backends,
    BenchVersions Versions,
    BenchSettings Settings,
    string CpuNote,
    IReadOnlyList<WorkloadResult> Workloads)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        // A report for people: "+" and "'" stay as they are.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public async Task WriteAsync(string path, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is not null)
            Directory.CreateDirectory(folder);
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, Json, ct);
    }
}

/// <summary>Versions of the grid (ListVersions) and of this client.</summary>
public sealed record BenchVersions(string Core, string Api, string Client);
