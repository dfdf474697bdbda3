using Grid.Workflows.Engine.Export;
using Microsoft.Extensions.Logging;

namespace Grid.Workflows.Dicom.Export;

/// <summary>
/// The export sink of a manager with DICOM: a destination registered as a DICOM destination receives the files
/// with C-STORE; any other name goes to the folder sink, as without DICOM.
/// </summary>
public sealed class DicomExportSink(DicomDestinationRegistry destinations, FolderExportSink folder, DicomExportOptions options,
    DicomExportStatistics statistics, ILogger<DicomExportSink> logger) : IExportSink
{
    private readonly DicomExportSender _sender = new(options, statistics, logger);

    public Task<IReadOnlyList<ExportFileStatus>> ExportAsync(ExportRequest request, CancellationToken cancellationToken) =>
        destinations.Find(request.Destination) is { } destination
            ? _sender.SendAsync(destination, request, cancellationToken)
            : folder.ExportAsync(request, cancellationToken);
}
