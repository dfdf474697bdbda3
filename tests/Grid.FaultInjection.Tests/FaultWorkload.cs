using System.Security.Cryptography;
using System.Text;
using Grid.Api.V1;
using Grid.Client;
using Grid.Samples;

namespace Grid.FaultInjection.Tests;

/// <summary>
/// The session of the fault-injection test: <see cref="Waves"/> waves, submitted one before each injection,
/// and one sink over them, <see cref="TaskCount"/> tasks in all (subtasks included). Wave w:
/// a root (echo of w + 1) → leaves (leaf i = root + w·100,000 + i) → sums of 100 leaves, and
/// <see cref="FibonacciTasks"/> tasks fib(<see cref="FibonacciN"/>) that compute by recursive subtasking
/// (each hands its output over to a subtask) → the wave's sum of the group sums and the fibs. The sink
/// adds the wave sums. Every expected value is computed here, independently of the grid.
/// </summary>
internal sealed class FaultWorkload
{
    public const int TaskCount = 10_000;
    public const int Waves = 7;
    private const int GroupSize = 100, FibonacciTasks = 4, FibonacciN = 7;

    private readonly GridSession _session;
    private readonly Dictionary<string, long> _expected = []; // result id → value it must hold
    private readonly List<string> _sinkInputs = [];
    private int _tasksPlanned;

    public FaultWorkload(GridSession session) => _session = session;

    /// <summary>Every result whose value is checked, with that value.</summary>
    public IReadOnlyDictionary<string, long> Expected => _expected;

    public string? Sink { get; private set; }

    /// <summary>Tasks of wave <paramref name="wave"/> (the last wave leaves room for the sink).</summary>
    private static int TasksOfWave(int wave) => (TaskCount - 1) / Waves + (wave < (TaskCount - 1) % Waves ? 1 : 0);

    /// <summary>Tasks that fib(n) becomes: itself, and for n ≥ 2 the subtrees of n-1 and n-2 and their "add".</summary>
    public static int FibonacciTaskCount(int n) => n < 2 ? 1 : 2 + FibonacciTaskCount(n - 1) + FibonacciTaskCount(n - 2);

    private static long Fibonacci(int n)
    {
        (long a, long b) = (0, 1);
        for (var i = 0; i < n; i++) (a, b) = (b, a + b);
        return a;
    }

    /// <summary>Submits wave <paramref name="wave"/>; returns the ids of the results it will complete.</summary>
    public async Task<IReadOnlyList<string>> SubmitWaveAsync(int wave, CancellationToken ct)
    {
        // root, leaves, groups, fibs and the wave's sum: choose the leaves so that the wave has its share of tasks.
        var fixedTasks = 2 + FibonacciTasks * FibonacciTaskCount(FibonacciN);
        var leaves = 0;
        while (leaves + 1 + (leaves + 1 + GroupSize - 1) / GroupSize + fixedTasks <= TasksOfWave(wave)) leaves++;
        var groups = (leaves + GroupSize - 1) / GroupSize;
        if (leaves + groups + fixedTasks != TasksOfWave(wave))
            throw new InvalidOperationException($"wave {wave}: {leaves} leaves make {leaves + groups + fixedTasks} tasks, not {TasksOfWave(wave)}");

        var seed = wave + 1;
        var inputs = await _session.CreateResultsWithDataAsync(
            new[] { ($"w{wave}-seed", Text(seed)), ($"w{wave}-empty", ReadOnlyMemory<byte>.Empty), ($"w{wave}-n", Text(FibonacciN)) }
                .Concat(Enumerable.Range(0, leaves).Select(i => ($"w{wave}-value-{i}", Text(ValueOf(wave, i))))), ct);
        var (seedId, empty, n, values) = (inputs[0], inputs[1], inputs[2], inputs.Skip(3).ToList());

        var outputs = await _session.CreateResultsAsync(
            new[] { $"w{wave}-root", $"w{wave}-sum" }
                .Concat(Enumerable.Range(0, leaves).Select(i => $"w{wave}-leaf-{i}"))
                .Concat(Enumerable.Range(0, groups).Select(g => $"w{wave}-group-{g}"))
                .Concat(Enumerable.Range(0, FibonacciTasks).Select(f => $"w{wave}-fib-{f}")), ct);
        var (root, sum) = (outputs[0], outputs[1]);
        var leafOuts = outputs.Skip(2).Take(leaves).ToList();
        var groupOuts = outputs.Skip(2 + leaves).Take(groups).ToList();
        var fibOuts = outputs.Skip(2 + leaves + groups).ToList();

        _expected[root] = seed;
        for (var i = 0; i < leaves; i++) _expected[leafOuts[i]] = seed + ValueOf(wave, i);
        for (var g = 0; g < groups; g++) _expected[groupOuts[g]] = leafOuts.Skip(g * GroupSize).Take(GroupSize).Sum(id => _expected[id]);
        foreach (var fib in fibOuts) _expected[fib] = Fibonacci(FibonacciN);
        _expected[sum] = groupOuts.Concat(fibOuts).Sum(id => _expected[id]);

        // Dependents first, so that their inputs are missing when they arrive.
        var tasks = new List<TaskCreation> { SampleApplications.Task(empty, groupOuts.Concat(fibOuts), [sum], SampleApplications.Add) };
        tasks.AddRange(Enumerable.Range(0, groups).Select(g => SampleApplications.Task(empty, leafOuts.Skip(g * GroupSize).Take(GroupSize), [groupOuts[g]], SampleApplications.Add)));
        tasks.AddRange(Enumerable.Range(0, leaves).Select(i => SampleApplications.Task(empty, [root, values[i]], [leafOuts[i]], SampleApplications.Add)));
        tasks.AddRange(fibOuts.Select(fib => SampleApplications.Task(n, [], [fib], SampleApplications.Fibonacci)));
        tasks.Add(SampleApplications.Task(seedId, [], [root], SampleApplications.Echo));
        await _session.SubmitAsync(tasks, ct: ct);
        _tasksPlanned += TasksOfWave(wave);
        _sinkInputs.Add(sum);
        return outputs;
    }

    /// <summary>The sink over every wave's sum; submitted once all waves are.</summary>
    public async Task<string> SubmitSinkAsync(CancellationToken ct)
    {
        var empty = (await _session.CreateResultsWithDataAsync([("sink-empty", ReadOnlyMemory<byte>.Empty)], ct))[0];
        Sink = (await _session.CreateResultsAsync(["sink"], ct))[0];
        _expected[Sink] = _sinkInputs.Sum(id => _expected[id]);
        await _session.SubmitAsync([SampleApplications.Task(empty, _sinkInputs, [Sink], SampleApplications.Add)], ct: ct);
        _tasksPlanned++;
        if (_tasksPlanned != TaskCount) throw new InvalidOperationException($"planned {_tasksPlanned} tasks, not {TaskCount}");
        return Sink;
    }

    /// <summary>SHA-256 over "id=value\n" of the results in id order: one number for everything that must be there.</summary>
    public static string Checksum(IEnumerable<KeyValuePair<string, string>> values)
    {
        var text = string.Concat(values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}\n"));
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..16];
    }

    private static long ValueOf(int wave, int leaf) => wave * 100_000L + leaf;

    private static ReadOnlyMemory<byte> Text(long value) => Encoding.UTF8.GetBytes(value.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
