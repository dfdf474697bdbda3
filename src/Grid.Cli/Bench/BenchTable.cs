using Spectre.Console;

namespace Grid.Cli.Bench;

/// <summary>The console table of a benchmark's figures.</summary>
public static class BenchTable
{
    public static Table Build(BenchReport report)
    {
        var table = new Table()
            .Title($"grid bench on {report.Machine.Cores} cores")
            .AddColumn("Workload")
            .AddColumn("Figure")
            .AddColumn(new TableColumn("Median").RightAligned())
            .AddColumn(new TableColumn("Min").RightAligned())
            .AddColumn(new TableColumn("Max").RightAligned())
            .AddColumn("Unit");
        foreach (var workload in report.Workloads)
        {
            var name = workload.Name.ToUpperInvariant();
            foreach (var figure in workload.Figures)
            {
                table.AddRow(Markup.Escape(name), Markup.Escape(figure.Name), Format(figure.Median), Format(figure.Min), Format(figure.Max), Markup.Escape(figure.Unit));
                name = "";
            }
        }
        table.Caption($"{Markup.Escape(report.Backends)}. {report.Workloads.FirstOrDefault()?.WarmUpRuns ?? 0} warm-up run(s), then {report.Settings.Runs} measured run(s), each in its own session. {Markup.Escape(report.CpuNote)}");
        return table;
    }

    private static string Format(double value) => value switch
    {
        >= 100 => value.ToString("#,0"),
        >= 1 => value.ToString("#,0.00"),
        _ => value.ToString("0.####"),
    };
}
