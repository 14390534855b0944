using Portal.Domain.Access;
using Portal.Domain.Recovery;
using Portal.Domain.Requests;

namespace Portal.Application.Common;

/// <summary>"This request changed": what a page needs to decide, without reading the database, whether it shows it.</summary>
public sealed record RequestChange(Guid TenantId, Guid RequestId, RequestKind Kind)
{
    public static RequestChange Of(OperationRequest request) => new(request.TenantId, request.Id, request.Kind);

    /// <summary>A drill's row changed (its step, result or clean-up): announced as a change of the drill's request, which is
    /// what the drill's pages listen to.</summary>
    public static RequestChange Of(RestoreDrill drill) => new(drill.TenantId, drill.RequestId, RequestKind.RestoreDrill);
}

/// <summary>"This database's dumps changed" (a scheduled run recorded, a dump finished): no request is involved.</summary>
public sealed record DatabaseActivityChange(Guid TenantId, Guid DatabaseId);

/// <summary>"Work is queued for the executor" (a request submitted, approved or retried by hand): wakes the executors of
/// the other replicas through the <see cref="IChangeRelay"/>, so they claim it now instead of at their next poll.</summary>
public sealed record ExecutorWake;

/// <summary>Which request changes a page shows. Every part left empty matches everything; the parts given must all
/// match. A filter may be wider than the page (then it re-reads for nothing), never narrower.</summary>
public sealed record RequestChangeFilter
{
    /// <summary>Only this request (a request's page).</summary>
    public Guid? RequestId { get; init; }

    /// <summary>Only these tenants' requests; null for every tenant.</summary>
    public IReadOnlySet<Guid>? Tenants { get; init; }

    /// <summary>Only these kinds; null for every kind.</summary>
    public IReadOnlySet<RequestKind>? Kinds { get; init; }

    public static RequestChangeFilter Everything { get; } = new();

    public static RequestChangeFilter Request(Guid requestId) => new() { RequestId = requestId };

    /// <summary>The requests of the tenants a user's grants reach: a tenant grant names its tenant; an estate or
    /// cluster grant may reach any tenant (which ones is for the use case to say), so it matches every tenant.</summary>
    public static RequestChangeFilter VisibleThrough(IEnumerable<(ScopeKind Scope, Guid? TenantId)> grants)
    {
        var tenants = new HashSet<Guid>();
        foreach (var (scope, tenantId) in grants)
        {
            if (scope != ScopeKind.Tenant || tenantId is null) return Everything;
            tenants.Add(tenantId.Value);
        }
        return new RequestChangeFilter { Tenants = tenants };
    }

    /// <summary>The requests the holder of <paramref name="access"/> may see, as far as grants tell (see above).</summary>
    public static RequestChangeFilter VisibleTo(Features.Access.MyAccess access) =>
        VisibleThrough(access.Grants.Select(g => (g.ScopeKind, g.TenantId)));

    /// <summary>Only kinds that concern a database (dumps, their schedules, restores, recovery points).</summary>
    public static IReadOnlySet<RequestKind> DatabaseKinds { get; } = new HashSet<RequestKind>
    {
        RequestKind.DumpScheduleChange, RequestKind.DatabaseDump, RequestKind.DatabaseRestore, RequestKind.DatabaseOverwrite,
        RequestKind.RecoveryPoint,
    };

    /// <summary>Only the kinds that move applications (a move's steps and its rollback).</summary>
    public static IReadOnlySet<RequestKind> MoveKinds { get; } = new HashSet<RequestKind>
    {
        RequestKind.ApplicationMigration, RequestKind.MigrationRollback,
    };

    public bool Matches(RequestChange change) =>
        (RequestId is null || RequestId == change.RequestId)
        && (Tenants is null || Tenants.Contains(change.TenantId))
        && (Kinds is null || Kinds.Contains(change.Kind));
}

/// <summary>Carries changes between the replicas sharing one database. <see cref="Send{TChange}"/> must return at
/// once; changes from other replicas (never this one's own) come back through the delivery attached for their type,
/// and after a lost connection every subscriber is asked to re-read once (changes may have been missed).</summary>
public interface IChangeRelay
{
    void Send<TChange>(TChange change) where TChange : notnull;

    void Attach<TChange>(Action<TChange> deliver, Action resync) where TChange : notnull;
}

/// <summary>One process, one replica (SQLite): nothing to carry.</summary>
public sealed class InProcessChangeRelay : IChangeRelay
{
    public static InProcessChangeRelay Instance { get; } = new();

    public void Send<TChange>(TChange change) where TChange : notnull { }

    public void Attach<TChange>(Action<TChange> deliver, Action resync) where TChange : notnull { }
}

/// <summary>"The protection status of these namespaces changed" (a backup seen, a Schedule drifted, a location went
/// Unavailable, a protection applied). Empty <paramref name="Namespace"/> for every namespace of the cluster.</summary>
public sealed record ProtectionChange(Guid TenantId, Guid ClusterId, string Namespace);
