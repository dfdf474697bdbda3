using System.Diagnostics;

namespace Grid.Dicom.Tests.Support;

/// <summary>Runs the dcmtk command line tools; fails clearly when they are not installed.</summary>
public static class Dcmtk
{
    public static string Tool(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        throw new InvalidOperationException(
            $"dcmtk tool '{name}' is not on PATH. These tests check Grid.Dicom against dcmtk: run scripts/install-dcmtk.sh first.");
    }

    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public string Describe() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
    }

    public static Result Run(string tool, IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        using var process = Start(tool, arguments);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish in time.");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static Result RunChecked(string tool, params string[] arguments)
    {
        var result = Run(tool, arguments);
        if (result.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed: {result.Describe()}");
        return result;
    }

    public static Process Start(string tool, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Tool(tool))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        return Process.Start(info) ?? throw new InvalidOperationException($"Could not start {tool}.");
    }

    /// <summary>Turns dump text into a DICOM file with dump2dcm, with extra options such as +ti or -e.</summary>
    public static string Dump2Dcm(string folder, string name, string dump, params string[] options)
    {
        var dumpPath = Path.Combine(folder, name + ".dump");
        File.WriteAllText(dumpPath, dump, System.Text.Encoding.Latin1);
        var dcmPath = Path.Combine(folder, name + ".dcm");
        // 96x96 pixel values make long lines: raise the line limit.
        RunChecked("dump2dcm", ["+l", "1000000", .. options, dumpPath, dcmPath]);
        File.Delete(dumpPath);
        return dcmPath;
    }

    /// <summary>The data set part of dcmdump's output (after "# Dicom-Data-Set"), optionally without the transfer syntax line.</summary>
    public static string[] DumpDataset(string path, bool includeTransferSyntaxLine = true)
    {
        var result = Run("dcmdump", ["+L", "-Un", path]);
        if (result.ExitCode != 0 || result.StandardError.Length > 0)
            throw new InvalidOperationException($"dcmdump could not read {path}: {result.Describe()}");
        var lines = result.StandardOutput.Split('\n');
        var start = Array.FindIndex(lines, l => l.StartsWith("# Dicom-Data-Set", StringComparison.Ordinal));
        return lines.Skip(start + 1)
            .Where(l => includeTransferSyntaxLine || !l.StartsWith("# Used TransferSyntax", StringComparison.Ordinal))
            .Where(l => l.Length > 0)
            .ToArray();
    }
}
