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

public sealed record ExecutionOutcome(RequestStatus Status, string? FailureReason)
{
    public static ExecutionOutcome Succeeded() => new(RequestStatus.Succeeded, null);
    public static ExecutionOutcome PartiallyFailed(string reason) => new(RequestStatus.PartiallyFailed, reason);
    public static ExecutionOutcome Failed(string reason) => new(RequestStatus.Failed, reason);
}
