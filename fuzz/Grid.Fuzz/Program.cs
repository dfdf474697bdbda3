using Grid.Fuzz;
using SharpFuzz;

// grid-fuzz <target>: runs one target under SharpFuzz's out-of-process runner, for AFL on an instrumented
// build (see fuzz/README.md). grid-fuzz <target> <file>...: runs the target once on each file.
// grid-fuzz <target> --smoke <iterations>: the in-process smoke fuzzer; each input is written to
// last-input.bin before it is tried, so that an input that hangs the target is left there.
// grid-fuzz <target> --seeds <folder>: writes the target's seeds there, as the input folder of a fuzzer.
if (args.Length == 0)
{
    Console.Error.WriteLine($"usage: grid-fuzz <target> [file...]; targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");
    return 2;
}
FuzzTarget target;
try
{
    target = FuzzTargets.Named(args[0]);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine($"grid-fuzz: {e.Message}");
    return 2;
}
if (args is [_, "--seeds", var folder])
{
    Directory.CreateDirectory(folder);
    var seeds = FuzzSeeds.For(target.Name);
    for (var i = 0; i < seeds.Count; i++) File.WriteAllBytes(Path.Combine(folder, $"seed-{i}"), seeds[i]);
    Console.WriteLine($"{seeds.Count} seeds written to {folder}");
    return 0;
}
if (args is [_, "--smoke", var count])
{
    var findings = SmokeFuzzer.Run(target, int.Parse(count), randomSeed: 20261123, trying: input => File.WriteAllBytes("last-input.bin", input));
    foreach (var finding in findings.Take(5)) Console.WriteLine($"{Convert.ToHexString(finding.Input)}\n  {finding.Error.GetType().Name}: {finding.Error.Message}");
    Console.WriteLine($"{findings.Count} findings");
    return findings.Count == 0 ? 0 : 1;
}
if (args.Length > 1)
{
    foreach (var file in args.Skip(1)) target.Run(File.ReadAllBytes(file));
    return 0;
}
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    target.Run(buffer.ToArray());
});
return 0;
