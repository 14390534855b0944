using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Security;
using Portal.Domain.Clusters;
using Portal.Domain.Protection;
using Portal.Web.Components.Pages.Namespaces;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>The namespace's backup list: what its protection policy's Schedule made is shown with the policy, next to
/// the on-demand ones, and offered for restore the same way.</summary>
public sealed class NamespaceBackupsPageTests : PortalTestContext
{
    [Fact]
    public async Task ScheduledBackupOfItsPolicy_IsShownWithThePolicy_AndCanBeRestored()
    {
        var now = DateTimeOffset.UtcNow;
        string schedule;
        await using (var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
        {
            var shop = await db.TenantNamespaces.SingleAsync(n => n.Id == ShopNamespaceId);
            var gold = new ProtectionPolicy("gold", ProtectionTarget.Namespace, new ProtectionPolicySettings("0 * * * *", "UTC", TimeSpan.FromDays(7),
                TimeSpan.FromHours(2), VolumeProtection.CsiSnapshots, null, [], []), "priya", now);
            var protection = new NamespaceProtection(TenantId, shop.ClusterId, "shop", gold, "alice", now);
            db.ProtectionPolicies.Add(gold);
            db.NamespaceProtections.Add(protection);
            await db.SaveChangesAsync();
            schedule = protection.ScheduleName;
        }

        var run = $"{schedule}-20261207120000";
        Gateway.Backups.Add(FakeClusterGateway.Backup(run, "Completed", schedule: schedule));

        var cut = Render<NamespaceBackups>(p => p.Add(x => x.Id, ShopNamespaceId));
        cut.WaitForElement($"tr[data-backup='{run}']");

        var row = cut.Find($"tr[data-backup='{run}']");
        Assert.Contains("Protection policy gold", row.TextContent);
        Assert.Contains("scheduled", row.TextContent);
        Assert.Contains($"/namespaces/{ShopNamespaceId}/restore?backup={run}", row.QuerySelector($"[data-testid='restore-from-{run}']")!.OuterHtml);
        // Velero's own schedule is nobody's policy: as before.
        Assert.Contains("Velero schedule daily", cut.Find("tr[data-backup='daily-20261120']").TextContent);
        Assert.DoesNotContain("Protection policy", cut.Find("tr[data-backup='daily-20261120']").TextContent);
    }

    /// <summary>The worst day: the namespace's cluster is Unreachable. Backing up there cannot run, but a restore can still be
    /// asked for, of a backup the portal last saw there, onto another cluster: neither the list's Restore nor the page's
    /// "Restore from this" is disabled.</summary>
    [Fact]
    public async Task ClusterUnreachable_RestoreOfALastSeenBackupStaysOffered_BackupDoesNot()
    {
        await using (var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
        {
            var ns = await db.TenantNamespaces.SingleAsync(n => n.Id == ShopNamespaceId);
            var cluster = await db.Clusters.SingleAsync(c => c.Id == ns.ClusterId);
            cluster.RecordHealth(ClusterHealth.Unreachable, "connection refused", null, DateTimeOffset.UtcNow);
            db.ObservedBackups.Add(new ObservedBackup(ns.ClusterId, "nightly-last-seen", DateTimeOffset.UtcNow.AddMinutes(-30))
            {
                TenantId = TenantId, Phase = "Completed", IncludedNamespaces = ["shop"], StartedAt = DateTimeOffset.UtcNow.AddHours(-3), StorageLocation = "default",
            });
            await db.SaveChangesAsync();
        }
        Gateway.ListFailure = new ClusterAccessException(ClusterFault.Unreachable, "connection refused");

        var page = Render<NamespaceBackups>(p => p.Add(x => x.Id, ShopNamespaceId));
        page.WaitForElement("[data-testid='restore-from-nightly-last-seen']");
        var restore = page.Find("[data-testid='restore-from-nightly-last-seen']");
        Assert.False(restore.HasAttribute("disabled"));
        Assert.Contains($"/namespaces/{ShopNamespaceId}/restore?backup=nightly-last-seen", restore.OuterHtml);
        Assert.True(page.Find("[data-testid=backup-button]").HasAttribute("disabled"));

        var list = Render<Namespaces>();
        list.WaitForElement("[data-testid=restore-shop]");
        var listRestore = list.Find("[data-testid=restore-shop]");
        Assert.False(listRestore.HasAttribute("disabled"));
        Assert.Contains($"/namespaces/{ShopNamespaceId}/restore", listRestore.OuterHtml);
        Assert.Contains("can be restored on another cluster", listRestore.GetAttribute("title"));
        Assert.True(list.Find("[data-testid=backup-shop]").HasAttribute("disabled"));
    }
}
