using System.Net;
using Grid.Api.V1;
using static Grid.Workflows.Kubernetes.Tests.TestWorkflows;

namespace Grid.Workflows.Kubernetes.Tests;

/// <summary>Watches that drop or fall behind, and an API server that throttles or fails for a while.</summary>
[Collection("kubernetes-grid")]
public sealed class ApiServerResilienceTests(KubernetesGridFixture fixture)
{
    private const string Workflows = "workflows";
    private const string Namespace = KubernetesGridFixture.Namespace;

    [Fact]
    public async Task A_dropped_watch_is_resumed_from_the_last_resource_version_it_delivered()
    {
        var (instanceId, name) = await StartAsync("watch-drop");
        var running = fixture.Api.SetStatus(Workflows, Namespace, name, Status("Running"));
        await fixture.Api.WaitAsync(api => api.WatchOf(Workflows, name).Delivered == running, $"the Running event of {name} written to its watch");

        fixture.Api.SetStatusWhileDisconnected(Workflows, Namespace, name, Status("Succeeded"), forgetHistory: false);

        var instance = await InstanceWaits.UntilEndedAsync(fixture.Instances, instanceId);
        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Succeeded, instance);
        var watches = RequestsFor(name).Where(r => r.IsWatch).ToList();
        Assert.Equal(2, watches.Count);
        Assert.Equal(running.ToString(), watches[1].QueryValue("resourceVersion"));
        Assert.Single(RequestsFor(name), r => !r.IsWatch && r.Method == "GET");
    }

    [Fact]
    public async Task A_watch_whose_resource_version_is_gone_lists_again_and_sees_the_end()
    {
        var (instanceId, name) = await StartAsync("watch-gone");
        var running = fixture.Api.SetStatus(Workflows, Namespace, name, Status("Running"));
        await fixture.Api.WaitAsync(api => api.WatchOf(Workflows, name).Delivered == running, $"the Running event of {name} written to its watch");

        fixture.Api.SetStatusWhileDisconnected(Workflows, Namespace, name, Status("Succeeded"), forgetHistory: true);

        var instance = await InstanceWaits.UntilEndedAsync(fixture.Instances, instanceId);
        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Succeeded, instance);
        var requests = RequestsFor(name);
        var story = string.Join(", ", requests.Select(r => $"{(r.IsWatch ? "watch" : "list")} {r.QueryValue("resourceVersion")}"));
        // list, watch, watch from the Running version (answered 410 Gone), list again.
        Assert.True(requests.Where(r => r.IsWatch).Last().QueryValue("resourceVersion") == running.ToString(), $"running is {running}: {story}");
        Assert.True(requests.Count(r => !r.IsWatch && r.Method == "GET") == 2, story);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task A_create_the_server_throttles_or_fails_for_a_while_is_tried_again(HttpStatusCode refusal)
    {
        var workflowId = await RegisterAsync(fixture, "refused", new([ArgoTaskTests.InlineTask("analyse")]));
        fixture.Api.Refuse(2, refusal, retryAfter: refusal == HttpStatusCode.TooManyRequests ? TimeSpan.FromSeconds(1) : null, method: "POST");

        var instanceId = await TriggerAsync(fixture, workflowId);
        var name = NameOf(await CreatedForAsync(fixture, instanceId, "Workflow"));
        fixture.Api.SetStatus(Workflows, Namespace, name, Status("Succeeded"));

        var instance = await InstanceWaits.UntilEndedAsync(fixture.Instances, instanceId);
        InstanceWaits.AssertStatus(WorkflowInstanceStatus.Succeeded, instance);
        var posts = fixture.Api.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/workflows", StringComparison.Ordinal) && r.Body.Contains(name, StringComparison.Ordinal)).ToList();
        Assert.Equal([(int)refusal, (int)refusal, 201], posts.Select(p => p.Status));
        if (refusal == HttpStatusCode.TooManyRequests)
            Assert.True(posts[1].At - posts[0].At >= TimeSpan.FromSeconds(0.9), $"the second try came {posts[1].At - posts[0].At} after the first, before the server's Retry-After of 1 s");
    }

    private async Task<(string InstanceId, string Name)> StartAsync(string name)
    {
        var workflowId = await RegisterAsync(fixture, name, new([ArgoTaskTests.InlineTask("analyse")]));
        var instanceId = await TriggerAsync(fixture, workflowId);
        var objectName = NameOf(await CreatedForAsync(fixture, instanceId, "Workflow"));
        await fixture.Api.WaitAsync(api => api.WatchOf(Workflows, objectName).Open, $"a watch of {objectName}");
        return (instanceId, objectName);
    }

    private List<RecordedRequest> RequestsFor(string name) =>
        fixture.Api.Requests.Where(r => r.QueryValue("fieldSelector") == $"metadata.name={name}").ToList();
}
