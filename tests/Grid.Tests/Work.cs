using System.Text;
using Grid.Api.V1;
using Grid.Samples;

namespace Grid.Tests;

/// <summary>Small helpers to build workloads for the sample worker.</summary>
internal static class Work
{
    public static TaskCreation Task(string payload, IEnumerable<string> dependencies, IEnumerable<string> outputs, string application) =>
        SampleApplications.Task(payload, dependencies, outputs, application);

    public static ReadOnlyMemory<byte> Text(string text) => Encoding.UTF8.GetBytes(text);

    public static string Text(byte[] data) => Encoding.UTF8.GetString(data);

    /// <summary>A deadline for a wait in a test: long enough for a slow CI machine, short enough to fail rather than hang.</summary>
    public static CancellationToken Deadline(int seconds = 120) => new CancellationTokenSource(TimeSpan.FromSeconds(seconds)).Token;
}
