namespace Grid.Worker;

/// <summary>Fails the attempt with a message; <see cref="Retryable"/> says whether another attempt may help.</summary>
public sealed class TaskFailedException(string message, bool retryable = false) : Exception(message)
{
    public bool Retryable { get; } = retryable;
}
