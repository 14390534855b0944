using Portal.Application.Abstractions.Clusters;
using Portal.Application.Common;
using Portal.Application.Features.Restores.Preview;
using Portal.Domain.Requests;

namespace Portal.UnitTests.Application.Restores;

public class RestorePreviewerTests
{
    private static readonly BackupKind Deployment = new("apps/v1", "Deployment");
    private static readonly BackupKind ConfigMap = new("v1", "ConfigMap");
    private static readonly BackupKind Claim = new("v1", "PersistentVolumeClaim");
    private static readonly BackupKind Event = new("v1", "Event");
    private static readonly BackupKind NamespaceKind = new("v1", "Namespace");
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 16, 0, 0, TimeSpan.Zero);

    private static BackupResourceList Backup(params (BackupKind Kind, string[] Items)[] items) =>
        new("nightly-1", "uid-1", "Completed", ["secrets"], items.ToDictionary(i => i.Kind, i => (IReadOnlyList<string>)i.Items));

    private static LiveNamespaceContents Live(params (BackupKind Kind, string[] Names)[] names) =>
        new(true, names.ToDictionary(n => n.Kind, n => (IReadOnlySet<string>)n.Names.ToHashSet()), new Dictionary<BackupKind, string>());

    private static readonly BackupResourceList Shop = Backup(
        (NamespaceKind, ["shop", "other"]),
        (Deployment, ["shop/web", "shop/api", "other/x"]),
        (ConfigMap, ["shop/settings"]),
        (Claim, ["shop/data"]),
        (Event, ["shop/web.1", "shop/web.2"]),
        (new BackupKind("v1", "PersistentVolume"), ["pvc-123"]),
        (new BackupKind("rbac.authorization.k8s.io/v1", "ClusterRole"), ["shop-reader"]));

    private static PreviewItem Find(RestorePreview p, string kind, string name) => Assert.Single(p.Items, i => i.Kind == kind && i.Name == name);

    [Fact]
    public void Compare_KeepExisting_CreatesMissingAndSkipsExisting()
    {
        var live = Live((Deployment, ["web"]), (ConfigMap, []), (Claim, ["data"]));

        var p = RestorePreviewer.Compare(Shop, new PreviewWish("shop", "shop", ExistingResourcePolicy.None, true), live, Now);

        Assert.Equal(PreviewOutcome.Skip, Find(p, "Deployment", "web").Outcome);
        Assert.Equal(PreviewOutcome.Create, Find(p, "Deployment", "api").Outcome);
        Assert.Equal(PreviewOutcome.Create, Find(p, "ConfigMap", "settings").Outcome);
        Assert.Equal(PreviewOutcome.Skip, Find(p, "PersistentVolumeClaim", "data").Outcome);
        Assert.Equal(PreviewOutcome.Skip, Find(p, "Namespace", "shop").Outcome);
        Assert.DoesNotContain(p.Items, i => i.Name == "x" || i.Name == "other");
        Assert.Equal(2, p.OtherNamespacesItems);
        Assert.Equal(0, p.Count(PreviewOutcome.Update));
    }

    [Fact]
    public void Compare_UpdateExisting_UpdatesWhatExists()
    {
        var live = Live((Deployment, ["web"]), (ConfigMap, ["settings"]), (Claim, []));

        var p = RestorePreviewer.Compare(Shop, new PreviewWish("shop", "shop", ExistingResourcePolicy.Update, true), live, Now);

        Assert.Equal(PreviewOutcome.Update, Find(p, "Deployment", "web").Outcome);
        Assert.Equal(PreviewOutcome.Update, Find(p, "ConfigMap", "settings").Outcome);
        Assert.Equal(PreviewOutcome.Create, Find(p, "Deployment", "api").Outcome);
        Assert.Equal(PreviewOutcome.Skip, Find(p, "Namespace", "shop").Outcome); // a namespace is never updated
    }

    [Fact]
    public void Compare_NewTargetThatDoesNotExist_CreatesEverythingRestorable()
    {
        var p = RestorePreviewer.Compare(Shop, new PreviewWish("shop", "shop-restored", ExistingResourcePolicy.Update, true),
            LiveNamespaceContents.Missing, Now);

        Assert.All(p.Items.Where(i => i.Outcome != PreviewOutcome.NotRestored), i => Assert.Equal(PreviewOutcome.Create, i.Outcome));
        Assert.Equal("shop-restored", Find(p, "Namespace", "shop-restored").Name);
        Assert.False(p.TargetExists);
        Assert.Equal(5, p.Count(PreviewOutcome.Create)); // namespace, 2 deployments, config map, claim
    }

    [Fact]
    public void Compare_KindsVeleroNeverRestores_AndClusterWideItems_AreNotRestoredWithTheReason()
    {
        var p = RestorePreviewer.Compare(Shop, new PreviewWish("shop", "shop", ExistingResourcePolicy.None, true), Live(), Now);

        Assert.All(p.Items.Where(i => i.Kind == "Event"), i => Assert.Equal(PreviewOutcome.NotRestored, i.Outcome));
        var events = Assert.Single(p.NotRestored, n => n.What.StartsWith("Event", StringComparison.Ordinal));
        Assert.Equal(2, events.Count);
        Assert.Contains("Velero never restores events", events.Reason);
        Assert.Contains(p.NotRestored, n => n.What.StartsWith("ClusterRole", StringComparison.Ordinal) && n.Reason.Contains("cluster-wide"));
        var excluded = Assert.Single(p.NotRestored, n => n.What == "secrets");
        Assert.Null(excluded.Count);
        Assert.Contains("excluded", excluded.Reason);
    }

    [Fact]
    public void Compare_AKindThatCannotBeRead_IsUnknownNotGuessed()
    {
        var live = new LiveNamespaceContents(true,
            new Dictionary<BackupKind, IReadOnlySet<string>> { [ConfigMap] = new HashSet<string>(), [Claim] = new HashSet<string>() },
            new Dictionary<BackupKind, string> { [Deployment] = "the portal may not list deployments.apps in namespace shop" });

        var p = RestorePreviewer.Compare(Shop, new PreviewWish("shop", "shop", ExistingResourcePolicy.None, true), live, Now);

        Assert.Equal(PreviewOutcome.Unknown, Find(p, "Deployment", "web").Outcome);
        Assert.Equal(2, p.Count(PreviewOutcome.Unknown));
        Assert.Equal("unknown for Deployment (apps/v1): the portal may not list deployments.apps in namespace shop", Assert.Single(p.Unknown));
    }

    [Theory]
    [InlineData(true, "come back with their data")]
    [InlineData(false, "without their data")]
    public void Compare_Volumes_SayWhetherTheDataComesBack(bool restoreVolumes, string words)
    {
        var p = RestorePreviewer.Compare(Shop, new PreviewWish("shop", "shop-2", ExistingResourcePolicy.None, restoreVolumes),
            LiveNamespaceContents.Missing, Now);

        Assert.Equal(1, p.Volumes.Claims);
        Assert.Equal(1, p.Volumes.Volumes);
        Assert.Equal(restoreVolumes, p.Volumes.DataRestored);
        Assert.Contains(words, p.Volumes.Words);
    }

    [Fact]
    public void Page_FiltersByOutcomeAndKind_AndPagesOnTheServer()
    {
        var many = Backup((ConfigMap, Enumerable.Range(0, 1000).Select(i => $"shop/config-{i:D4}").ToArray()),
            (Deployment, ["shop/web"]));
        var live = Live((ConfigMap, Enumerable.Range(0, 400).Select(i => $"config-{i:D4}").ToArray()), (Deployment, []));
        var p = RestorePreviewer.Compare(many, new PreviewWish("shop", "shop", ExistingResourcePolicy.None, true), live, Now);

        var page = RestorePreviewReader.Page(p, PreviewOutcome.Create, "ConfigMap", new PageRequest(2, 25));

        Assert.Equal(600, page.Items.TotalCount);
        Assert.Equal(25, page.Items.Items.Count);
        Assert.Equal("config-0450", page.Items.Items[0].Name);
        Assert.All(page.Items.Items, i => Assert.Equal(PreviewOutcome.Create, i.Outcome));
        Assert.Equal(601, page.Totals[PreviewOutcome.Create]);
        Assert.Equal(400, page.Totals[PreviewOutcome.Skip]);
        Assert.Equal(1001, page.Total);
    }

    [Fact]
    public void NonRestorableResources_AreVelerosList()
    {
        Assert.Equal(["nodes", "events", "events.events.k8s.io", "backups.velero.io", "restores.velero.io", "resticrepositories.velero.io",
            "backuprepositories.velero.io", "csinodes.storage.k8s.io", "volumeattachments.storage.k8s.io"], NonRestorableResources.Names);
        Assert.NotNull(NonRestorableResources.Why("storage.k8s.io", "VolumeAttachment"));
        Assert.Null(NonRestorableResources.Why("apps", "Deployment"));
    }

    [Fact]
    public void BoundedCache_DropsTheLeastRecentlyUsed()
    {
        var cache = new BoundedCache<string, int>(2, null, TimeProvider.System);
        cache.Set("a", 1);
        cache.Set("b", 2);
        Assert.True(cache.TryGet("a", out _));
        cache.Set("c", 3);

        Assert.True(cache.TryGet("a", out var a));
        Assert.Equal(1, a);
        Assert.False(cache.TryGet("b", out _));
        Assert.Equal(2, cache.Count);
    }
}
