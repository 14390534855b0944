using Microsoft.EntityFrameworkCore;
using Portal.Application.Abstractions.Clusters;

namespace Portal.Application.Resilience;

/// <summary>
/// The one place that says which errors are worth trying again, and of which kind they are. A cluster outage is waited
/// out (the request goes back to the queue, a watch reconnects); a write conflict is tried again at once on the fresh
/// row. Everything else needs a person, or is a bug: it is never retried silently.
/// </summary>
public static class Transient
{
    /// <summary>The cluster may come back (it did not answer, timed out, or failed on its side); the other faults
    /// (refused, not found, invalid, a tool missing, a conflict) need a person.</summary>
    public static bool IsTransient(ClusterFault fault) => fault is ClusterFault.Unreachable or ClusterFault.Timeout or ClusterFault.ServerError;

    /// <summary>A cluster that cannot be reached for now: a transient <see cref="ClusterAccessException"/>, or an
    /// exception that wraps one (a migration's fault tagged with the cluster's name).</summary>
    public static bool IsClusterOutage(Exception? error) => error switch
    {
        null => false,
        ClusterAccessException cluster => IsTransient(cluster.Fault),
        _ => error.InnerException is ClusterAccessException inner && IsTransient(inner.Fault),
    };

    /// <summary>A row changed between reading and saving it (optimistic concurrency): read again and apply the change
    /// again. Also when the executor's lease check reports it (a lease lost <i>because of</i> a conflict wraps it).</summary>
    public static bool IsWriteConflict(Exception? error) =>
        error is DbUpdateConcurrencyException || error?.InnerException is DbUpdateConcurrencyException;
}
