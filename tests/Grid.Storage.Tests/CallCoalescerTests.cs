using System.Collections.Concurrent;
using Grid.Core.Storage.Coalescing;

namespace Grid.Storage.Tests;

public sealed class CallCoalescerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>An underlying call whose first round waits for <see cref="Release"/>, so that others can gather behind it.</summary>
    private sealed class GatedCall
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly TaskCompletionSource FirstStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public readonly ConcurrentQueue<string[]> Rounds = new();
        public Func<string, bool> Fails { get; init; } = _ => false;

        public async Task<IReadOnlyList<string>> CallAsync(IReadOnlyCollection<string> items)
        {
            Rounds.Enqueue([.. items]);
            if (FirstStarted.TrySetResult()) await _release.Task;
            if (items.Any(Fails)) throw new InvalidOperationException("refused");
            return items.Select(i => $"{i}:done").ToList();
        }

        public void Release() => _release.SetResult();
    }

    private static string KeyOfOutput(string output) => output[..output.IndexOf(':')];

    [Fact]
    public async Task Calls_made_while_a_round_runs_go_together_in_the_next_round_and_each_gets_its_own_outputs()
    {
        var inner = new GatedCall();
        var coalescer = new CallCoalescer<string, string>(inner.CallAsync, i => i, KeyOfOutput);
        var first = coalescer.CallAsync(["a"], CancellationToken.None);
        await inner.FirstStarted.Task.WaitAsync(Deadline);

        var later = Enumerable.Range(0, 10).Select(i => coalescer.CallAsync([$"b{i}", $"c{i}"], CancellationToken.None)).ToList();
        inner.Release();

        Assert.Equal(["a:done"], await first.WaitAsync(Deadline));
        for (var i = 0; i < later.Count; i++)
            Assert.Equal([$"b{i}:done", $"c{i}:done"], await later[i].WaitAsync(Deadline));
        Assert.Equal(2, inner.Rounds.Count);
        Assert.Equal(20, inner.Rounds.Last().Length);
    }

    [Fact]
    public async Task Writes_of_the_same_key_never_share_a_round()
    {
        var inner = new GatedCall();
        var coalescer = new CallCoalescer<string, string>(inner.CallAsync, i => i, KeyOfOutput);
        var first = coalescer.CallAsync(["x"], CancellationToken.None);
        await inner.FirstStarted.Task.WaitAsync(Deadline);

        var second = coalescer.CallAsync(["x", "y"], CancellationToken.None);
        var third = coalescer.CallAsync(["x"], CancellationToken.None);
        var fourth = coalescer.CallAsync(["z"], CancellationToken.None);
        inner.Release();
        await Task.WhenAll(first, second, third, fourth).WaitAsync(Deadline);

        Assert.All(inner.Rounds, round => Assert.True(round.Count(i => i == "x") <= 1, $"round [{string.Join(", ", round)}] writes x twice"));
        Assert.Equal(["x:done", "y:done"], await second);
        Assert.Equal(["x:done"], await third);
        Assert.Equal(["z:done"], await fourth);
    }

    [Fact]
    public async Task Reads_of_the_same_key_share_one_item_and_every_caller_gets_the_output()
    {
        var inner = new GatedCall();
        var coalescer = new CallCoalescer<string, string>(inner.CallAsync, i => i, KeyOfOutput, separateKeys: false);
        var first = coalescer.CallAsync(["s"], CancellationToken.None);
        await inner.FirstStarted.Task.WaitAsync(Deadline);

        var readers = Enumerable.Range(0, 5).Select(_ => coalescer.CallAsync(["s"], CancellationToken.None)).ToList();
        inner.Release();

        foreach (var reader in readers) Assert.Equal(["s:done"], await reader.WaitAsync(Deadline));
        Assert.Equal(2, inner.Rounds.Count);
        Assert.Equal(["s"], inner.Rounds.Last());
        Assert.Equal(["s:done"], await first);
    }

    [Fact]
    public async Task A_failed_round_fails_its_callers_and_the_next_round_still_runs()
    {
        var inner = new GatedCall { Fails = i => i == "bad" };
        var coalescer = new CallCoalescer<string, string>(inner.CallAsync, i => i, KeyOfOutput);
        var first = coalescer.CallAsync(["bad"], CancellationToken.None);
        await inner.FirstStarted.Task.WaitAsync(Deadline);
        var next = coalescer.CallAsync(["good"], CancellationToken.None);
        inner.Release();

        await Assert.ThrowsAsync<InvalidOperationException>(() => first.WaitAsync(Deadline));
        Assert.Equal(["good:done"], await next.WaitAsync(Deadline));
    }
}
