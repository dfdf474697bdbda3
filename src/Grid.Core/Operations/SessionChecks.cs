using Grid.Core.Model;
using Grid.Core.Storage;

namespace Grid.Core.Operations;

public static class SessionChecks
{
    /// <summary>The session, or NOT_FOUND naming it.</summary>
    public static async Task<SessionRecord> GetAsync(GridStorage storage, string sessionId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(sessionId)) throw GridException.InvalidArgument("session_id", "a session id is required");
        return await storage.Sessions.GetAsync(sessionId, cancellationToken).ConfigureAwait(false)
            ?? throw GridException.NotFound($"session '{sessionId}' does not exist");
    }
}
