using Portal.Domain.Common;

namespace Portal.Domain.Protection;

/// <summary>Where a protection stands on its cluster.</summary>
public enum ProtectionState
{
    /// <summary>The Schedule is on the cluster (running, or paused when <see cref="NamespaceProtection.Paused"/>).</summary>
    Active,
    /// <summary>The Schedule was deleted from the cluster; the protection's backups stay until they expire.</summary>
    Removed,
}

/// <summary>What the follower last saw of the protection's Schedule, against what the portal wrote.</summary>
public enum ScheduleDrift
{
    /// <summary>The Schedule on the cluster is the one the portal wrote (or nobody has looked yet).</summary>
    None,
    /// <summary>Someone changed the Schedule's spec on the cluster.</summary>
    Changed,
    /// <summary>Someone deleted the Schedule from the cluster.</summary>
    Missing,
}

/// <summary>
/// A namespace (or, for <see cref="ProtectionTarget.ClusterResources"/>, a cluster's cluster-scoped resources) kept
/// under a <see cref="ProtectionPolicy"/>, realized as exactly one Velero Schedule named <see cref="ScheduleName"/>.
/// Made and changed only by the executor, after the request that asked for it was approved: the row says what is on
/// the cluster, not what someone asked for. For cluster resources <see cref="TenantId"/> is <see cref="Guid.Empty"/>
/// (no tenant sees it; cluster and estate scopes do) and <see cref="Namespace"/> is empty.
/// </summary>
public sealed class NamespaceProtection : Entity, IClusterScoped
{
    private NamespaceProtection() { Namespace = PolicyName = CreatedBy = ""; }

    /// <param name="id">The protection's id when the caller must know it in advance: the executor uses the id of the
    /// request that made it, so a retry of that request names the same Schedule.</param>
    public NamespaceProtection(Guid tenantId, Guid clusterId, string @namespace, ProtectionPolicy policy, string createdBy, DateTimeOffset now,
        Guid? id = null)
    {
        if (id is { } given) Id = given;
        if (policy.Target == ProtectionTarget.Namespace)
        {
            if (KubernetesName.ExplainInvalidLabel(@namespace, "namespace name") is { } why) throw new DomainException(why);
            if (tenantId == Guid.Empty) throw new DomainException("A namespace is protected for the tenant that owns it.");
        }
        else if (@namespace.Length > 0 || tenantId != Guid.Empty)
            throw new DomainException("Cluster resources belong to no tenant and no namespace.");
        TenantId = tenantId;
        ClusterId = clusterId;
        Namespace = @namespace;
        Target = policy.Target;
        PolicyId = policy.Id;
        PolicyName = policy.Name;
        CreatedBy = createdBy;
        CreatedAt = UpdatedAt = now;
    }

    public Guid TenantId { get; private set; }
    public Guid ClusterId { get; private set; }
    /// <summary>The protected namespace; empty for cluster resources.</summary>
    public string Namespace { get; private set; }
    public ProtectionTarget Target { get; private set; }
    public Guid PolicyId { get; private set; }
    /// <summary>The policy's name when it was applied (shown next to scheduled backups without a join).</summary>
    public string PolicyName { get; private set; }
    public ProtectionState State { get; private set; } = ProtectionState.Active;

    public bool Paused { get; private set; }
    public string? PausedBy { get; private set; }
    public string? PauseReason { get; private set; }
    /// <summary>When a pause ends by itself; null for a pause until someone resumes.</summary>
    public DateTimeOffset? PausedUntil { get; private set; }

    /// <summary>The request that last wrote the Schedule (its labels carry it too).</summary>
    public Guid? LastRequestId { get; private set; }
    public DateTimeOffset? AppliedAt { get; private set; }
    /// <summary>A fingerprint of the Schedule spec the portal wrote, to tell someone else's change from ours.</summary>
    public string? AppliedSpecHash { get; private set; }

    public ScheduleDrift Drift { get; private set; } = ScheduleDrift.None;
    /// <summary>What differs, in words ("schedule is \"0 3 * * *\" on the cluster, \"0 * * * *\" in the policy").</summary>
    public string? DriftDetail { get; private set; }
    public DateTimeOffset? DriftSeenAt { get; private set; }

    public string CreatedBy { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Optimistic concurrency: the executor and the follower both write this row.</summary>
    public Guid Version { get; private set; } = Guid.NewGuid();

    /// <summary>The Velero Schedule's deterministic name: one protection, one Schedule, whatever the retries. 47
    /// characters, so its backups (<c>&lt;schedule&gt;-&lt;yyyyMMddHHmmss&gt;</c>) stay within a 63-character label value.</summary>
    public string ScheduleName => ScheduleNameOf(Id);

    public static string ScheduleNameOf(Guid protectionId) => $"portal-protect-{protectionId:N}";

    public bool IsRemoved => State == ProtectionState.Removed;

    /// <summary>The executor wrote the Schedule for <paramref name="policy"/> (first time, a policy change, a
    /// resume or "put it back").</summary>
    public void RecordApplied(ProtectionPolicy policy, Guid requestId, string specHash, DateTimeOffset now)
    {
        RequireActive();
        if (policy.Target != Target) throw new DomainException($"Policy {policy.Name} protects {policy.Target}, not {Target}.");
        PolicyId = policy.Id;
        PolicyName = policy.Name;
        LastRequestId = requestId;
        AppliedSpecHash = specHash;
        AppliedAt = now;
        ClearDrift();
        Touch(now);
    }

    public void Pause(string by, string reason, DateTimeOffset? until, DateTimeOffset now)
    {
        RequireActive();
        if (string.IsNullOrWhiteSpace(reason)) throw new DomainException("Say why the protection is paused.");
        if (until is { } u && u <= now) throw new DomainException("A pause must end in the future.");
        Paused = true;
        PausedBy = by;
        PauseReason = reason.Trim();
        PausedUntil = until;
        Touch(now);
    }

    public void Resume(DateTimeOffset now)
    {
        RequireActive();
        Paused = false;
        PausedBy = PauseReason = null;
        PausedUntil = null;
        Touch(now);
    }

    public void RecordDrift(ScheduleDrift drift, string? detail, DateTimeOffset now)
    {
        if (IsRemoved || (drift == Drift && detail == DriftDetail)) return;
        Drift = drift;
        DriftDetail = drift == ScheduleDrift.None ? null : detail;
        DriftSeenAt = drift == ScheduleDrift.None ? null : now;
        Touch(now);
    }

    public void MarkRemoved(Guid requestId, DateTimeOffset now)
    {
        State = ProtectionState.Removed;
        LastRequestId = requestId;
        Paused = false;
        PausedUntil = null;
        ClearDrift();
        Touch(now);
    }

    private void ClearDrift()
    {
        Drift = ScheduleDrift.None;
        DriftDetail = null;
        DriftSeenAt = null;
    }

    private void RequireActive()
    {
        if (IsRemoved) throw new DomainException(Target == ProtectionTarget.Namespace
            ? $"The protection of {Namespace} has been removed." : "The protection of the cluster's resources has been removed.");
    }

    private void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version = Guid.NewGuid();
    }
}
