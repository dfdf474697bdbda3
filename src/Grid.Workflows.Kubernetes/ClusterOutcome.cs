namespace Grid.Workflows.Kubernetes;

/// <summary>How a workflow or Job ended: its final phase (or condition) and the cluster's explanation.</summary>
internal sealed record ClusterOutcome(bool Succeeded, string Phase, string? Message);
