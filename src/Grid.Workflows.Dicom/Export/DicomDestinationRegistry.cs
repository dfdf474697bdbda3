using System.Collections.Concurrent;
using System.Text.Json;
using Grid.Workflows.Engine;

namespace Grid.Workflows.Dicom.Export;

/// <summary>
/// The DICOM export destinations: those of configuration (read-only) and those put through the API, which are kept
/// in one JSON file (written to a temporary file and renamed) when the manager has a data folder.
/// </summary>
public sealed class DicomDestinationRegistry
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private readonly ConcurrentDictionary<string, DicomDestination> _destinations = new(StringComparer.Ordinal);
    private readonly string? _file;
    private readonly SemaphoreSlim _saving = new(1, 1);

    public DicomDestinationRegistry(IEnumerable<DicomDestinationOptions> configured, string? file)
    {
        _file = file;
        if (file is not null && File.Exists(file))
            foreach (var stored in JsonSerializer.Deserialize<List<DicomDestination>>(File.ReadAllText(file), Json) ?? [])
                _destinations[stored.Name] = stored with { FromConfiguration = false };
        var index = 0;
        foreach (var options in configured)
        {
            var destination = new DicomDestination(options.Name, options.AeTitle, options.Host, options.Port, FromConfiguration: true);
            var errors = Check(destination);
            if (errors.Count > 0)
                throw new InvalidOperationException($"Grid:Workflows:Dicom:Destinations:{index}: {string.Join("; ", errors.Select(e => e.ToString()))}");
            _destinations[destination.Name] = destination;
            index++;
        }
    }

    public DicomDestination? Find(string name) => _destinations.GetValueOrDefault(name);

    public DicomDestination Get(string name) =>
        Find(name) ?? throw WorkflowRequestException.NotFound($"DICOM destination '{name}' does not exist");

    public IReadOnlyList<DicomDestination> List() => _destinations.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();

    /// <summary>Creates or replaces a destination; one from configuration cannot be changed here.</summary>
    public async Task<DicomDestination> PutAsync(DicomDestination destination, CancellationToken cancellationToken)
    {
        destination = destination with { FromConfiguration = false };
        var errors = Check(destination);
        if (errors.Count > 0)
            throw WorkflowRequestException.Invalid($"the DICOM destination has {errors.Count} problem{(errors.Count == 1 ? "" : "s")}", errors);
        RefuseConfigured(destination.Name);
        _destinations[destination.Name] = destination;
        await SaveAsync(cancellationToken).ConfigureAwait(false);
        return destination;
    }

    public async Task<DicomDestination> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        var existing = Get(name);
        RefuseConfigured(name);
        _destinations.TryRemove(name, out _);
        await SaveAsync(cancellationToken).ConfigureAwait(false);
        return existing;
    }

    private void RefuseConfigured(string name)
    {
        if (Find(name) is { FromConfiguration: true })
            throw new WorkflowRequestException(WorkflowRequestFailure.Conflict,
                $"DICOM destination '{name}' comes from configuration (Grid:Workflows:Dicom:Destinations) and cannot be changed through the API");
    }

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        if (_file is null) return;
        await _saving.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            var temporary = _file + ".tmp";
            await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(_destinations.Values.Where(d => !d.FromConfiguration).ToList(), Json), cancellationToken)
                .ConfigureAwait(false);
            File.Move(temporary, _file, overwrite: true);
        }
        finally
        {
            _saving.Release();
        }
    }

    public static IReadOnlyList<WorkflowValidationError> Check(DicomDestination destination)
    {
        var errors = new List<WorkflowValidationError>();
        if (string.IsNullOrWhiteSpace(destination.Name) || destination.Name.Length > 64 || destination.Name.Any(c => char.IsControl(c) || c is '/' or '\\'))
            errors.Add(new("$.name", $"'{destination.Name}' is not a destination name: 1 to 64 characters, no slash or control character"));
        if (DicomWorkflowOptionsCheck.AeTitleProblem(destination.AeTitle) is { } problem)
            errors.Add(new("$.ae_title", problem));
        if (string.IsNullOrWhiteSpace(destination.Host) || Uri.CheckHostName(destination.Host) == UriHostNameType.Unknown)
            errors.Add(new("$.host", $"'{destination.Host}' is not a host name or IP address"));
        if (destination.Port is < 1 or > 65535)
            errors.Add(new("$.port", $"{destination.Port} is not a TCP port (1-65535)"));
        return errors;
    }
}
