namespace Grid.Fuzz;

/// <summary>
/// A small in-process fuzzer for CI: mutates the seeds of a target (bit flips, byte changes, cuts,
/// insertions, splices) with a fixed random seed and collects every input that made the target throw.
/// It finds the shallow bugs on every build; the coverage-guided search is AFL's (fuzz/README.md).
/// </summary>
public static class SmokeFuzzer
{
    public sealed record Finding(byte[] Input, Exception Error);

    /// <param name="trying">Called with each input before it is tried: saving it lets a hang be reproduced.</param>
    public static IReadOnlyList<Finding> Run(FuzzTarget target, int iterations, int randomSeed, Action<byte[]>? trying = null)
    {
        var random = new Random(randomSeed);
        var seeds = FuzzSeeds.For(target.Name);
        var findings = new List<Finding>();
        foreach (var seed in seeds) Try(target, seed, findings, trying);
        for (var i = 0; i < iterations; i++)
        {
            var input = seeds[random.Next(seeds.Count)].ToArray();
            for (var m = random.Next(1, 6); m > 0; m--) input = Mutate(input, seeds, random);
            Try(target, input, findings, trying);
        }
        return findings;
    }

    private static void Try(FuzzTarget target, byte[] input, List<Finding> findings, Action<byte[]>? trying)
    {
        trying?.Invoke(input);
        try
        {
            target.Run(input);
        }
        catch (Exception e)
        {
            findings.Add(new Finding(input, e));
        }
    }

    private static byte[] Mutate(byte[] input, IReadOnlyList<byte[]> seeds, Random random)
    {
        if (input.Length == 0) return [(byte)random.Next(256)];
        var at = random.Next(input.Length);
        switch (random.Next(6))
        {
            case 0:
                input[at] ^= (byte)(1 << random.Next(8));
                return input;
            case 1:
                input[at] = Interesting[random.Next(Interesting.Length)];
                return input;
            case 2:
                return input[..at];
            case 3:
                return [.. input[..at], .. Enumerable.Range(0, random.Next(1, 9)).Select(_ => (byte)random.Next(256)), .. input[at..]];
            case 4:
                return [.. input[..at], .. input[Math.Min(input.Length, at + random.Next(1, 17))..]];
            default:
                var other = seeds[random.Next(seeds.Count)];
                return [.. input[..at], .. other[random.Next(other.Length)..]];
        }
    }

    private static readonly byte[] Interesting = [0x00, 0x01, 0x7F, 0x80, 0xFF, (byte)'{', (byte)'}', (byte)'(', (byte)'\'', (byte)'"', (byte)'\\'];
}
