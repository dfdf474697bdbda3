using System.Collections.Concurrent;
using System.Reflection;
using Amazon.S3;

namespace Grid.Storage.S3.Tests;

/// <summary>
/// Passes every call through to a real client and records the method names, for facts the server cannot
/// tell (s3rver implements neither AbortMultipartUpload nor ListMultipartUploads).
/// </summary>
public class RecordingS3Client : DispatchProxy
{
    private IAmazonS3 _inner = null!;

    public ConcurrentQueue<string> Calls { get; } = new();

    public static (IAmazonS3 Client, RecordingS3Client Recorder) Wrap(IAmazonS3 inner)
    {
        var client = Create<IAmazonS3, RecordingS3Client>();
        var recorder = (RecordingS3Client)(object)client;
        recorder._inner = inner;
        return (client, recorder);
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        Calls.Enqueue(targetMethod!.Name);
        try
        {
            return targetMethod.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }
}
