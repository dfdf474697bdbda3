using Grid.Core.Api;
using System.Reflection;
using Grid.Api.V1;
using Grpc.Core;

namespace Grid.ControlPlane.Services;

public sealed class VersionsApi : VersionsService.VersionsServiceBase
{
    public const string ApiVersion = "grid.v1";

    private static readonly string CoreVersion =
        typeof(VersionsApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    public override Task<ListVersionsResponse> ListVersions(ListVersionsRequest request, ServerCallContext context) =>
        Task.FromResult(new ListVersionsResponse { Core = CoreVersion, Api = ApiVersion });
}
