using Bunit;
using Portal.Application.Abstractions.Clusters;
using Portal.Web.Components.Pages.Namespaces;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>The namespace page's recovery points at a glance: the newest backup that can be restored (not a newer failed one),
/// the newest snapshot ready to use (not a newer one still being taken) linked to its page, with the portability sentence;
/// and plain words when there is none.</summary>
public sealed class RecoveryPointsSummaryTests : DatabaseTestContext
{
    private static VolumeSnapshotInfo Snapshot(string name, bool ready, int hoursAgo) =>
        new("shop", name, "data", "ebs", ready, ready ? "8Gi" : null, DateTimeOffset.UtcNow.AddHours(-hoursAgo), DateTimeOffset.UtcNow.AddHours(-hoursAgo),
            null, "content-" + name, null, "Delete", "ebs.csi.aws.com", null, new Dictionary<string, string>());

    [Fact]
    public void ShowsTheNewestRestorableBackup_AndTheNewestReadySnapshot_WithLinks()
    {
        Gateway.Backups.Add(FakeClusterGateway.Backup("nightly-good", "Completed"));
        Gateway.Backups.Add(FakeClusterGateway.Backup("nightly-broken", "Failed") with { CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-10) });
        Snapshots.Snapshots.Add(Snapshot("data-ready", ready: true, hoursAgo: 3));
        Snapshots.Snapshots.Add(Snapshot("data-older", ready: true, hoursAgo: 30));
        Snapshots.Snapshots.Add(Snapshot("data-pending", ready: false, hoursAgo: 0));

        var cut = Render<NamespaceBackups>(p => p.Add(x => x.Id, ShopNamespaceId));

        cut.WaitForAssertion(() => Assert.Contains("data-ready", cut.Find("[data-testid='recovery-points-snapshot']").TextContent));
        cut.WaitForAssertion(() => Assert.Contains("nightly-good", cut.Find("[data-testid='recovery-points-backup']").TextContent));
        Assert.DoesNotContain("nightly-broken", cut.Find("[data-testid='recovery-points-backup']").TextContent);
        var snapshot = cut.Find("[data-testid='recovery-points-snapshot']");
        Assert.DoesNotContain("data-pending", snapshot.TextContent);
        Assert.Contains($"/namespaces/{ShopNamespaceId}/snapshots/data-ready", snapshot.InnerHtml);
        Assert.Contains("one cluster and one storage driver", cut.Find("[data-testid='recovery-points-portability']").TextContent);
        Assert.Empty(cut.FindAll("[data-testid='recovery-points-dump']"));
    }

    [Fact]
    public async Task ARegisteredDatabase_ShowsItsNewestSucceededDump_LinkedToItsPage()
    {
        var database = await RegisterShopDbAsync();
        var schedule = await CreateScheduleAsync(database);
        await AddDumpAsync(schedule, TimeSpan.FromHours(30));
        await AddDumpAsync(schedule, TimeSpan.FromMinutes(5), error: ToolError);

        var cut = Render<NamespaceBackups>(p => p.Add(x => x.Id, ShopNamespaceId));

        cut.WaitForAssertion(() => Assert.Contains("Dump of shop-db", cut.Find("[data-testid='recovery-points-dump']").TextContent));
        var dump = cut.Find("[data-testid='recovery-points-dump']");
        Assert.Contains($"/databases/{database}", dump.InnerHtml);
        Assert.Contains("30 hours ago", dump.TextContent);
        Assert.DoesNotContain(" min ago", dump.TextContent);
    }

    [Fact]
    public void WithNothingYet_SaysSoInWords()
    {
        Gateway.Backups.Clear();
        Gateway.Backups.Add(FakeClusterGateway.Backup("nightly-broken", "Failed"));
        Snapshots.Snapshots.Add(Snapshot("data-pending", ready: false, hoursAgo: 0));

        var cut = Render<NamespaceBackups>(p => p.Add(x => x.Id, ShopNamespaceId));

        cut.WaitForAssertion(() => Assert.Contains("None ready to use", cut.Find("[data-testid='recovery-points-snapshot']").TextContent));
        cut.WaitForAssertion(() => Assert.Contains("None that can be restored yet", cut.Find("[data-testid='recovery-points-backup']").TextContent));
    }

    [Theory]
    [InlineData(true, "CSI snapshots count toward the RPO")]
    [InlineData(false, "only backups count toward the RPO; snapshots do not")]
    public async Task UnderItsPolicy_SaysWhetherSnapshotsCountTowardTheRpo(bool counts, string expected)
    {
        await using (var db = await OpenAllAsync())
        {
            var now = DateTimeOffset.UtcNow;
            var policy = new Portal.Domain.Protection.ProtectionPolicy("gold", Portal.Domain.Protection.ProtectionTarget.Namespace,
                new Portal.Domain.Protection.ProtectionPolicySettings("0 * * * *", "Etc/UTC", TimeSpan.FromDays(7), TimeSpan.FromHours(2),
                    Portal.Domain.Protection.VolumeProtection.CsiSnapshots, null, [], [], CountSnapshots: counts), "test", now);
            db.ProtectionPolicies.Add(policy);
            var shop = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.TenantNamespaces, n => n.Id == ShopNamespaceId);
            db.NamespaceProtections.Add(new Portal.Domain.Protection.NamespaceProtection(TenantId, shop.ClusterId, shop.Namespace, policy, "test", now));
            await db.SaveChangesAsync();
        }

        var cut = Render<NamespaceBackups>(p => p.Add(x => x.Id, ShopNamespaceId));

        cut.WaitForAssertion(() => Assert.Contains(expected, cut.Find("[data-testid='recovery-points-rpo']").TextContent));
        Assert.Contains("gold", cut.Find("[data-testid='recovery-points-rpo']").TextContent);
        Assert.Equal(counts, cut.Find("[data-testid='recovery-points-rpo']").TextContent.Contains("live on the cluster", StringComparison.Ordinal));
    }

    [Fact]
    public void Unprotected_SaysNothingAboutTheRpo()
    {
        var cut = Render<NamespaceBackups>(p => p.Add(x => x.Id, ShopNamespaceId));

        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid='recovery-points-backup']")));
        Assert.Empty(cut.FindAll("[data-testid='recovery-points-rpo']"));
    }
}
