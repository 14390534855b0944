using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Protection;
using Portal.Domain.Tenants;
using Portal.Web.Components.Pages.Namespaces;
using Portal.Web.Components.Pages.Protection;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>A protection notifier the test fires by hand, counting who listens.</summary>
public sealed class ManualProtectionNotifier : IProtectionStatusNotifier
{
    private readonly List<(Func<ProtectionChange, bool> Wants, Func<Task> OnChanged)> _subscribers = [];

    public int Subscribers => _subscribers.Count;

    public void Notify(ProtectionChange change)
    {
        foreach (var (wants, onChanged) in _subscribers.ToList())
            if (wants(change)) _ = onChanged();
    }

    public IDisposable Subscribe(Func<ProtectionChange, bool> wants, Func<Task> onChanged)
    {
        var entry = (wants, onChanged);
        _subscribers.Add(entry);
        return new Unsubscribe(() => _subscribers.Remove(entry));
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}

/// <summary>The compliance page, the status chip and the namespaces list's chips over the real use cases: tenant
/// Webshop's "shop" on gold (a good backup an hour ago, target RPO 2 hours) and, where a test adds it, "shop-cart"
/// with no protection and no backup.</summary>
public sealed class ProtectionPagesTests : PortalTestContext
{
    private readonly ManualProtectionNotifier _notifier = new();
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow);

    public ProtectionPagesTests()
    {
        Services.AddSingleton<IProtectionStatusNotifier>(_notifier);
        Services.AddSingleton<TimeProvider>(_clock);
    }

