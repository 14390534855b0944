using Microsoft.EntityFrameworkCore;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Features.Protection.Status;
using Portal.Domain.Protection;
using Portal.Domain.Tenants;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>The one status reader on SQLite: what it joins (facts, protection, policy, location, tenant minimum) and
/// that it reads thousands of namespaces in a handful of queries.</summary>
public class NamespaceStatusReaderTests
{
    [Fact]
    public async Task EachNamespace_IsJudgedFromItsFactsProtectionLocationAndTenantMinimum()
    {
        await using var host = await PortalTestHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var cluster = Guid.NewGuid();
        var tenant = new Tenant("billing", "Billing");
        var gold = new ProtectionPolicy("gold", ProtectionTarget.Namespace, new ProtectionPolicySettings("0 * * * *", "UTC", TimeSpan.FromDays(7),
            TimeSpan.FromHours(2), VolumeProtection.CsiSnapshots, null, [], []), "priya", now);
        tenant.RequireProtection(gold.Id);
        var protectedNs = new TenantNamespace(tenant.Id, cluster, "billing-api", now, "priya");
        var bare = new TenantNamespace(tenant.Id, cluster, "billing-reports", now, "priya");
        var protection = new NamespaceProtection(tenant.Id, cluster, "billing-api", gold, "bob", now.AddDays(-1));
        protection.RecordApplied(gold, Guid.NewGuid(), "h", now.AddDays(-1));
        var location = new ObservedLocation(cluster, LocationKind.BackupStorage, "default") { IsDefault = true, Message = "AccessDenied" };
        location.RecordPhase("Unavailable", now.AddMinutes(-20));
        await using (var db = await host.OpenAllAsync())
        {
            db.Tenants.Add(tenant);
            db.ProtectionPolicies.Add(gold);
            db.TenantNamespaces.AddRange(protectedNs, bare);
            db.NamespaceProtections.Add(protection);
            db.ObservedLocations.Add(location);
            db.NamespaceRpoStates.Add(new NamespaceRpoState(tenant.Id, cluster, "billing-api", now)
            {
                LastGoodBackup = "b1", LastGoodAt = now.AddMinutes(-30), LastGoodSource = RecoveryPointSource.Scheduled,
            });
            // Facts written while another tenant owned the namespace do not count for the new owner.
            db.NamespaceRpoStates.Add(new NamespaceRpoState(Guid.NewGuid(), cluster, "billing-reports", now)
            {
                LastGoodBackup = "old", LastGoodAt = now.AddMinutes(-30), LastGoodSource = RecoveryPointSource.OnDemand,
            });
            await db.SaveChangesAsync();
        }

        IReadOnlyList<NamespaceStatus> statuses;
        await using (var db = await host.OpenAllAsync())
            statuses = await host.Services.GetRequiredService<NamespaceStatusReader>().ReadAsync(db, new NamespaceStatusFilter(ClusterId: cluster), DateTimeOffset.UtcNow, default);

        var api = Assert.Single(statuses, s => s.Namespace == "billing-api");
        Assert.Equal(ProtectionStatus.AtRisk, api.Verdict.Status);
        Assert.Contains("Backup location default Unavailable since", api.Verdict.Reason);
        Assert.Equal("gold", api.Policy!.Name);
        Assert.Null(api.BelowMinimum);
        Assert.Equal(protectedNs.Id, api.NamespaceId);

        var reports = Assert.Single(statuses, s => s.Namespace == "billing-reports");
        Assert.Null(reports.Facts);
        Assert.Equal(ProtectionStatus.Unprotected, reports.Verdict.Status);
        Assert.Equal("Not protected; the tenant requires gold or better.", reports.BelowMinimum);
        Assert.Equal(TimeSpan.FromHours(26), reports.Verdict.TargetRpo); // Protection:DefaultTargetRpo
    }

    [Fact]
    public async Task FiveThousandNamespaces_OnTwentyClusters_AreReadQuickly()
    {
        await using var host = await PortalTestHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var tenant = new Tenant("big", "Big");
        var clusters = Enumerable.Range(0, 20).Select(_ => Guid.NewGuid()).ToList();
        await using (var db = await host.OpenAllAsync())
        {
            db.Tenants.Add(tenant);
            for (var i = 0; i < 5000; i++)
            {
                var cluster = clusters[i % 20];
                db.TenantNamespaces.Add(new TenantNamespace(tenant.Id, cluster, $"ns-{i}", now, "priya"));
                db.NamespaceRpoStates.Add(new NamespaceRpoState(tenant.Id, cluster, $"ns-{i}", now)
                {
                    LastGoodBackup = $"b-{i}", LastGoodAt = now.AddHours(-(i % 40)), LastGoodSource = RecoveryPointSource.ClusterWide,
                });
            }

            await db.SaveChangesAsync();
        }

        var reader = host.Services.GetRequiredService<NamespaceStatusReader>();
        await using (var warm = await host.OpenAllAsync()) await reader.ReadAsync(warm, new NamespaceStatusFilter(NamespaceIds: await warm.TenantNamespaces.Select(n => n.Id).Take(10).ToListAsync()), DateTimeOffset.UtcNow, default);
        var watch = Stopwatch.StartNew();
        await using var read = await host.OpenAllAsync();
        var statuses = await reader.ReadAsync(read, new NamespaceStatusFilter(), DateTimeOffset.UtcNow, default);
        watch.Stop();

        Assert.Equal(5000, statuses.Count);
        Assert.Equal(5000 * 26 / 40, statuses.Count(s => s.Verdict.Status == ProtectionStatus.Protected)); // ages 0..25 h of 0..39 within 26 h
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"5,000 namespaces took {watch.Elapsed.TotalMilliseconds:0} ms");
    }
}
