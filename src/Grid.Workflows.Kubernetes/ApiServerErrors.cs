using System.Net;
using System.Text.Json;
using k8s.Autorest;

namespace Grid.Workflows.Kubernetes;

/// <summary>What the API server said when it refused a request, in words a workflow author can act on.</summary>
internal static class ApiServerErrors
{
    public static string Describe(HttpOperationException e)
    {
        var status = e.Response?.StatusCode is { } code ? $"{(int)code} {code}" : "an error";
        return StatusMessage(e.Response?.Content) is { Length: > 0 } message
            ? $"the Kubernetes API server answered {status}: {message}"
            : $"the Kubernetes API server answered {status}";
    }

    public static bool Is(HttpOperationException e, HttpStatusCode status) => e.Response?.StatusCode == status;

    // The server explains a refusal in a Status object's "message".
    private static string? StatusMessage(string? content)
    {
        if (string.IsNullOrWhiteSpace(content)) return null;
        try
        {
            using var document = JsonDocument.Parse(content);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.String
                ? message.GetString()
                : null;
        }
        catch (JsonException)
        {
            return content.Length > 300 ? content[..300] : content;
        }
    }
}
