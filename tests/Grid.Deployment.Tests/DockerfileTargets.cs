using System.Text.RegularExpressions;

namespace Grid.Deployment.Tests;

/// <summary>
/// One runtime target of the repository's Dockerfile: the project its build stage publishes, the publish arguments,
/// the folder the target copies into /app, and the program its entry point runs.
/// </summary>
public sealed record DockerfileTarget(string Name, string Project, IReadOnlyList<string> PublishArguments, string EntryAssembly, IReadOnlyList<int> ExposedPorts)
{
    /// <summary>The image name the chart and the .NET SDK's container publishing use for this target.</summary>
    public string ImageName => $"grid-{Name}";
}

/// <summary>Reads the targets out of the Dockerfile, so that tests check the file itself rather than a copy of it.</summary>
public static partial class DockerfileTargets
{
    public static string DockerfilePath => Path.Combine(RepositoryRoot.Path, "Dockerfile");

    public static IReadOnlyList<DockerfileTarget> Read()
    {
        var text = File.ReadAllText(DockerfilePath).Replace("\\\n", " ");
        var publishes = PublishCommand().Matches(text).ToDictionary(
            m => m.Groups["out"].Value,
            m => (Project: m.Groups["project"].Value, Arguments: m.Groups["args"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        var targets = new List<DockerfileTarget>();
        foreach (Match stage in RuntimeStage().Matches(text))
        {
            var name = stage.Groups["name"].Value;
            var body = stage.Groups["body"].Value;
            var copy = CopyFromBuild().Match(body);
            var entry = EntryPoint().Match(body);
            if (!copy.Success || !entry.Success)
                throw new InvalidDataException($"Dockerfile target '{name}' must copy a publish folder into /app and run a program from /app");
            if (copy.Groups["to"].Value != "/app")
                throw new InvalidDataException($"Dockerfile target '{name}' copies into {copy.Groups["to"].Value}, not /app");
            var from = copy.Groups["from"].Value;
            if (!publishes.TryGetValue(from, out var publish))
                throw new InvalidDataException($"Dockerfile target '{name}' copies {from}, which no dotnet publish of the build stage writes");
            var ports = Exposed().Matches(body).SelectMany(m => m.Groups["ports"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Select(int.Parse).ToList();
            targets.Add(new DockerfileTarget(name, publish.Project, publish.Arguments, entry.Groups["dll"].Value, ports));
        }
        return targets;
    }

    [GeneratedRegex(@"dotnet publish (?<project>src/[\w.]+)(?<args>(?: (?!-o )\S+)*) -o (?<out>/out/[\w-]+)")]
    private static partial Regex PublishCommand();

    [GeneratedRegex(@"^FROM runtime AS (?<name>[\w-]+)\n(?<body>(?:(?!FROM ).*\n?)*)", RegexOptions.Multiline)]
    private static partial Regex RuntimeStage();

    [GeneratedRegex(@"^COPY --from=build (?<from>\S+) (?<to>\S+)", RegexOptions.Multiline)]
    private static partial Regex CopyFromBuild();

    [GeneratedRegex(@"^ENTRYPOINT \[""dotnet"", ""/app/(?<dll>[\w.]+\.dll)""\]", RegexOptions.Multiline)]
    private static partial Regex EntryPoint();

    [GeneratedRegex(@"^EXPOSE (?<ports>[\d ]+)$", RegexOptions.Multiline)]
    private static partial Regex Exposed();
}
