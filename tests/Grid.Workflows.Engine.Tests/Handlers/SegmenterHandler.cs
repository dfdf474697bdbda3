using System.Text;
using Grid.Workflows.Worker;

namespace Grid.Workflows.Engine.Tests.Handlers;

/// <summary>
/// Test application <c>test-segmenter</c>: writes a mask. Its first N attempts hang until the grid cancels them,
/// N read from the input's <c>segmenter_hangs.txt</c> (absent: 0), so that a test can make it time out.
/// </summary>
public sealed class SegmenterHandler : WorkflowTaskHandler
{
    public const string Application = "test-segmenter";

    protected override async Task HandleAsync(WorkflowTaskContext context, CancellationToken cancellationToken)
    {
        var scan = context.ReadInput("scan");
        var hangs = scan.FirstOrDefault(f => f.Path == "segmenter_hangs.txt") is { } file ? int.Parse(Encoding.UTF8.GetString(file.Data)) : 0;
        if (context.Task.Attempt <= hangs)
            await Task.Delay(Timeout.Infinite, cancellationToken);
        context.AddOutputFile("mask", "mask.txt", Encoding.UTF8.GetBytes($"mask made on attempt {context.Task.Attempt}"));
    }
}
