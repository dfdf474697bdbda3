namespace Grid.Cli.Workloads;

/// <summary>Application names of the sample worker (project Grid.Samples).</summary>
public static class SampleApplications
{
    /// <summary>Each expected output gets the payload bytes.</summary>
    public const string Echo = "echo";
    /// <summary>Does nothing; each expected output gets a tiny constant.</summary>
    public const string Empty = "empty";
    /// <summary>Payload: decimal n; output: decimal Fibonacci(n), computed by recursive subtasks.</summary>
    public const string Fibonacci = "fib";
    /// <summary>Output: the sum of the decimal numbers in its data dependencies.</summary>
    public const string Add = "add";
}
