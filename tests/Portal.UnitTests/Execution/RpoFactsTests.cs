using Portal.Application.Abstractions.Clusters;
using Portal.Domain.Protection;
using Portal.Execution.Protection;

namespace Portal.UnitTests.Execution;

/// <summary>How the follower works a namespace's RPO facts out of the cluster's backups, and how it words drift.</summary>
public class RpoFactsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero);

    private static ProtectionPolicy Gold(string? location = null) =>
        new("gold", ProtectionTarget.Namespace, new ProtectionPolicySettings("0 * * * *", "Europe/Berlin", TimeSpan.FromDays(7), TimeSpan.FromHours(2),
            VolumeProtection.CsiSnapshots, location, [], []), "priya", T0);

    private static NamespaceProtection Protect(string ns, ProtectionPolicy policy)
    {
        var p = new NamespaceProtection(Guid.NewGuid(), Guid.NewGuid(), ns, policy, "alice", T0);
        p.RecordApplied(policy, Guid.NewGuid(), "applied-hash", T0);
        return p;
    }

    private static ObservedBackup Backup(string name, int hour, string phase = "Completed", string[]? included = null, string[]? excluded = null,
        string? schedule = null, int errors = 0, string? reason = null, string? location = "default") =>
        new(Guid.Empty, name, T0)
        {
            Phase = phase, StartedAt = T0.AddHours(hour), CompletedAt = T0.AddHours(hour).AddMinutes(5), ScheduleName = schedule,
            IncludedNamespaces = [.. included ?? ["shop"]], ExcludedNamespaces = [.. excluded ?? []], Errors = errors, FailureReason = reason,
            StorageLocation = location,
        };

    [Fact]
    public void NewestGoodBackup_FromItsOwnSchedule_IsScheduled_AndRunsFailingInARowAreSummedUp()
    {
        var p = Protect("shop", Gold());
        var s = p.ScheduleName;
        var index = new BackupIndex([
            Backup($"{s}-1", 1, schedule: s),
            Backup($"{s}-2", 2, "PartiallyFailed", schedule: s, errors: 2, reason: "1 of 2 volume snapshots did not complete"),
            Backup($"{s}-3", 3, "PartiallyFailed", schedule: s, errors: 2, reason: "1 of 2 volume snapshots did not complete"),
            Backup($"{s}-4", 4, "PartiallyFailed", schedule: s, errors: 2, reason: "1 of 2 volume snapshots did not complete"),
            Backup($"{s}-5", 5, "InProgress", schedule: s),
        ]);

        var facts = RpoFacts.Of("shop", p, Gold(), index, "default");

        Assert.Equal($"{s}-1", facts.LastGoodBackup);
        Assert.Equal(RecoveryPointSource.Scheduled, facts.LastGoodSource);
        Assert.Equal(T0.AddHours(1), facts.LastGoodAt);
        Assert.Equal($"{s}-4", facts.LastRunBackup);
        Assert.Equal(3, facts.FailedRunsInRow);
        Assert.Equal("The last 3 scheduled runs PartiallyFailed: 2 errors in volume data (1 of 2 volume snapshots did not complete)", facts.FailureSummary);
        Assert.Equal("default", facts.StorageLocation);
    }

    [Fact]
    public void MixedFailures_NameEachPhase_AndTheNewestReason()
    {
        var failed = new[]
        {
            Backup("b3", 3, "Failed", reason: "object storage unreachable"),
            Backup("b2", 2, "PartiallyFailed", errors: 1),
        };
        Assert.Equal("The last 2 backups did not complete (Failed, PartiallyFailed): object storage unreachable", RpoFacts.Summary(failed, scheduled: false));
        Assert.Equal("The last scheduled run Failed: object storage unreachable", RpoFacts.Summary([failed[0]], scheduled: true));
        Assert.Null(RpoFacts.Summary([], scheduled: true));
    }

    [Fact]
    public void ClusterWideBackup_CountsForWhatItCovers_NotForWhatItExcludes_NorClusterResourcesOnly()
    {
        var index = new BackupIndex([
            Backup("all-but-analytics", 5, included: ["*"], excluded: ["analytics"]),
            Backup("everything", 1, included: []),
            new ObservedBackup(Guid.Empty, "cluster-resources", T0) { Phase = "Completed", StartedAt = T0.AddHours(9), ClusterResourcesOnly = true },
        ]);

        var shop = RpoFacts.Of("shop", null, null, index, null);
        Assert.Equal("all-but-analytics", shop.LastGoodBackup);
        Assert.Equal(RecoveryPointSource.ClusterWide, shop.LastGoodSource);

        var analytics = RpoFacts.Of("analytics", null, null, index, null);
        Assert.Equal("everything", analytics.LastGoodBackup);
    }

    [Fact]
    public void WithoutASchedule_AnOnDemandBackupOfTheNamespaceCounts_AndItsLastBackupIsTheLastRun()
    {
        var index = new BackupIndex([Backup("mine", 2), Backup("mine-failed", 3, "Failed", reason: "hook failed")]);
        var facts = RpoFacts.Of("shop", null, null, index, "default");
        Assert.Equal(RecoveryPointSource.OnDemand, facts.LastGoodSource);
        Assert.Equal("mine-failed", facts.LastRunBackup);
        Assert.Equal("The last backup Failed: hook failed", facts.FailureSummary);
    }

    [Fact]
    public void ApplyTo_WritesOnlyWhenSomethingChanged()
    {
        var state = new NamespaceRpoState(Guid.NewGuid(), Guid.NewGuid(), "shop", T0);
        var facts = RpoFacts.Of("shop", null, null, new BackupIndex([Backup("mine", 2)]), "default");
        Assert.True(facts.ApplyTo(state, T0.AddHours(3)));
        Assert.False(facts.ApplyTo(state, T0.AddHours(4)));
        Assert.Equal(T0.AddHours(3), state.UpdatedAt);
    }

    [Fact]
    public void Drift_IsNone_Changed_OrMissing_AndSaysWhatDiffers()
    {
        var policy = Gold();
        var p = Protect("shop", policy);
        VeleroScheduleInfo Info(string hash, string cron = "CRON_TZ=Europe/Berlin 0 * * * *", bool paused = false, string ttl = "168h0m0s",
            string[]? ns = null, string? location = null) =>
            new(p.ScheduleName, "uid", "Enabled", [], null, cron, paused, ttl, ns ?? ["shop"], location, hash, new Dictionary<string, string>());

        Assert.Equal((ScheduleDrift.None, null), ScheduleDriftCheck.Judge(p, policy, Info("applied-hash")));
        var missing = ScheduleDriftCheck.Judge(p, policy, null)!.Value;
        Assert.Equal(ScheduleDrift.Missing, missing.Drift);
        var changed = ScheduleDriftCheck.Judge(p, policy, Info("other", "CRON_TZ=UTC 0 3 * * *", true, "24h0m0s", ["shop", "billing"], "elsewhere"))!.Value;
        Assert.Equal(ScheduleDrift.Changed, changed.Drift);
        Assert.Equal("schedule is \"CRON_TZ=UTC 0 3 * * *\" on the cluster, \"CRON_TZ=Europe/Berlin 0 * * * *\" in policy gold; "
            + "retention (ttl) is 24 hours on the cluster, 168 hours in the policy; location is elsewhere on the cluster, the default in the policy; "
            + "paused on the cluster, running in the portal; namespaces are shop, billing on the cluster, shop in the portal", changed.Detail);
        Assert.Contains("volumes, hooks", ScheduleDriftCheck.Judge(p, policy, Info("other"))!.Value.Detail);

        var unapplied = new NamespaceProtection(Guid.NewGuid(), Guid.NewGuid(), "shop", policy, "alice", T0);
        Assert.Null(ScheduleDriftCheck.Judge(unapplied, policy, null));
    }

    [Theory]
    [InlineData("720h0m0s", 720 * 60)]
    [InlineData("1h30m0s", 90)]
    [InlineData("45m", 45)]
    [InlineData("1.5h", 90)]
    public void GoDurations_AsVeleroWritesThem(string text, int minutes) =>
        Assert.Equal(TimeSpan.FromMinutes(minutes), ScheduleDriftCheck.ParseGoDuration(text));

    [Fact]
    public void NotAGoDuration_IsNull()
    {
        Assert.Null(ScheduleDriftCheck.ParseGoDuration("a week"));
        Assert.Null(ScheduleDriftCheck.ParseGoDuration(null));
    }
}
