using Portal.Domain.Common;

namespace Portal.Application.Abstractions.Clusters;

/// <summary>One object a wait was still waiting for when its time ran out, and why, in words
/// (<c>Deployment web</c>, <c>1 of 3 replicas available</c>).</summary>
public sealed record NotReadyObject(string Name, string Reason)
{
    public override string ToString() => $"{Name} ({Reason})";
}

/// <summary>
/// A wait on cluster objects ran out of time. The message names every object that had not reached the condition and
/// why, so the person reading a failed request knows where to look; <see cref="NotReady"/> carries the same for callers
/// that phrase it for their step.
/// </summary>
public sealed class ClusterWaitTimeoutException : Exception
{
    public ClusterWaitTimeoutException(string goal, TimeSpan limit, IReadOnlyList<NotReadyObject> notReady)
        : this($"Not {goal} after {Durations.Words(limit)}: {string.Join(", ", notReady)}.", notReady)
    {
    }

    /// <summary>For a caller that says it in the words of its step ("Pods of Deployment web are still running ...").</summary>
    public ClusterWaitTimeoutException(string message, IReadOnlyList<NotReadyObject> notReady) : base(message)
    {
        NotReady = notReady;
    }

    public IReadOnlyList<NotReadyObject> NotReady { get; }
}
