using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Grid.Workflows.Kubernetes;

/// <summary>The parts of an Argo <c>Workflow</c> the handler reads back: its metadata and how far it has come.</summary>
public sealed class ArgoWorkflowResource : IKubernetesObject<V1ObjectMeta>
{
    public const string Group = "argoproj.io";
    public const string Version = "v1alpha1";
    public const string Plural = "workflows";
    public const string TemplatePlural = "workflowtemplates";

    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = $"{Group}/{Version}";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "Workflow";
    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();
    [JsonPropertyName("status")] public ArgoWorkflowStatus? Status { get; set; }
}

/// <summary><c>status.phase</c> (Pending, Running, Succeeded, Failed, Error) and <c>status.message</c>.</summary>
public sealed class ArgoWorkflowStatus
{
    [JsonPropertyName("phase")] public string? Phase { get; set; }
    [JsonPropertyName("message")] public string? Message { get; set; }
}

public sealed class ArgoWorkflowResourceList : IKubernetesObject<V1ListMeta>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = $"{ArgoWorkflowResource.Group}/{ArgoWorkflowResource.Version}";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "WorkflowList";
    [JsonPropertyName("metadata")] public V1ListMeta Metadata { get; set; } = new();
    [JsonPropertyName("items")] public List<ArgoWorkflowResource> Items { get; set; } = [];
}
