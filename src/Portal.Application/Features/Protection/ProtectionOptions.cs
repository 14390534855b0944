namespace Portal.Application.Features.Protection;

/// <summary>How protection status is measured and how clusters are followed (section <c>Protection</c>).</summary>
public sealed class ProtectionOptions
{
    public const string Section = "Protection";

    /// <summary>The RPO a namespace without a protection policy is measured against: a daily backup, with slack.</summary>
    public TimeSpan DefaultTargetRpo { get; set; } = TimeSpan.FromHours(26);

    /// <summary>The RTO a namespace without a target of its own is measured against (the rule: <c>Domain.Recovery.TargetRto</c>).</summary>
    public TimeSpan DefaultTargetRto { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a replica's claim to follow a cluster lasts without renewal (renewed every third of it); a
    /// replica that dies is replaced after this.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the follower lets a burst of events settle before it works the facts out again (one
    /// recompute per burst).</summary>
    public TimeSpan RecomputeDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the facts, drift and today's compliance counts are worked out again without any event (a
    /// protection changed in the database, a backup growing old).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The first wait before a watch that gave up (cluster down) is started again; doubles up to 32 times it.</summary>
    public TimeSpan FollowRetryBase { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often expired pauses are looked for: a pause ends at most this late.</summary>
    public TimeSpan PauseExpiryInterval { get; set; } = TimeSpan.FromMinutes(1);
}
