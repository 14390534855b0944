using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Snapshots;
using Portal.Domain.Requests;
using Portal.Domain.Snapshots;

namespace Portal.UnitTests.Snapshots;

/// <summary>What "snapshot now" takes, decided from the cluster as it is (checked at submit and again when acting), and
/// a snapshot schedule's retention.</summary>
public class SnapshotPlanTests
{
    private static readonly WorkloadReference Db = new("StatefulSet", "db");

    private static SnapshotClaimInfo Claim(string name, string phase = "Bound", string? driver = "ebs.csi.aws.com", bool inTree = false,
        IReadOnlyList<WorkloadReference>? usedBy = null, Dictionary<string, string>? labels = null) =>
        new("apps", name, "gp3", driver, phase, "8Gi", "pv-" + name, inTree, usedBy ?? [], labels);

    private static readonly SnapshotClassInfo[] Classes =
    [
        new("ebs-retain", "ebs.csi.aws.com", "Retain", new Dictionary<string, string>(), ForVelero: false, IsDefault: true, ResourceVersion: null),
        new("ebs-delete", "ebs.csi.aws.com", "Delete", new Dictionary<string, string>(), ForVelero: false, IsDefault: false, ResourceVersion: null),
        new("longhorn", "driver.longhorn.io", "Delete", new Dictionary<string, string>(), ForVelero: false, IsDefault: false, ResourceVersion: null),
    ];

    private static VolumeSnapshotParameters Claims(params string[] names) => new(names, null, null, false, SnapshotConsistency.None);

    [Fact]
    public void AWorkloadsClaims_AreTakenWithTheDefaultClassOfTheirDriver()
    {
        var claims = new[] { Claim("data-db-0", usedBy: [Db]), Claim("wal-db-0", usedBy: [Db]), Claim("other") };

        var (plan, why) = SnapshotPlan.Make(new VolumeSnapshotParameters([], Db, null, false, SnapshotConsistency.ScaleToZero), "0abc1234", "apps", "cluster c",
            claims, Classes);

        Assert.Null(why);
        Assert.Equal(["data-db-0", "wal-db-0"], plan.Select(p => p.Claim));
        Assert.All(plan, p => Assert.Equal("ebs-retain", p.SnapshotClass));
        Assert.Equal("data-db-0-snap-0abc1234", plan[0].Name);
    }

    [Theory]
    [InlineData("gone", "does not exist in namespace apps")]
    [InlineData("pending", "is Pending, not bound")]
    [InlineData("intree", "in-tree volume")]
    [InlineData("nfs", "No snapshot class on cluster c is for driver nfs.csi.k8s.io")]
    public void AClaimThatCannotBeSnapshotted_IsRefusedInWords(string claim, string words)
    {
        var claims = new[] { Claim("pending", phase: "Pending"), Claim("intree", inTree: true), Claim("nfs", driver: "nfs.csi.k8s.io") };

        var (plan, why) = SnapshotPlan.Make(Claims(claim), "0abc1234", "apps", "cluster c", claims, Classes);

        Assert.Empty(plan);
        Assert.Contains(words, why);
    }

    [Fact]
    public void AClassOfAnotherDriver_IsRefused_AndSeveralWithoutADefaultMustBeChosen()
    {
        var claims = new[] { Claim("data"), Claim("lh", driver: "driver.longhorn.io") };
        var twoLonghorn = Classes.Append(new SnapshotClassInfo("longhorn-2", "driver.longhorn.io", "Retain", new Dictionary<string, string>(), ForVelero: false, IsDefault: false, ResourceVersion: null)).ToList();

        var (_, other) = SnapshotPlan.Make(Claims("data") with { SnapshotClass = "longhorn" }, "r", "apps", "cluster c", claims, Classes);
        var (_, several) = SnapshotPlan.Make(Claims("lh"), "r", "apps", "cluster c", claims, twoLonghorn);

        Assert.Contains("is for driver driver.longhorn.io, but claim data's volume is made by ebs.csi.aws.com", other);
        Assert.Contains("none is the default: choose one", several);
    }

    [Fact]
    public void SnapshotName_IsADnsLabel_WhateverTheClaimsName()
    {
        var name = SnapshotPlan.Name(new string('a', 250) + ".Data_X", "0abc1234");

        Assert.True(name.Length <= 63, name);
        Assert.Matches("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", name);
        Assert.EndsWith("-snap-0abc1234", name);
    }

