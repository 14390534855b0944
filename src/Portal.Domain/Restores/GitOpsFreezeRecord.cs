using Portal.Domain.Common;
using Portal.Domain.Moves;

namespace Portal.Domain.Restores;

/// <summary>
/// A GitOps object (Argo CD Application, Flux Kustomization or HelmRelease) the portal froze so that it does not undo a
/// restore into the namespace it deploys: who froze it, why, until when, and how its sync was before, so that an
/// unfreeze, even after a restart of the portal, puts exactly that back. Open (not unfrozen) while <see cref="UnfrozenAt"/>
/// is null; the namespace page and the request page remind the tenant of an open one.
/// </summary>
public sealed class GitOpsFreezeRecord : Entity, IClusterScoped
{
    private GitOpsFreezeRecord() { Namespace = ObjectApiVersion = ObjectKind = ObjectNamespace = ObjectName = FrozenBy = Reason = ""; }

    public GitOpsFreezeRecord(Guid tenantId, Guid clusterId, string @namespace, Guid requestId, GitOpsFreeze prior, string frozenBy,
        string reason, DateTimeOffset? until, bool keepFrozen, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(prior);
        TenantId = tenantId;
        ClusterId = clusterId;
        Namespace = @namespace;
        RequestId = requestId;
        ObjectApiVersion = prior.Object.ApiVersion;
        ObjectKind = prior.Object.Kind;
        ObjectNamespace = prior.Object.Namespace ?? "";
        ObjectName = prior.Object.Name;
        PriorArgoAutomatedJson = prior.PriorArgoAutomatedJson;
        PriorFluxSuspend = prior.PriorFluxSuspend;
        FrozenBy = frozenBy;
        Reason = reason;
        Until = until;
        KeepFrozen = keepFrozen;
        FrozenAt = now;
    }

    public Guid TenantId { get; private set; }
    /// <summary>The cluster the GitOps object and the namespace are on.</summary>
    public Guid ClusterId { get; private set; }
    /// <summary>The namespace the object deploys into (the restore's target).</summary>
    public string Namespace { get; private set; }
    /// <summary>The restore request that froze it.</summary>
    public Guid RequestId { get; private set; }
    public string ObjectApiVersion { get; private set; }
    public string ObjectKind { get; private set; }
    public string ObjectNamespace { get; private set; }
    public string ObjectName { get; private set; }
    /// <summary>Argo CD's <c>spec.syncPolicy.automated</c> before the freeze, as JSON; null when it had none.</summary>
    public string? PriorArgoAutomatedJson { get; private set; }
    /// <summary>Flux's <c>spec.suspend</c> before the freeze; null for an Argo CD Application.</summary>
    public bool? PriorFluxSuspend { get; private set; }
    public string FrozenBy { get; private set; }
    public string Reason { get; private set; }
    /// <summary>Until when the freeze is meant to last; null: until someone unfreezes it (kept frozen on request).</summary>
    public DateTimeOffset? Until { get; private set; }
    /// <summary>The requester asked to keep it frozen after the restore.</summary>
    public bool KeepFrozen { get; private set; }
    public DateTimeOffset FrozenAt { get; private set; }
    public DateTimeOffset? UnfrozenAt { get; private set; }
    public string? UnfrozenBy { get; private set; }

    public bool IsOpen => UnfrozenAt is null;

    public ObjectReference Object => new(ObjectApiVersion, ObjectKind, ObjectNamespace, ObjectName);

    /// <summary>What the gateway needs to put the sync back as it was.</summary>
    public GitOpsFreeze Prior => new(Object, PriorArgoAutomatedJson, PriorFluxSuspend);

    public void MarkUnfrozen(string by, DateTimeOffset now)
    {
        if (!IsOpen) throw new DomainException($"{Object} was unfrozen already, at {UnfrozenAt:yyyy-MM-dd HH:mm} UTC by {UnfrozenBy}.");
        UnfrozenAt = now;
        UnfrozenBy = by;
    }
}
