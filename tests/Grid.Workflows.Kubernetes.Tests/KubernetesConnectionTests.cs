using Grid.Worker;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grid.Workflows.Kubernetes.Tests;

public sealed class KubernetesConnectionTests
{
    [Fact]
    public void Without_a_cluster_configured_a_task_fails_saying_what_to_set()
    {
        using var connection = new KubernetesConnection(new KubernetesTaskOptions(), NullLoggerFactory.Instance);

        var error = Assert.Throws<TaskFailedException>(() => connection.Client("segment", "argo"));

        Assert.Equal(
            "task 'segment' of type 'argo' needs a Kubernetes cluster, and this worker has none configured: "
            + "set Grid:Workflows:Kubernetes:InCluster to true, or Grid:Workflows:Kubernetes:Kubeconfig to a kubeconfig file", error.Message);
        Assert.False(error.Retryable);
    }

    [Fact]
    public void A_kubeconfig_that_cannot_be_read_fails_the_task_naming_the_problem()
    {
        using var connection = new KubernetesConnection(new KubernetesTaskOptions { Kubeconfig = "/nonexistent/kubeconfig" }, NullLoggerFactory.Instance);

        var error = Assert.Throws<TaskFailedException>(() => connection.Client("measure", "kubernetes-job"));

        Assert.StartsWith("task 'measure' of type 'kubernetes-job': the Kubernetes configuration could not be loaded: ", error.Message);
        Assert.Contains("/nonexistent/kubeconfig", error.Message);
    }
}
