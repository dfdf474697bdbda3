using Grid.Fuzz;

namespace Grid.Fuzz.Tests;

public sealed class FuzzTargetTests
{
    public static TheoryData<string> Targets() => [.. FuzzTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public void A_target_refuses_mutated_input_only_with_the_error_its_callers_expect(string target)
    {
        var findings = SmokeFuzzer.Run(FuzzTargets.Named(target), iterations: 20_000, randomSeed: 20261123);

        Assert.True(findings.Count == 0, findings.Count == 0 ? "" :
            $"{findings.Count} inputs made '{target}' throw; the first: {Convert.ToHexString(findings[0].Input)}\n{findings[0].Error}");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_target_has_seeds_it_accepts(string target)
    {
        var seeds = FuzzSeeds.For(target);

        Assert.NotEmpty(seeds);
        foreach (var seed in seeds) FuzzTargets.Named(target).Run(seed);
    }
}
