using Grid.Workflows.Dicom.Api;
using Grid.Workflows.Dicom.Export;
using Grid.Workflows.Dicom.Ingest;
using Grid.Workflows.Engine;
using Grid.Workflows.Engine.Export;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grid.Workflows.Dicom.Hosting;

public static class DicomWorkflowHosting
{
    /// <summary>
    /// DICOM ingest and export for the workflow manager, configured from <c>Grid:Workflows:Dicom</c>. Call it before
    /// <c>AddGridWorkflows</c> (or after: it replaces the export sink with the one that knows DICOM destinations).
    /// </summary>
    public static IServiceCollection AddGridWorkflowsDicom(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DicomWorkflowOptions>().Bind(configuration.GetSection("Grid:Workflows:Dicom"));
        services.TryAddSingleton<DicomExportStatistics>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DicomWorkflowOptions>>().Value;
            var engine = sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value;
            return new DicomDestinationRegistry(options.Destinations, DicomWorkflowFolders.DestinationsFile(options, engine));
        });
        services.Replace(ServiceDescriptor.Singleton<IExportSink>(sp => new DicomExportSink(
            sp.GetRequiredService<DicomDestinationRegistry>(),
            new FolderExportSink(sp.GetRequiredService<IOptions<WorkflowEngineOptions>>().Value.ResolvedExportFolder),
            sp.GetRequiredService<IOptions<DicomWorkflowOptions>>().Value.Export,
            sp.GetRequiredService<DicomExportStatistics>(),
            sp.GetRequiredService<ILogger<DicomExportSink>>())));
        services.TryAddSingleton<DicomIngestService>();
        services.AddHostedService(sp => sp.GetRequiredService<DicomIngestService>());
        return services;
    }

    /// <summary><c>grid.v1.DicomDestinationsService</c> and <c>/api/dicom-destinations</c>.</summary>
    public static IEndpointRouteBuilder MapGridWorkflowsDicom(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcService<DicomDestinationsGrpcService>();
        endpoints.MapDicomDestinationHttpApi();
        return endpoints;
    }
}
