using Amazon;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Grid.Core.Storage;

namespace Grid.Storage.Sqs;

/// <summary>Opens the SQS task queue after checking that the server answers.</summary>
public static class SqsBackend
{
    private static readonly TimeSpan AnswerTimeout = TimeSpan.FromSeconds(15);

    public static async Task<ITaskQueue> OpenAsync(SqsQueueOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.VisibilityTimeout <= TimeSpan.Zero || options.VisibilityTimeout > TimeSpan.FromHours(12))
            throw new ArgumentException($"SQS: VisibilityTimeout {options.VisibilityTimeout} is outside (0, 12 h].", nameof(options));

        var config = new AmazonSQSConfig { AuthenticationRegion = options.Region };
        if (options.ServiceUrl.Length > 0)
        {
            if (!Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var url) || (url.Scheme != "http" && url.Scheme != "https"))
                throw new ArgumentException($"SQS: ServiceUrl '{options.ServiceUrl}' is not an http(s) URL.", nameof(options));
            config.ServiceURL = options.ServiceUrl;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        var client = options.AccessKey.Length > 0
            ? new AmazonSQSClient(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config)
            : new AmazonSQSClient(config);

        var where = options.ServiceUrl.Length > 0 ? options.ServiceUrl : $"region {options.Region}";
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(AnswerTimeout);
            await client.ListQueuesAsync(new ListQueuesRequest { MaxResults = 1 }, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            var reason = e is OperationCanceledException ? $"no answer within {AnswerTimeout.TotalSeconds:0} s" : Innermost(e).Message;
            throw new InvalidOperationException($"SQS server at {where} does not answer: {reason}", e);
        }
        return new SqsTaskQueue(client, options);
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null) e = e.InnerException;
        return e;
    }
}
