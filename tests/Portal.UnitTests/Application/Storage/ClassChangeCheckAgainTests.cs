using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Storage.ClassChange;
using Portal.Domain.Requests;
using Portal.Domain.Snapshots;

namespace Portal.UnitTests.Application.Storage;

/// <summary>What a snapshot class change records when asked, what the executor then refuses, and which snapshot schedules the
/// confirmation names.</summary>
public class ClassChangeCheckAgainTests
{
    private static SnapshotClassInfo Vsc(string name, string driver, string rv = "1", bool velero = false, bool isDefault = false) =>
        new(name, driver, "Delete", new Dictionary<string, string>(), velero, isDefault, rv);

    [Fact]
    public void AsAsked_RecordsTheResourceVersion_TheMark_AndWhoHasIt()
    {
        var classes = new[] { Vsc("a", "d", "7", velero: true), Vsc("b", "d", "9"), Vsc("c", "other", velero: true) };
        var p = SnapshotClassChanges.AsAsked(classes[1], classes, SnapshotClassChangeKind.UseForVelero);
        Assert.Equal(("b", "d", "9", false), (p.SnapshotClassName, p.Driver, p.ResourceVersion, p.HadTheMark));
        Assert.Equal(["a"], p.OthersWithTheMark!);
    }

    [Fact]
    public void ChangedSince_NothingChanged_OrAnOldRequest_Holds()
    {
        var classes = new[] { Vsc("a", "d", "7", velero: true), Vsc("b", "d", "9") };
        var p = SnapshotClassChanges.AsAsked(classes[1], classes, SnapshotClassChangeKind.UseForVelero);
        Assert.Null(SnapshotClassChanges.ChangedSince(p, classes[1], classes, "prod"));
        // the class that loses the mark may change (it is the change's to write)
        var aEdited = new[] { Vsc("a", "d", "8", velero: true), classes[1] };
        Assert.Null(SnapshotClassChanges.ChangedSince(p, classes[1], aEdited, "prod"));
        var old = new SnapshotClassChangeParameters(SnapshotClassChangeKind.UseForVelero, "b", "d");
        Assert.Null(SnapshotClassChanges.ChangedSince(old, Vsc("b", "d", "10"), classes, "prod"));
    }

    [Fact]
    public void ChangedSince_TheClassEditedBySomeoneElse_SaysSoWithTheMark()
    {
        var classes = new[] { Vsc("a", "d", "7", isDefault: true), Vsc("b", "d", "9") };
        var p = SnapshotClassChanges.AsAsked(classes[1], classes, SnapshotClassChangeKind.MakeDefault);
        var why = SnapshotClassChanges.ChangedSince(p, Vsc("b", "d", "12"), classes, "prod");
        Assert.Equal("VolumeSnapshotClass b on prod was changed by someone else after this request was made (resourceVersion 9, now 12). " +
            "Read what depends on it again and ask again.", why);
    }

    [Fact]
    public void ChangedSince_AnotherClassTookTheMark_NamesIt()
    {
        var before = new[] { Vsc("a", "d", isDefault: true), Vsc("b", "d") };
        var p = SnapshotClassChanges.AsAsked(before[1], before, SnapshotClassChangeKind.MakeDefault);
        var now = new[] { Vsc("a", "d", isDefault: true), Vsc("b", "d"), Vsc("z", "d", isDefault: true) };
        var why = SnapshotClassChanges.ChangedSince(p, now[1], now, "prod");
        Assert.StartsWith("z became the default snapshot class for driver d on prod after this request was made", why);
    }

    [Fact]
    public void ScheduleDependents_NameTheVisible_CountTheRest()
    {
        var cluster = Guid.NewGuid();
        Guid mine = Guid.NewGuid(), theirs = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        SnapshotSchedule S(Guid tenant, string ns, string? cls, WorkloadReference? workload = null) => new(tenant, cluster, ns,
            new SnapshotScheduleSettings(workload is null ? ["data"] : [], workload, cls, SnapshotConsistency.None, "0 * * * *", "UTC", 3, null),
            "seed", now, now);
        var inventory = new StorageInventory([], true, [Vsc("b", "d")],
            [new("web", "data", "std", "1Gi", 1, "Bound", "pv1", "d", false), new("other", "data", "files", "1Gi", 1, "Bound", "pv2", "efs", false)]);
        var schedules = new[]
        {
            S(mine, "web", "b"), S(theirs, "web", "b"), S(mine, "web", null, new WorkloadReference("Deployment", "api")), S(mine, "other", null),
        };

        var (shown, hidden) = ClassScheduleDependents.Of(schedules, Vsc("b", "d"), SnapshotClassChangeKind.MakeDefault, inventory, x => x.TenantId == mine);
        Assert.Equal(["web: data, \"0 * * * *\" (UTC), class b", "web: claims of Deployment/api, \"0 * * * *\" (UTC), no class named: the driver's default"], shown);
        Assert.Equal(1, hidden);
        var (forVelero, _) = ClassScheduleDependents.Of(schedules, Vsc("b", "d"), SnapshotClassChangeKind.UseForVelero, inventory, _ => true);
        Assert.Equal(2, forVelero.Count); // only those naming the class: Velero's label does not change which class they use
    }
}
