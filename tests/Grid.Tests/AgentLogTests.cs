using System.Collections.Concurrent;
using Grid.Api.V1;
using Grid.Client;
using Grid.Hosting;
using Grid.Samples;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskStatus = Grid.Api.V1.TaskStatus;

namespace Grid.Tests;

/// <summary>
/// The agent's watch over its running tasks logs once per real event: a task that its own attempt completed is not
/// "stopped", and an attempt that ends while the watch looks at it is no error.
/// </summary>
public sealed class AgentLogTests
{
    private const string Stopping = "stopping its worker call";
    private const string CheckFailed = "Could not check the running tasks";

    [Fact]
    public async Task Thousands_of_tasks_completing_under_a_busy_watch_log_no_stop_and_no_failed_check_and_one_cancel_logs_one_stop()
    {
        var ct = Work.Deadline();
        var logs = new LogCapture();
        var options = new EmbeddedGridOptions { Port = 0, Quiet = false };
        options.Settings["Grid:Agent:WatchInterval"] = "00:00:00.005"; // the watch looks at nearly every attempt as it ends
        options.Extensions.Add(logs);
        var grid = await EmbeddedGrid.StartAsync(options, ct);
        try
        {
            await using var client = new GridClient(new GridClientOptions { Address = grid.Address });
            var session = await client.CreateSessionAsync(new TaskOptions { ApplicationName = SampleApplications.Echo }, ct: ct);
            for (var batch = 0; batch < 10; batch++)
            {
                var payloads = await session.CreateResultsWithDataAsync(Enumerable.Range(0, 300).Select(i => ($"p{batch}-{i}", Work.Text("x"))).ToList(), ct);
                var outputs = await session.CreateResultsAsync(Enumerable.Range(0, 300).Select(i => $"o{batch}-{i}").ToList(), ct);
                await session.SubmitAsync(payloads.Select((p, i) => new TaskCreation { PayloadId = p, ExpectedOutputIds = { outputs[i] } }).ToList(), ct: ct);
                Assert.All((await session.WaitAsync(outputs, ct)).Values, s => Assert.Equal(ResultStatus.Completed, s));
            }

            // One real event: a running task cancelled by a client.
            var payload = (await session.CreateResultsWithDataAsync([("ms", Work.Text("60000"))], ct))[0];
            var output = (await session.CreateResultsAsync(["out"], ct))[0];
            var taskId = (await session.SubmitAsync([Work.Task(payload, [], [output], SampleApplications.Sleep)], ct: ct))[0].TaskId;
            await WaitUntilAsync(async () => (await client.Tasks.GetTaskAsync(new GetTaskRequest { TaskId = taskId }, cancellationToken: ct)).Task.Status == TaskStatus.Processing);
            await client.Tasks.CancelTasksAsync(new CancelTasksRequest { TaskIds = { taskId } }, cancellationToken: ct);
            await WaitUntilAsync(() => Task.FromResult(logs.Count(Stopping) > 0));
        }
        finally
        {
            await grid.DisposeAsync();
        }

        Assert.Equal(1, logs.Count(Stopping));
        Assert.Equal(0, logs.Count(CheckFailed));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!await condition())
        {
            if (deadline.IsCancellationRequested) throw new TimeoutException("the condition did not hold within 30 s");
            await Task.Delay(10);
        }
    }

    /// <summary>Every message the grid logs, kept to count.</summary>
    private sealed class LogCapture : IEmbeddedGridExtension, ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _messages = new();

        public int Count(string text) => _messages.Count(m => m.Contains(text, StringComparison.Ordinal));

        public void ConfigureServices(IServiceCollection services, IConfiguration configuration, EmbeddedGridEnvironment environment) =>
            services.AddSingleton<ILoggerProvider>(this);

        public void Map(WebApplication app) { }

        public ILogger CreateLogger(string categoryName) => new Logger(_messages);

        public void Dispose() { }

        private sealed class Logger(ConcurrentQueue<string> messages) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                messages.Enqueue(formatter(state, exception));
        }
    }
}
