using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Storage;
using Portal.Application.Features.Storage.ClassChange;
using Portal.Application.Features.Storage.Matrix;
using Portal.Domain.Requests;

namespace Portal.UnitTests.Application.Storage;

public class StorageRulesTests
{
    private static StorageClassInfo Sc(string name, string provisioner) => new(name, provisioner, "Delete", "Immediate", false, false);

    private static SnapshotClassInfo Vsc(string name, string driver, bool velero = false, bool isDefault = false) =>
        new(name, driver, "Delete", new Dictionary<string, string>(), velero, isDefault, "1");

    private static StorageClaimInfo Claim(string name, string? storageClass, string? driver, bool inTree = false, string? volume = "pv") =>
        new("ns", name, storageClass, "1Gi", 1L << 30, volume is null ? "Pending" : "Bound", volume, driver, inTree);

    private static StorageInventory Inventory(IReadOnlyList<StorageClassInfo> classes, IReadOnlyList<SnapshotClassInfo> snapshots,
        IReadOnlyList<StorageClaimInfo>? claims = null, bool served = true) => new(classes, served, snapshots, claims ?? []);

    [Fact]
    public void VeleroClassFor_LabelledClassWins_ElseTheOnlyOne_ElseNone()
    {
        Assert.Equal("b", StorageRules.VeleroClassFor("d", [Vsc("a", "d"), Vsc("b", "d", velero: true), Vsc("c", "other", velero: true)])!.Name);
        Assert.Equal("a", StorageRules.VeleroClassFor("d", [Vsc("a", "d"), Vsc("c", "other", velero: true)])!.Name);
        Assert.Null(StorageRules.VeleroClassFor("d", [Vsc("a", "d"), Vsc("b", "d")]));
        Assert.Null(StorageRules.VeleroClassFor("d", [Vsc("c", "other", velero: true)]));
    }

    [Fact]
    public void SnapshotsOf_MatchesTheDriver_AndSaysNoSnapshotsPossibleInWords()
    {
        var inventory = Inventory([Sc("fast", "ebs.csi.aws.com"), Sc("files", "efs.csi.aws.com"), Sc("old", "kubernetes.io/aws-ebs")],
            [Vsc("ebs-snap", "ebs.csi.aws.com", velero: true), Vsc("x", "other.csi")]);

        Assert.Contains("Velero uses ebs-snap", StorageRules.SnapshotsOf(inventory.StorageClasses[0], inventory, out var fast));
        Assert.True(fast);
        var files = StorageRules.SnapshotsOf(inventory.StorageClasses[1], inventory, out var filesPossible);
        Assert.False(filesPossible);
        Assert.Equal("No snapshots possible: no VolumeSnapshotClass has driver efs.csi.aws.com.", files);
        Assert.Contains("in-tree provisioner", StorageRules.SnapshotsOf(inventory.StorageClasses[2], inventory, out var old));
        Assert.False(old);

        var noApi = Inventory(inventory.StorageClasses, [], served: false);
        Assert.Contains("does not serve snapshot.storage.k8s.io", StorageRules.SnapshotsOf(noApi.StorageClasses[0], noApi, out _));
    }

    [Fact]
    public void SnapshotsOf_SeveralClassesNoneLabelled_SaysVeleroFindsNone()
    {
        var inventory = Inventory([Sc("fast", "d")], [Vsc("a", "d"), Vsc("b", "d")]);
        var words = StorageRules.SnapshotsOf(inventory.StorageClasses[0], inventory, out var possible);
        Assert.True(possible);
        Assert.Contains("Velero finds no class", words);
    }

    [Fact]
    public void WhyNotSnapshottable_InTreeVolume_NoClassForDriver_MissingClass_OrNull()
    {
        var inventory = Inventory([Sc("fast", "ebs"), Sc("files", "efs")], [Vsc("s", "ebs")]);
        Assert.Null(StorageRules.WhyNotSnapshottable(Claim("ok", "fast", "ebs"), inventory));
        Assert.Null(StorageRules.WhyNotSnapshottable(Claim("pending", "fast", null, volume: null), inventory));
        Assert.Contains("in-tree", StorageRules.WhyNotSnapshottable(Claim("nfs", null, null, inTree: true, volume: "pv-nfs"), inventory));
        Assert.Equal("No VolumeSnapshotClass has its driver efs.", StorageRules.WhyNotSnapshottable(Claim("f", "files", "efs"), inventory));
        Assert.Contains("gone does not exist", StorageRules.WhyNotSnapshottable(Claim("g", "gone", null, volume: null), inventory));
        // the bound volume's driver counts, not the class's provisioner (a volume made by hand, or a class since changed)
        Assert.Null(StorageRules.WhyNotSnapshottable(Claim("moved", "files", "ebs"), inventory));
    }

    [Fact]
    public void Matrix_CountsClaimsAndCapacityPerClass_OnlyThoseTheCallerSees()
    {
        var inventory = Inventory([Sc("fast", "ebs"), Sc("files", "efs")], [Vsc("s", "ebs", velero: true), Vsc("s2", "ebs")],
        [
            Claim("a", "fast", "ebs"), Claim("b", "fast", "ebs"), Claim("c", "files", "efs"),
            Claim("hidden", "fast", "ebs") with { Namespace = "other" },
        ]);
        var view = StorageMatrix.Build(Guid.NewGuid(), "c1", inventory, c => c.Namespace == "ns", wholeCluster: false);

        var fast = view.Classes.Single(r => r.Class.Name == "fast");
        Assert.Equal((2, 2L << 30, "s", 0), (fast.Claims, fast.CapacityBytes, fast.VeleroClass, fast.Unsnapshottable));
        Assert.Equal(["s", "s2"], fast.SnapshotClasses.Select(s => s.Name));
        var files = view.Classes.Single(r => r.Class.Name == "files");
        Assert.False(files.SnapshotsPossible);
        Assert.Equal(1, files.Unsnapshottable);
        Assert.Equal((3, 1), (view.Claims, view.Unsnapshottable));
        Assert.True(view.SnapshotClasses.Single(r => r.Class.Name == "s").UsedByVelero);
        Assert.False(view.SnapshotClasses.Single(r => r.Class.Name == "s2").UsedByVelero);
        Assert.Equal("2 GiB", fast.Capacity);
    }

    [Fact]
    public void ClassChange_MovesTheMarkWithinTheDriverOnly()
    {
        var classes = new[] { Vsc("a", "d", velero: true, isDefault: true), Vsc("b", "d"), Vsc("c", "other", velero: true) };
        Assert.Equal(["a"], SnapshotClassChanges.LosingTheMark(classes[1], classes, SnapshotClassChangeKind.UseForVelero).Select(c => c.Name));
        Assert.Equal(new SnapshotClassMarks(true, false), SnapshotClassChanges.With(classes[1], SnapshotClassChangeKind.UseForVelero, true));
        Assert.Equal(new SnapshotClassMarks(false, true), SnapshotClassChanges.With(classes[0], SnapshotClassChangeKind.UseForVelero, false));
        Assert.True(SnapshotClassChanges.AlreadyDone(classes[0], classes, SnapshotClassChangeKind.MakeDefault));
        Assert.False(SnapshotClassChanges.AlreadyDone(classes[1], classes, SnapshotClassChangeKind.MakeDefault));
    }
}
