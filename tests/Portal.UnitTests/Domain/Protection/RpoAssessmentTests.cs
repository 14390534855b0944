using Portal.Domain.Protection;

namespace Portal.UnitTests.Domain.Protection;

/// <summary>Each status and each reason of <see cref="RpoAssessment"/>, measured at one fixed now.</summary>
public class RpoAssessmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan DefaultRpo = TimeSpan.FromHours(26);
    private static readonly Guid Tenant = Guid.NewGuid(), Cluster = Guid.NewGuid();

    private static ProtectionPolicy Policy(string name = "gold", TimeSpan? rpo = null, TimeSpan? retention = null, VolumeProtection volumes = VolumeProtection.CsiSnapshotsMovedToObjectStorage) =>
        new(name, ProtectionTarget.Namespace, new ProtectionPolicySettings("0 * * * *", "UTC", retention ?? TimeSpan.FromDays(7), rpo ?? TimeSpan.FromHours(2),
            volumes, null, [], []), "priya", Now.AddDays(-30));

    private static NamespaceProtection Protection(ProtectionPolicy policy, DateTimeOffset? appliedAt = null)
    {
        var p = new NamespaceProtection(Tenant, Cluster, "shop", policy, "alice", Now.AddDays(-10));
        p.RecordApplied(policy, Guid.NewGuid(), "hash", appliedAt ?? Now.AddDays(-10));
        return p;
    }

    private static NamespaceRpoState Facts(TimeSpan? age, RecoveryPointSource source = RecoveryPointSource.Scheduled, int failed = 0, string? summary = null) =>
        new(Tenant, Cluster, "shop", Now)
        {
            LastGoodBackup = age is null ? null : "b1", LastGoodAt = age is { } a ? Now - a : null, LastGoodSource = age is null ? null : source,
            FailedRunsInRow = failed, FailureSummary = summary,
        };

    [Fact]
    public void Protected_WhenTheLastGoodBackupIsWithinThePoliciesRpo()
    {
        var v = RpoAssessment.Assess(Facts(TimeSpan.FromMinutes(30)), Protection(Policy()), Policy(), null, DefaultRpo, Now);
        Assert.Equal(ProtectionStatus.Protected, v.Status);
        Assert.Equal("On gold: the last good backup (scheduled) is 30 minutes old (target RPO 2 hours).", v.Reason);
        Assert.Equal(TimeSpan.FromHours(2), v.TargetRpo);
        Assert.Equal(TimeSpan.FromMinutes(30), v.Age);
    }

    [Fact]
    public void AtRisk_WhenTheLastGoodBackupIsOlderThanTheRpo()
    {
        var v = RpoAssessment.Assess(Facts(TimeSpan.FromHours(3)), Protection(Policy()), Policy(), null, DefaultRpo, Now);
        Assert.Equal(ProtectionStatus.AtRisk, v.Status);
        Assert.Contains("more than the target RPO", v.Reason);
    }

    [Fact]
    public void AtRisk_WhenTheLastRunsFailed_WithTheSummaryInWords()
    {
        var v = RpoAssessment.Assess(Facts(TimeSpan.FromMinutes(30), failed: 3, summary: "The last 3 scheduled runs PartiallyFailed: 2 errors in volume data"),
            Protection(Policy()), Policy(), null, DefaultRpo, Now);
        Assert.Equal(ProtectionStatus.AtRisk, v.Status);
        Assert.Contains("The last 3 scheduled runs PartiallyFailed: 2 errors in volume data", v.Reason);
    }

    [Fact]
    public void AtRisk_WhenPaused_SayingWhoWhyAndUntil()
    {
        var p = Protection(Policy());
        p.Pause("Sam Reliability", "database migration", Now.AddHours(4), Now.AddMinutes(-5));
        var v = RpoAssessment.Assess(Facts(TimeSpan.FromMinutes(30)), p, Policy(), null, DefaultRpo, Now);
        Assert.Equal(ProtectionStatus.AtRisk, v.Status);
        Assert.Contains("Paused by Sam Reliability until 2026-12-07 16:00 UTC: database migration", v.Reason);
    }

    [Theory]
    [InlineData(ScheduleDrift.Changed, "Its Velero Schedule was changed on the cluster (schedule differs)")]
    [InlineData(ScheduleDrift.Missing, "Its Velero Schedule was deleted on the cluster")]
    public void AtRisk_WhenTheScheduleDrifted(ScheduleDrift drift, string reason)
    {
        var p = Protection(Policy());
        p.RecordDrift(drift, "schedule differs", Now);
        var v = RpoAssessment.Assess(Facts(TimeSpan.FromMinutes(30)), p, Policy(), null, DefaultRpo, Now);
        Assert.Equal(ProtectionStatus.AtRisk, v.Status);
        Assert.Contains(reason, v.Reason);
    }

    [Fact]
    public void AtRisk_WhenItsLocationIsUnavailable_SinceWhenAndWhy()
    {
        var location = new ObservedLocation(Cluster, LocationKind.BackupStorage, "default") { Message = "AccessDenied" };
        location.RecordPhase("Unavailable", new DateTimeOffset(2026, 12, 7, 10, 42, 0, TimeSpan.Zero));
        location.RecordPhase("Unavailable", Now); // still unavailable: the "since" stays
        var v = RpoAssessment.Assess(Facts(TimeSpan.FromMinutes(30)), Protection(Policy()), Policy(), location, DefaultRpo, Now);
        Assert.Equal(ProtectionStatus.AtRisk, v.Status);
        Assert.Contains("Backup location default Unavailable since 2026-12-07 10:42 UTC: AccessDenied", v.Reason);
    }

    [Fact]
    public void AvailableLocation_IsNoReason()
    {
        var location = new ObservedLocation(Cluster, LocationKind.BackupStorage, "default");
        location.RecordPhase("Unavailable", Now.AddHours(-1));
        location.RecordPhase("Available", Now);
        Assert.Null(location.UnavailableSince);
        Assert.Equal(ProtectionStatus.Protected,
            RpoAssessment.Assess(Facts(TimeSpan.FromMinutes(30)), Protection(Policy()), Policy(), location, DefaultRpo, Now).Status);
    }

    [Fact]
    public void WaitingForTheFirstBackup_RightAfterBeingProtected_ThenNoGoodBackupYet()
    {
        var fresh = RpoAssessment.Assess(Facts(null), Protection(Policy(), appliedAt: Now.AddMinutes(-10)), Policy(), null, DefaultRpo, Now);
        Assert.Equal(ProtectionStatus.AtRisk, fresh.Status);
        Assert.Contains("Waiting for the first scheduled backup", fresh.Reason);

        var late = RpoAssessment.Assess(null, Protection(Policy(), appliedAt: Now.AddHours(-3)), Policy(), null, DefaultRpo, Now);
        Assert.Equal(ProtectionStatus.AtRisk, late.Status);
        Assert.Contains("No good backup yet (target RPO 2 hours)", late.Reason);
    }

    [Fact]
    public void NoPolicy_NoBackup_IsUnprotected()
    {
        var v = RpoAssessment.Assess(null, null, null, null, DefaultRpo, Now);
        Assert.Equal(ProtectionStatus.Unprotected, v.Status);
        Assert.Equal("No protection policy and no backup.", v.Reason);
        Assert.Equal(DefaultRpo, v.TargetRpo);
    }

    [Fact]
    public void NoPolicy_ButABackupWithinTheDefaultRpo_IsProtected_AndAtRiskWhenOlder()
    {
        var recent = RpoAssessment.Assess(Facts(TimeSpan.FromHours(5), RecoveryPointSource.ClusterWide), null, null, null, DefaultRpo, Now);
        Assert.Equal(ProtectionStatus.Protected, recent.Status);
        Assert.StartsWith("No protection policy, but the last good backup (cluster-wide)", recent.Reason);

        var old = RpoAssessment.Assess(Facts(TimeSpan.FromHours(30), RecoveryPointSource.OnDemand), null, null, null, DefaultRpo, Now);
        Assert.Equal(ProtectionStatus.AtRisk, old.Status);
        Assert.StartsWith("No protection policy, and the last good backup (on demand)", old.Reason);
    }

    [Fact]
    public void RemovedProtection_CountsAsNoPolicy()
    {
        var p = Protection(Policy());
        p.MarkRemoved(Guid.NewGuid(), Now);
        Assert.Equal(ProtectionStatus.Unprotected, RpoAssessment.Assess(null, p, Policy(), null, DefaultRpo, Now).Status);
    }

    [Fact]
    public void BelowMinimum_SaysWhatFallsShort_OrNothingWhenItMeetsIt()
    {
        var gold = Policy("gold");
        var bronze = Policy("bronze", rpo: TimeSpan.FromHours(26), retention: TimeSpan.FromDays(30), volumes: VolumeProtection.FileSystemBackup);
        Assert.Null(RpoAssessment.BelowMinimum(Protection(gold), gold, null));
        Assert.Null(RpoAssessment.BelowMinimum(Protection(gold), gold, gold));
        Assert.Equal("Not protected; the tenant requires gold or better.", RpoAssessment.BelowMinimum(null, null, gold));
        var shortOf = RpoAssessment.BelowMinimum(Protection(bronze), bronze, gold);
        Assert.Equal("bronze is below gold: its RPO is 26 hours (at most 2 hours needed).", shortOf);
    }
}

