using System.Diagnostics;
using Xunit.Abstractions;

namespace Grid.FaultInjection.Tests;

/// <summary>The test's account of what it injected and what it checked, each line stamped with the time since the start and the
/// clock time (the processes' output is stamped with it too).</summary>
internal sealed class FaultLog(ITestOutputHelper output)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<string> _lines = [];

    public TimeSpan Elapsed => _clock.Elapsed;

    public void Write(string line)
    {
        var stamped = $"[{_clock.Elapsed.TotalSeconds,6:F1}s {DateTime.Now:HH:mm:ss.fff}] {line}";
        lock (_lines) _lines.Add(stamped);
        output.WriteLine(stamped);
    }

    public string Text() { lock (_lines) return string.Join("\n", _lines); }
}
