using System.Text.Json;
using System.Text.Json.Nodes;
using Grid.Worker;
using Grid.Workflows.Worker.Protocol;

namespace Grid.Workflows.Worker;

/// <summary>
/// One workflow task execution seen from a worker: its args, the input artifacts' files, the DICOM tags of the
/// workflow input, and the means to add output files and result metadata. Outputs are written by
/// <see cref="WorkflowTaskHandler"/> when the handler returns.
/// </summary>
public sealed class WorkflowTaskContext
{
    private readonly Dictionary<string, List<ArtifactFile>> _outputs;

    internal WorkflowTaskContext(TaskContext task, WorkflowTaskManifest manifest)
    {
        Task = task;
        Manifest = manifest;
        _outputs = manifest.Outputs.ToDictionary(o => o.Name, _ => new List<ArtifactFile>());
    }

    /// <summary>The grid task underneath (attempt number, options, session).</summary>
    public TaskContext Task { get; }

    public WorkflowTaskManifest Manifest { get; }

    public string TaskId => Manifest.TaskId;

    /// <summary>Metadata returned to the engine; conditions read it as <c>context.executions.&lt;task&gt;.result</c>.</summary>
    public JsonObject Result { get; } = [];

    public IReadOnlyCollection<string> InputNames => Manifest.Inputs.Select(i => i.Name).ToList();

    public IReadOnlyCollection<string> OutputNames => _outputs.Keys;

    /// <summary>A string arg, or null when absent.</summary>
    public string? StringArg(string name) =>
        Manifest.Args.TryGetValue(name, out var value) ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText() : null;

    /// <summary>A DICOM tag of the workflow input's study ("0008,0060"), or null.</summary>
    public string? StudyTag(string tag) => Manifest.Dicom?.Tags.GetValueOrDefault(tag);

    public bool HasInput(string name) => Manifest.Inputs.Any(i => i.Name == name);

    /// <summary>
    /// The files of an input artifact, whole in memory; an artifact that is not present is an error naming the ones
    /// that are. For artifacts that may be large (a received study) use <see cref="ForEachInputFileAsync"/> or <see cref="ExtractInputs"/>.
    /// </summary>
    public IReadOnlyList<ArtifactFile> ReadInput(string name) => ArtifactArchive.Unpack(Task.ReadInput(Input(name).ResultId));

    /// <summary>
    /// Hands each file of an input artifact to <paramref name="visit"/> as a stream (valid during the call), reading
    /// the artifact as it goes: memory use does not grow with its size. Returns how many files there were.
    /// </summary>
    public async Task<int> ForEachInputFileAsync(string name, Func<string, Stream, CancellationToken, Task> visit, CancellationToken cancellationToken = default)
    {
        await using var archive = Task.OpenInput(Input(name).ResultId);
        return await ArtifactArchive.ForEachFileAsync(archive, visit, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes every input artifact into <c>folder/&lt;artifact name&gt;/</c>, streaming.</summary>
    public void ExtractInputs(string folder)
    {
        foreach (var input in Manifest.Inputs)
        {
            using var archive = Task.OpenInput(input.ResultId);
            ArtifactArchive.UnpackToAsync(archive, Path.Combine(folder, input.Name), CancellationToken.None).GetAwaiter().GetResult();
        }
    }

    private ManifestArtifact Input(string name) =>
        Manifest.Inputs.FirstOrDefault(i => i.Name == name)
            ?? throw new TaskFailedException($"task '{TaskId}' has no input artifact '{name}' (present: {string.Join(", ", InputNames)})");

    public void AddOutputFile(string artifact, string path, byte[] data) => Output(artifact).Add(new ArtifactFile(path, data));

    /// <summary>Adds every file under <paramref name="folder"/> to an output artifact.</summary>
    public void AddOutputFolder(string artifact, string folder)
    {
        var files = Output(artifact);
        if (!Directory.Exists(folder)) return;
        foreach (var path in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            files.Add(new ArtifactFile(Path.GetRelativePath(folder, path).Replace('\\', '/'), File.ReadAllBytes(path)));
    }

    /// <summary>Writes each output artifact (an empty archive when it got no file) and then the report.</summary>
    internal async Task WriteOutputsAsync(CancellationToken cancellationToken)
    {
        foreach (var output in Manifest.Outputs)
            await Task.SetOutputAsync(output.ResultId, ArtifactArchive.Pack(_outputs[output.Name]), cancellationToken).ConfigureAwait(false);
        var report = new WorkflowTaskReport
        {
            Result = Result,
            ArtifactFileCounts = _outputs.ToDictionary(o => o.Key, o => o.Value.Count),
        };
        await Task.SetOutputAsync(Manifest.ReportResultId, report.ToBytes(), cancellationToken).ConfigureAwait(false);
    }

    private List<ArtifactFile> Output(string artifact) =>
        _outputs.TryGetValue(artifact, out var files)
            ? files
            : throw new TaskFailedException($"task '{TaskId}' declares no output artifact '{artifact}' (declared: {string.Join(", ", _outputs.Keys)})");
}
