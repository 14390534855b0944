namespace Portal.Domain.Requests;

/// <summary>What a protection request asks for.</summary>
public enum ProtectionChangeKind
{
    /// <summary>Protect an unprotected namespace with <see cref="ProtectionChangeParameters.PolicyId"/>.</summary>
    Protect,
    /// <summary>Move a protected namespace to another policy (the Schedule is changed in place).</summary>
    ChangePolicy,
    /// <summary>Pause the Schedule (Velero's <c>paused</c>), until <see cref="ProtectionChangeParameters.PauseUntil"/> or a resume.</summary>
    Pause,
    Resume,
    /// <summary>Delete the Schedule; the backups it made stay until they expire.</summary>
    Remove,
    /// <summary>Write the Schedule again as the portal wrote it, after someone changed or deleted it on the cluster.</summary>
    PutBack,
    /// <summary>Apply the policy's current settings again (after a platform engineer changed the policy).</summary>
    Reapply,
}

/// <summary>A change to the protection of the request's namespace (or, with <paramref name="ClusterResources"/>, of
/// its cluster's cluster-scoped resources). <paramref name="ProtectionId"/> is null only for
/// <see cref="ProtectionChangeKind.Protect"/>; <paramref name="PolicyName"/> is recorded as asked, for the timeline.</summary>
public sealed record ProtectionChangeParameters(ProtectionChangeKind Change, Guid? ProtectionId, Guid? PolicyId, string? PolicyName,
    DateTimeOffset? PauseUntil = null, string? PauseReason = null, bool ClusterResources = false);

/// <summary>One backup now, from the Schedule template of protection <paramref name="ProtectionId"/>.</summary>
public sealed record ProtectionBackupNowParameters(Guid ProtectionId);