/// <summary><see cref="RpoAssessment"/> with policies that count CSI snapshots as recovery points.</summary>
public class RpoAssessmentSnapshotTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid Tenant = Guid.NewGuid(), Cluster = Guid.NewGuid();

    private static ProtectionPolicy Policy(bool counts) =>
        new("gold", ProtectionTarget.Namespace, new ProtectionPolicySettings("0 * * * *", "UTC", TimeSpan.FromDays(7), TimeSpan.FromHours(1),
            VolumeProtection.CsiSnapshots, null, [], [], CountSnapshots: counts), "priya", Now.AddDays(-30));

    private static NamespaceProtection Protection(ProtectionPolicy policy)
    {
        var p = new NamespaceProtection(Tenant, Cluster, "shop", policy, "alice", Now.AddDays(-10));
        p.RecordApplied(policy, Guid.NewGuid(), "hash", Now.AddDays(-10));
        return p;
    }

    private static NamespaceRpoState Facts(TimeSpan? backupAge, TimeSpan? snapshotAge, string? gap = null) =>
        new(Tenant, Cluster, "shop", Now)
        {
            LastGoodBackup = backupAge is null ? null : "b1", LastGoodAt = backupAge is { } a ? Now - a : null,
            LastGoodSource = backupAge is null ? null : RecoveryPointSource.Scheduled,
            SnapshotPointAt = snapshotAge is { } s ? Now - s : null, SnapshotGap = gap,
        };

    private static RpoVerdict Assess(NamespaceRpoState facts, bool counts)
    {
        var policy = Policy(counts);
        return RpoAssessment.Assess(facts, Protection(policy), policy, null, TimeSpan.FromHours(26), Now);
    }

    [Fact]
    public void Assess_PolicyCountsSnapshots_ANewerSnapshotPointMakesItProtected_AndSaysSnapshotsLiveOnTheCluster()
    {
        var v = Assess(Facts(TimeSpan.FromHours(5), TimeSpan.FromMinutes(12)), counts: true);

        Assert.Equal(ProtectionStatus.Protected, v.Status);
        Assert.Equal(RecoveryPointKind.Snapshot, v.Point);
        Assert.Equal(TimeSpan.FromMinutes(12), v.Age);
        Assert.Contains("last recovery point: snapshot of every claim, 12 minutes old", v.Reason);
        Assert.Contains("Snapshots live on the cluster", v.Reason);
        Assert.Contains("the last good backup (scheduled) is 5 hours old", v.Reason);
    }

    [Fact]
    public void Assess_PolicyDoesNotCountSnapshots_TheSnapshotPointIsIgnored()
    {
        var v = Assess(Facts(TimeSpan.FromHours(5), TimeSpan.FromMinutes(12)), counts: false);

        Assert.Equal(ProtectionStatus.AtRisk, v.Status);
        Assert.Equal(RecoveryPointKind.Backup, v.Point);
        Assert.DoesNotContain("snapshot", v.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Assess_TheBackupIsNewer_TheBackupIsUsed()
    {
        var v = Assess(Facts(TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(40)), counts: true);

        Assert.Equal(ProtectionStatus.Protected, v.Status);
        Assert.Equal(RecoveryPointKind.Backup, v.Point);
        Assert.Contains("last recovery point: backup (scheduled), 10 minutes old", v.Reason);
        Assert.DoesNotContain("live on the cluster", v.Reason);
    }

    [Fact]
    public void Assess_NoSnapshotPoint_SaysWhichClaimsLackOne()
    {
        var v = Assess(Facts(TimeSpan.FromHours(5), null, "1 of 2 claims have a ready snapshot; no ready snapshot of logs."), counts: true);

        Assert.Equal(ProtectionStatus.AtRisk, v.Status);
        Assert.Contains("Snapshots count on gold, but 1 of 2 claims have a ready snapshot; no ready snapshot of logs", v.Reason);
    }

    [Fact]
    public void Assess_OnlyASnapshotPoint_OlderThanTheRpo_IsAtRiskMeasuredOnTheSnapshot()
    {
        var v = Assess(Facts(null, TimeSpan.FromHours(3)), counts: true);

        Assert.Equal(ProtectionStatus.AtRisk, v.Status);
        Assert.Equal(RecoveryPointKind.Snapshot, v.Point);
        Assert.Contains("The last recovery point (a snapshot of every claim) is 3 hours old", v.Reason);
        Assert.Contains("there is no good backup", v.Reason);
    }

    [Fact]
    public void Policy_ForClusterResources_NeverCountsSnapshots()
    {
        var p = new ProtectionPolicy("crs", ProtectionTarget.ClusterResources, new ProtectionPolicySettings("0 * * * *", "UTC", TimeSpan.FromDays(7),
            TimeSpan.FromHours(1), VolumeProtection.None, null, [], [], CountSnapshots: true), "priya", Now);

        Assert.False(p.CountsSnapshots);
    }
}
