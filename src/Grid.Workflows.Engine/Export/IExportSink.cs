namespace Grid.Workflows.Engine.Export;

/// <summary>
/// Receives exported artifacts and reports what became of each file. The export task succeeds only if no file
/// <see cref="ExportFileOutcome.Failed"/>; the statuses are kept on the task execution either way.
/// </summary>
public interface IExportSink
{
    Task<IReadOnlyList<ExportFileStatus>> ExportAsync(ExportRequest request, CancellationToken cancellationToken);
}
