using System.Text;
using Grid.Workflows.Worker;

namespace Grid.Workflows.Kubernetes;

/// <summary>
/// The names one attempt of a task gets: its object in the cluster (a DNS label, unique per execution and attempt, so
/// that a retry never meets the previous attempt's object) and its key prefix in the artifact bucket.
/// </summary>
internal sealed record ClusterTaskRun(string TaskId, string ObjectName, string Namespace, string KeyPrefix)
{
    private const int TaskIdPartLength = 28;

    /// <summary>Input artifact <c>name</c> is uploaded under <c>InputsKey + name + "/"</c>.</summary>
    public string InputsKey => KeyPrefix + "inputs/";

    /// <summary>Output artifact <c>name</c> is collected from <c>OutputsKey + name + "/"</c>.</summary>
    public string OutputsKey => KeyPrefix + "outputs/";

    public static ClusterTaskRun For(WorkflowTaskContext context, KubernetesTaskOptions options)
    {
        var manifest = context.Manifest;
        var execution = Label(manifest.ExecutionId.StartsWith("ex-", StringComparison.Ordinal) ? manifest.ExecutionId[3..] : manifest.ExecutionId, 20);
        var name = $"grid-{Label(manifest.TaskId, TaskIdPartLength)}-{execution}-{context.Task.Attempt}";
        var keyPrefix = $"{options.Artifacts.KeyPrefix}{manifest.InstanceId}/{manifest.ExecutionId}/{context.Task.Attempt}/";
        return new ClusterTaskRun(manifest.TaskId, name, options.Namespace, keyPrefix);
    }

    /// <summary>Lower-case letters, digits and single dashes, at most <paramref name="length"/> characters.</summary>
    private static string Label(string text, int length)
    {
        var label = new StringBuilder();
        foreach (var c in text.ToLowerInvariant())
        {
            if (label.Length == length) break;
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') label.Append(c);
            else if (label.Length > 0 && label[^1] != '-') label.Append('-');
        }
        var trimmed = label.ToString().Trim('-');
        return trimmed.Length > 0 ? trimmed : "task";
    }
}
