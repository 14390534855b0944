using Portal.Domain.Requests;

namespace Portal.Execution;

/// <summary>Carries out one kind of request. Must be idempotent: it may run again for the same request
/// after a crash or a transient fault, and must then find and follow what it created before.</summary>
public interface IOperationExecutor
{
    RequestKind Kind { get; }

    /// <summary>Returns the outcome. Throws ClusterAccessException for faults; the runner decides whether to retry.</summary>
    Task<ExecutionOutcome> ExecuteAsync(RequestRun run, CancellationToken ct);
}

/// <summary>How a run ended. <see cref="ResumeAt"/> set means it has not ended: the request goes back to the
/// queue until then (a window not open yet, a cluster that is down), without counting as a failed attempt.</summary>
public sealed record ExecutionOutcome(RequestStatus Status, string? FailureReason, DateTimeOffset? ResumeAt = null)
{
    public static ExecutionOutcome Later(string why, DateTimeOffset resumeAt) => new(RequestStatus.Running, why, resumeAt);

    public static ExecutionOutcome Succeeded() => new(RequestStatus.Succeeded, null);
    public static ExecutionOutcome PartiallyFailed(string reason) => new(RequestStatus.PartiallyFailed, reason);
    public static ExecutionOutcome Failed(string reason) => new(RequestStatus.Failed, reason);
}
