namespace Grid.Workflows.Worker.Protocol;

/// <summary>Grid application names that workers serve for the engine's built-in plugins.</summary>
public static class WorkflowApplications
{
    /// <summary>Runs a command with the task's input and output folders (the <c>command</c> task type).</summary>
    public const string Command = "grid.workflows.command";

    /// <summary>Runs an Argo workflow on a Kubernetes cluster (the <c>argo</c> task type).</summary>
    public const string Argo = "grid.workflows.argo";

    /// <summary>Runs a container image as a Kubernetes Job (the <c>kubernetes-job</c> task type).</summary>
    public const string KubernetesJob = "grid.workflows.kubernetes-job";
}
