namespace Grid.Cli.Bench;

/// <summary>One figure over the measured runs: every run's value and their median, min and max.</summary>
public sealed record Figure(string Name, string Unit, double Median, double Min, double Max, IReadOnlyList<double> Runs)
{
    public static IReadOnlyList<Figure> Summarise(IEnumerable<IReadOnlyList<Measurement>> runs) =>
        runs.SelectMany(run => run)
            .GroupBy(m => (m.Name, m.Unit))
            .Select(g =>
            {
                var values = g.Select(m => m.Value).ToList();
                return new Figure(g.Key.Name, g.Key.Unit, Statistics.Median(values), values.Min(), values.Max(), values);
            })
            .ToList();
}
