# syntax=docker/dockerfile:1
# Container images of the grid's deployables, one build target each, built from the repository root:
#
#   docker build --target control-plane    -t grid-control-plane:0.1.0 .
#   docker build --target agent            -t grid-agent:0.1.0 .
#   docker build --target sample-worker    -t grid-sample-worker:0.1.0 .
#   docker build --target workflow-manager -t grid-workflow-manager:0.1.0 .
#   docker build --target task-worker      -t grid-task-worker:0.1.0 .
#
# The runtime images are chiseled: no shell and no package manager, user 1654 (the .NET images' non-root `app`),
# meant to run with a read-only root file system (the Helm chart mounts /tmp and the data folders). Each image runs
# its program with `dotnet`; configuration comes from environment variables (Grid__Storage__Tables__Kind=...).
# The test tests/Grid.Deployment.Tests/ImageTests.cs publishes each project exactly as the build stage does and
# starts it with the entry point given here.

ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Restore first, from the project files alone, so that a source change does not download packages again.
COPY Directory.Build.props Directory.Packages.props ./
COPY Protos/ Protos/
COPY src/*/*.csproj src/
RUN for project in src/*.csproj; do name=$(basename "$project" .csproj); mkdir -p "src/$name" && mv "$project" "src/$name/"; done \
 && for name in Grid.ControlPlane Grid.Agent Grid.Samples Grid.WorkflowManager Grid.Workflows.TaskWorker; do dotnet restore "src/$name"; done
COPY src/ src/
RUN dotnet publish src/Grid.ControlPlane --no-restore -c Release -p:UseAppHost=false -o /out/control-plane \
 && dotnet publish src/Grid.Agent --no-restore -c Release -p:UseAppHost=false -o /out/agent \
 && dotnet publish src/Grid.Samples --no-restore -c Release -p:UseAppHost=false -o /out/sample-worker \
 && dotnet publish src/Grid.WorkflowManager --no-restore -c Release -p:UseAppHost=false -o /out/workflow-manager \
 && dotnet publish src/Grid.Workflows.TaskWorker --no-restore -c Release -p:UseAppHost=false -o /out/task-worker

FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}-noble-chiseled AS runtime
WORKDIR /app
USER 1654
ENV DOTNET_NOLOGO=1

FROM runtime AS control-plane
COPY --from=build /out/control-plane /app
EXPOSE 5100
ENTRYPOINT ["dotnet", "/app/Grid.ControlPlane.dll"]

FROM runtime AS agent
COPY --from=build /out/agent /app
EXPOSE 5200
ENTRYPOINT ["dotnet", "/app/Grid.Agent.dll"]

FROM runtime AS sample-worker
COPY --from=build /out/sample-worker /app
EXPOSE 5300
ENTRYPOINT ["dotnet", "/app/Grid.Samples.dll"]

FROM runtime AS workflow-manager
COPY --from=build /out/workflow-manager /app
EXPOSE 5400 11112
ENTRYPOINT ["dotnet", "/app/Grid.WorkflowManager.dll"]

FROM runtime AS task-worker
COPY --from=build /out/task-worker /app
EXPOSE 5300
ENTRYPOINT ["dotnet", "/app/Grid.Workflows.TaskWorker.dll"]