    private async Task<Guid> ProtectShopAsync()
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var now = _clock.GetUtcNow();
        var gold = new ProtectionPolicy("gold", ProtectionTarget.Namespace, new ProtectionPolicySettings("0 * * * *", "Etc/UTC", TimeSpan.FromDays(7),
            TimeSpan.FromHours(2), VolumeProtection.CsiSnapshots, null, [], []), "test", now);
        db.ProtectionPolicies.Add(gold);
        var clusterId = (await db.Clusters.SingleAsync()).Id;
        var protection = new NamespaceProtection(TenantId, clusterId, "shop", gold, "test", now.AddDays(-1));
        protection.RecordApplied(gold, Guid.NewGuid(), "hash", now.AddDays(-1));
        db.NamespaceProtections.Add(protection);
        db.NamespaceRpoStates.Add(new NamespaceRpoState(TenantId, clusterId, "shop", now)
        {
            LastGoodAt = now.AddHours(-1), LastGoodBackup = "shop-1", LastGoodSource = RecoveryPointSource.Scheduled,
        });
        await db.SaveChangesAsync();
        return clusterId;
    }

    private async Task AddUnprotectedAsync(string name)
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        db.TenantNamespaces.Add(new TenantNamespace(TenantId, (await db.Clusters.SingleAsync()).Id, name, _clock.GetUtcNow(), "test"));
        await db.SaveChangesAsync();
    }

    private async Task BackUpAsync(string ns)
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var now = _clock.GetUtcNow();
        db.NamespaceRpoStates.Add(new NamespaceRpoState(TenantId, (await db.Clusters.SingleAsync()).Id, ns, now)
        {
            LastGoodAt = now.AddMinutes(-5), LastGoodBackup = $"{ns}-1", LastGoodSource = RecoveryPointSource.OnDemand,
        });
        await db.SaveChangesAsync();
    }

    private static string[] Rows(IRenderedComponent<Compliance> cut) =>
        cut.FindAll("[data-testid=compliance-namespace]").Select(e => e.TextContent.Trim()).ToArray();

    private static string Count(IRenderedComponent<Compliance> cut, string which) =>
        cut.Find($"[data-testid=count-{which}]").GetAttribute("data-count")!;

    [Fact]
    public async Task Compliance_CountsAsCards_ListsWhatNeedsAttention()
    {
        await ProtectShopAsync();
        await AddUnprotectedAsync("shop-cart");
        Principal.Current = Sam;

        var cut = Render<Compliance>();

        cut.WaitForAssertion(() => Assert.Equal(["shop-cart"], Rows(cut)));
        Assert.Equal(("1", "0", "1"), (Count(cut, "Protected"), Count(cut, "AtRisk"), Count(cut, "Unprotected")));
        Assert.Contains("No protection policy and no backup.", cut.Find("[data-testid=protection-reason]").TextContent);
    }

    [Fact]
    public async Task Compliance_StatusCard_FiltersTheList()
    {
        await ProtectShopAsync();
        await AddUnprotectedAsync("shop-cart");
        Principal.Current = Sam;
        var cut = Render<Compliance>();
        cut.WaitForAssertion(() => Assert.Equal(["shop-cart"], Rows(cut)));

        await cut.InvokeAsync(() => cut.Find("[data-testid=show-Protected]").Click());

        cut.WaitForAssertion(() => Assert.Equal(["shop"], Rows(cut)));
        Assert.Equal(Portal.Application.Features.Protection.Compliance.ComplianceStatusFilter.Protected, ComplianceFilterOf(cut));
    }

    [Fact]
    public async Task Compliance_ProtectedNamespaceWhoseLastDrillWasSlow_IsAtRiskSayingSo_WithItsLastDrillLinked()
    {
        var clusterId = await ProtectShopAsync();
        var now = _clock.GetUtcNow();
        var drill = new Portal.Domain.Recovery.RestoreDrill(TenantId, clusterId, "shop", clusterId, null, Portal.Domain.Recovery.DrillTrigger.OnDemand, null,
            Guid.NewGuid(), TimeSpan.FromMinutes(10), [], null, "Sam Reliability", now.AddHours(-3));
        drill.Start(now.AddHours(-3));
        drill.UseBackup("shop-1", now.AddHours(-4), now.AddHours(-3));
        drill.RestoreStarted("r", now.AddHours(-3));
        drill.Verifying(now.AddHours(-3));
        drill.Pass(now.AddHours(-3).AddMinutes(14), []);
        await using (var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
        {
            db.RestoreDrills.Add(drill);
            await db.SaveChangesAsync();
        }
        Principal.Current = Alice;

        var cut = Render<Compliance>();

        cut.WaitForAssertion(() => Assert.Equal(["shop"], Rows(cut)));
        Assert.Equal(("0", "1"), (Count(cut, "Protected"), Count(cut, "AtRisk")));
        Assert.Contains("The last drill took 14 minutes, target 10 minutes.", cut.Find("[data-testid=protection-reason]").TextContent);
        var last = cut.Find("[data-testid=compliance-last-drill] a");
        Assert.Equal($"/drills/{drill.Id}", last.GetAttribute("href"));
        Assert.Contains("passed in 14 minutes (target 10 minutes)", last.TextContent);
    }

    private async Task CountSnapshotsOnShopAsync(DateTimeOffset? snapshotPoint, string? gap)
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var gold = await db.ProtectionPolicies.SingleAsync(p => p.Name == "gold");
        gold.Change(new ProtectionPolicySettings(gold.Cron, gold.TimeZone, gold.Retention, gold.TargetRpo, gold.Volumes, null, [], [], CountSnapshots: true),
            _clock.GetUtcNow());
        var state = await db.NamespaceRpoStates.SingleAsync(s => s.Namespace == "shop");
        state.LastGoodAt = _clock.GetUtcNow().AddHours(-5);
        (state.SnapshotPointAt, state.SnapshotGap) = (snapshotPoint, gap);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Compliance_PolicyCountsSnapshots_ANewSnapshotPointKeepsItProtected_ShownAsTheLastRecoveryPoint()
    {
        await ProtectShopAsync();
        await CountSnapshotsOnShopAsync(_clock.GetUtcNow().AddMinutes(-12), null);
        Principal.Current = Sam;
        var cut = Render<Compliance>();
        cut.WaitForAssertion(() => Assert.Equal("1", Count(cut, "Protected")));

        await cut.InvokeAsync(() => cut.Find("[data-testid=show-Protected]").Click());

        cut.WaitForAssertion(() => Assert.Equal(["shop"], Rows(cut)));
        Assert.Contains("snapshot, 12 minutes old", cut.Find("[data-testid=compliance-age]").TextContent);
        Assert.Contains("Newest snapshot point: 12 minutes old", cut.Find("[data-testid=compliance-snapshot-point]").TextContent);
        var reason = cut.Find("[data-testid=protection-reason]").TextContent;
        Assert.Contains("last recovery point: snapshot of every claim, 12 minutes old", reason);
        Assert.Contains("Snapshots live on the cluster", reason);
    }

    [Fact]
    public async Task Compliance_PolicyCountsSnapshots_AClaimWithoutOne_IsAtRiskNamingIt()
    {
        await ProtectShopAsync();
        await CountSnapshotsOnShopAsync(null, "1 of 2 claims have a ready snapshot; no ready snapshot of logs.");
        Principal.Current = Sam;

        var cut = Render<Compliance>();

        cut.WaitForAssertion(() => Assert.Equal(["shop"], Rows(cut)));
        Assert.Contains("backup, 5 hours old", cut.Find("[data-testid=compliance-age]").TextContent);
        Assert.Contains("no ready snapshot of logs", cut.Find("[data-testid=compliance-snapshot-point]").TextContent);
        Assert.Contains("Snapshots count on gold, but 1 of 2 claims have a ready snapshot", cut.Find("[data-testid=protection-reason]").TextContent);
    }

    [Fact]
    public async Task Compliance_PolicyDoesNotCountSnapshots_NoSnapshotLine()
    {
        await ProtectShopAsync();
        Principal.Current = Sam;
        var cut = Render<Compliance>();
        cut.WaitForAssertion(() => Assert.Equal("1", Count(cut, "Protected")));

        await cut.InvokeAsync(() => cut.Find("[data-testid=show-Protected]").Click());

        cut.WaitForAssertion(() => Assert.Equal(["shop"], Rows(cut)));
        Assert.StartsWith("backup, ", cut.Find("[data-testid=compliance-age]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=compliance-snapshot-point]"));
    }

    private static Portal.Application.Features.Protection.Compliance.ComplianceStatusFilter ComplianceFilterOf(IRenderedComponent<Compliance> cut) =>
        cut.Instance.Status;

    [Fact]
    public async Task Compliance_EveryNamespaceProtected_SaysSo()
    {
        await ProtectShopAsync();
        Principal.Current = Sam;

        var cut = Render<Compliance>();

        cut.WaitForElement("[data-testid=compliance-all-protected]");
        Assert.Empty(cut.FindAll("[data-testid=compliance-no-namespaces]"));
    }

    [Fact]
    public async Task Compliance_NoNamespacesYet_SaysSo()
    {
        await using (var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
        {
            db.TenantNamespaces.RemoveRange(db.TenantNamespaces);
            await db.SaveChangesAsync();
        }
        Principal.Current = Sam;

        var cut = Render<Compliance>();

        cut.WaitForElement("[data-testid=compliance-no-namespaces]");
        Assert.Empty(cut.FindAll("[data-testid=compliance-all-protected]"));
    }

    [Fact]
    public async Task Compliance_NotifierFires_ReReadsWithoutReload_AndNotAfterDispose()
    {
        await ProtectShopAsync();
        await AddUnprotectedAsync("shop-cart");
        Principal.Current = Sam;
        var cut = Render<Compliance>();
        cut.WaitForAssertion(() => Assert.Equal(["shop-cart"], Rows(cut)));
        Assert.Equal(1, _notifier.Subscribers);

        await BackUpAsync("shop-cart");
        _notifier.Notify(new ProtectionChange(TenantId, Guid.Empty, "shop-cart"));

        cut.WaitForElement("[data-testid=compliance-all-protected]");
        Assert.Equal("2", Count(cut, "Protected"));

        var page = cut.Instance;
        var reads = page.Reads;
        await DisposeComponentsAsync();
        Assert.Equal(0, _notifier.Subscribers);
        _notifier.Notify(new ProtectionChange(TenantId, Guid.Empty, "shop"));
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(reads, page.Reads);
    }

    [Fact]
    public async Task Compliance_AnotherTenantsChange_DoesNotReRead()
    {
        await ProtectShopAsync();
        Principal.Current = Sam;
        var cut = Render<Compliance>();
        cut.WaitForElement("[data-testid=compliance-all-protected]");
        var reads = cut.Instance.Reads;

        _notifier.Notify(new ProtectionChange(Guid.NewGuid(), Guid.Empty, "elsewhere"));

        Assert.Equal(reads, cut.Instance.Reads);
    }

    [Fact]
    public async Task Compliance_BackupGrowsOlderThanItsRpo_TurnsAtRiskWithinAMinuteWithNoEvent()
    {
        await ProtectShopAsync();
        Principal.Current = Sam;
        var cut = Render<Compliance>();
        cut.WaitForElement("[data-testid=compliance-all-protected]");

        _clock.Advance(TimeSpan.FromMinutes(61)); // the backup is now 2 h 1 min old; the page re-reads each minute

        cut.WaitForAssertion(() => Assert.Equal(["shop"], Rows(cut)));
        Assert.Equal("1", Count(cut, "AtRisk"));
        Assert.Contains("more than the target RPO of 2 hours", cut.Find("[data-testid=protection-reason]").TextContent);
    }

    [Fact]
    public async Task Compliance_LocationUnavailable_ShownWithSinceAndMessage()
    {
        var clusterId = await ProtectShopAsync();
        await using (var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
        {
            var bsl = new ObservedLocation(clusterId, LocationKind.BackupStorage, "default") { IsDefault = true, Message = "bucket gone" };
            bsl.RecordPhase("Unavailable", new DateTimeOffset(2026, 12, 7, 10, 42, 0, TimeSpan.Zero));
            db.ObservedLocations.Add(bsl);
            await db.SaveChangesAsync();
        }
        Principal.Current = Sam;

        var cut = Render<Compliance>();

        cut.WaitForAssertion(() => Assert.Equal(["shop"], Rows(cut)));
        var row = cut.Find("[data-testid=location-row]");
        Assert.Equal(("default", "Unavailable"), (row.GetAttribute("data-location"), row.GetAttribute("data-phase")));
        Assert.Contains("Unavailable since 2026-12-07 10:42 UTC", row.TextContent);
        Assert.Contains("bucket gone", row.TextContent);
        Assert.Contains("Platform engineers", cut.Find("[data-testid=compliance-grid]").TextContent);
    }

    [Fact]
    public void Chip_ShowsStatusReasonAndMinimum()
    {
        var cut = Render<ProtectionStatusChip>(p => p
            .Add(x => x.Status, ProtectionStatus.AtRisk)
            .Add(x => x.Reason, "The last good backup is 5 hours old, more than the target RPO of 2 hours.")
            .Add(x => x.BelowMinimum, "bronze is below gold: its RPO is 26 hours (at most 2 hours needed).")
            .Add(x => x.ShowReason, true));

        var root = cut.Find("[data-testid=protection-status]");
        Assert.Equal(("AtRisk", "True"), (root.GetAttribute("data-status"), root.GetAttribute("data-below-minimum")));
        Assert.Equal("At risk", cut.Find("[data-testid=protection-status-chip]").TextContent.Trim());
        Assert.Contains("5 hours old", cut.Find("[data-testid=protection-status-chip]").GetAttribute("title"));
        Assert.Contains("5 hours old", cut.Find("[data-testid=protection-reason]").TextContent);
        Assert.Contains("bronze is below gold", cut.Find("[data-testid=protection-minimum-reason]").TextContent);
    }

    [Fact]
    public void Chip_WithoutShowReason_KeepsTheReasonInItsTooltip()
    {
        var cut = Render<ProtectionStatusChip>(p => p.Add(x => x.Status, ProtectionStatus.Unprotected).Add(x => x.Reason, "No protection policy and no backup."));

        Assert.Equal("Unprotected", cut.Find("[data-testid=protection-status-chip]").TextContent.Trim());
        Assert.Equal("No protection policy and no backup.", cut.Find("[data-testid=protection-status-chip]").GetAttribute("title"));
        Assert.Empty(cut.FindAll("[data-testid=protection-reason]"));
        Assert.Empty(cut.FindAll("[data-testid=protection-below-minimum]"));
    }

    [Fact]
    public async Task NamespacesList_ShowsEachNamespacesStatus()
    {
        await ProtectShopAsync();
        await AddUnprotectedAsync("shop-cart");
        Principal.Current = Alice;

        var cut = Render<Namespaces>();

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=protection-status]").Count));
        string StatusOf(string ns) => cut.Find($"[data-testid=namespace-row][data-namespace={ns}] [data-testid=protection-status]").GetAttribute("data-status")!;
        Assert.Equal(("Protected", "Unprotected"), (StatusOf("shop"), StatusOf("shop-cart")));
    }
}