    [Fact]
    public void GroupSelector_UsesSharedLabelsOnlyWhenTheySelectExactlyTheChosenClaims()
    {
        var shop = new Dictionary<string, string> { ["app"] = "shop" };
        var claims = new[] { Claim("a", labels: shop), Claim("b", labels: shop), Claim("c", labels: shop) };

        Assert.Equal(shop, SnapshotPlan.SharedSelector(["a", "b", "c"], claims));
        Assert.Null(SnapshotPlan.SharedSelector(["a", "b"], claims)); // "app=shop" would also take c
    }

    [Fact]
    public void Retention_DeletesBeyondTheLastNAndOlderThanNDays_ButNeverTheNewestReady()
    {
        var now = DateTimeOffset.Parse("2026-12-07T12:00:00Z");
        var schedule = new SnapshotSchedule(Guid.NewGuid(), Guid.NewGuid(), "apps",
            new SnapshotScheduleSettings(["data"], null, null, SnapshotConsistency.None, "0 * * * *", "Etc/UTC", 2, 3), "me", now.AddHours(1), now);
        var snapshots = new[]
        {
            ("s1", now.AddHours(-1), true), ("s2", now.AddHours(-2), true), ("s3", now.AddHours(-3), true), ("s4", now.AddDays(-5), true),
        };

        var expired = schedule.Expired(snapshots, now);
        var onlyOld = new SnapshotSchedule(Guid.NewGuid(), Guid.NewGuid(), "apps",
            new SnapshotScheduleSettings(["data"], null, null, SnapshotConsistency.None, "0 * * * *", "Etc/UTC", null, 1), "me", now.AddHours(1), now)
            .Expired([("old", now.AddDays(-9), true)], now);

        Assert.Equal(["s3", "s4"], expired);
        Assert.Empty(onlyOld); // the newest ready one stays, however old
    }

    [Fact]
    public void Retention_KeepsTheLastNReady_ASnapshotNotReadyDoesNotPushOutAReadyOne()
    {
        var now = DateTimeOffset.Parse("2026-12-07T12:00:00Z");
        var keepTwo = new SnapshotSchedule(Guid.NewGuid(), Guid.NewGuid(), "apps",
            new SnapshotScheduleSettings(["data"], null, null, SnapshotConsistency.None, "0 * * * *", "Etc/UTC", 2, null), "me", now.AddHours(1), now);

        // a failed one between ready ones is not one of the last two ready; one older than the second ready one goes
        var failedBetween = keepTwo.Expired([("r1", now.AddHours(-1), true), ("failed", now.AddHours(-2), false), ("r2", now.AddHours(-3), true),
            ("r3", now.AddHours(-4), true), ("failed-old", now.AddHours(-5), false)], now);
        // the newest is not ready yet (it may still fail): nothing is deleted, not even beyond the last two
        var newestPending = keepTwo.Expired([("pending", now.AddMinutes(-1), false), ("r1", now.AddHours(-1), true), ("r2", now.AddHours(-2), true),
            ("r3", now.AddHours(-3), true)], now);

        Assert.Equal(["r3", "failed-old"], failedBetween);
        Assert.Empty(newestPending);
    }

    [Fact]
    public void ScheduleRan_MovesPastNow_SoMissedRunsAreMadeUpOnce()
    {
        var now = DateTimeOffset.Parse("2026-12-07T12:00:00Z");
        var schedule = new SnapshotSchedule(Guid.NewGuid(), Guid.NewGuid(), "apps",
            new SnapshotScheduleSettings(["data"], null, null, SnapshotConsistency.None, "0 * * * *", "Etc/UTC", 2, null), "me", now.AddDays(-2), now.AddDays(-3));
        var version = schedule.Version;

        schedule.Ran(now, now.AddHours(1));

        Assert.Equal(now.AddHours(1), schedule.NextDueAt);
        Assert.NotEqual(version, schedule.Version);
        Assert.Throws<Portal.Domain.Common.DomainException>(() => schedule.Ran(now, now));
        Assert.Contains("how many snapshots to keep",
            new SnapshotScheduleSettings(["data"], null, null, SnapshotConsistency.None, "0 * * * *", "Etc/UTC", null, null).Problem());
    }
}
