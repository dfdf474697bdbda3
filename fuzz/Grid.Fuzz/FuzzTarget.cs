namespace Grid.Fuzz;

/// <summary>
/// One parser under fuzzing: it takes any bytes and either parses them or refuses them with the error its
/// callers expect. Any other exception escapes, and is a finding.
/// </summary>
public sealed record FuzzTarget(string Name, Action<byte[]> Run);
