namespace Portal.Application.Abstractions.Clusters;

/// <summary>A cluster call failed in a way the portal explains to people. The adapter maps every
/// Kubernetes or network exception to one of these, so no client types leak into the application.</summary>
public sealed class ClusterAccessException(ClusterFault fault, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ClusterFault Fault { get; } = fault;

    /// <summary>Worth retrying later (the cluster may come back); the others need a person
    /// (<see cref="Resilience.Transient"/> says which).</summary>
    public bool IsTransient => Resilience.Transient.IsTransient(Fault);
}

public enum ClusterFault
{
    Unreachable,
    Timeout,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    Invalid,
    /// <summary>The API group the operation needs (e.g. velero.io) is not served by the cluster.</summary>
    ToolMissing,
    ServerError,
}
