namespace Grid.Workflows.Engine.Export;

/// <summary>Receives exported artifacts. The export completes (and the export task succeeds) when this returns.</summary>
public interface IExportSink
{
    Task ExportAsync(ExportRequest request, CancellationToken cancellationToken);
}
