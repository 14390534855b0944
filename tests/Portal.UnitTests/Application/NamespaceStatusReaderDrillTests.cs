using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Features.Protection.Status;
using Portal.Domain.Protection;
using Portal.Domain.Recovery;
using Portal.Domain.Tenants;
using Portal.UnitTests.Support;

namespace Portal.UnitTests.Application;

/// <summary>The one status reader takes each namespace's latest ENDED drill into its verdict (failed or slower than its target:
/// At risk), in one query whatever the number of drills.</summary>
public class NamespaceStatusReaderDrillTests
{
    private static RestoreDrill Drill(Guid tenant, Guid cluster, string ns, DateTimeOffset at, TimeSpan? rto, string? failure = null, TimeSpan? target = null)
    {
        var d = new RestoreDrill(tenant, cluster, ns, cluster, "b1", DrillTrigger.OnDemand, null, Guid.NewGuid(), target ?? TimeSpan.FromMinutes(10), [], null, "sam", at);
        if (failure is not null) d.Fail(failure, null, at.AddMinutes(1));
        else if (rto is { } r)
        {
            d.Start(at);
            d.UseBackup("b1", at.AddHours(-1), at);
            d.RestoreStarted("r1", at);
            d.Verifying(at + r / 2);
            d.Pass(at + r, []);
        }
        return d;
    }

    [Fact]
    public async Task LatestEndedDrill_DecidesTheDrillPart_RunningOnesAndAPreviousOwnersDoNot()
    {
        await using var host = await PortalTestHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var cluster = Guid.NewGuid();
        var tenant = new Tenant("webshop", "Webshop");
        string[] names = ["failed-last", "slow-last", "fixed-since", "running-after-failure", "other-owner", "never"];
        await using (var db = await host.OpenAllAsync())
        {
            db.Tenants.Add(tenant);
            foreach (var n in names)
            {
                db.TenantNamespaces.Add(new TenantNamespace(tenant.Id, cluster, n, now, "priya"));
                db.NamespaceRpoStates.Add(new NamespaceRpoState(tenant.Id, cluster, n, now) { LastGoodBackup = "b1", LastGoodAt = now.AddHours(-1), LastGoodSource = RecoveryPointSource.OnDemand });
            }
            db.RestoreDrills.AddRange(
                Drill(tenant.Id, cluster, "failed-last", now.AddDays(-2), TimeSpan.FromMinutes(3)),
                Drill(tenant.Id, cluster, "failed-last", now.AddDays(-1), null, "Deployment web is not available"),
                Drill(tenant.Id, cluster, "slow-last", now.AddDays(-1), TimeSpan.FromMinutes(14)),
                Drill(tenant.Id, cluster, "fixed-since", now.AddDays(-2), null, "claim data is Pending"),
                Drill(tenant.Id, cluster, "fixed-since", now.AddDays(-1), TimeSpan.FromMinutes(4)),
                Drill(tenant.Id, cluster, "running-after-failure", now.AddDays(-1), null, "check GET /healthz answered 503"),
                Drill(tenant.Id, cluster, "running-after-failure", now.AddMinutes(-1), null), // still pending: no result yet
                Drill(Guid.NewGuid(), cluster, "other-owner", now.AddDays(-1), null, "a previous owner's failure"));
            await db.SaveChangesAsync();
        }

        IReadOnlyList<NamespaceStatus> statuses;
        await using (var db = await host.OpenAllAsync())
            statuses = await host.Services.GetRequiredService<NamespaceStatusReader>().ReadAsync(db, new NamespaceStatusFilter(ClusterId: cluster), now, default);
        NamespaceStatus Of(string n) => Assert.Single(statuses, s => s.Namespace == n);

        Assert.Equal(ProtectionStatus.AtRisk, Of("failed-last").Verdict.Status);
        Assert.Contains($"The last drill on {now.AddDays(-1):yyyy-MM-dd} failed: Deployment web is not available.", Of("failed-last").Verdict.Reason);
        Assert.Equal(ProtectionStatus.AtRisk, Of("slow-last").Verdict.Status);
        Assert.Contains("The last drill took 14 minutes, target 10 minutes.", Of("slow-last").Verdict.Reason);
        Assert.Equal(DrillStatus.Passed, Of("fixed-since").LastDrill!.Status);
        Assert.Equal(ProtectionStatus.Protected, Of("fixed-since").Verdict.Status);
        Assert.Contains("failed: check GET /healthz answered 503", Of("running-after-failure").Verdict.Reason);
        Assert.Null(Of("other-owner").LastDrill);
        Assert.Equal(ProtectionStatus.Protected, Of("other-owner").Verdict.Status);
        Assert.Null(Of("never").LastDrill);
    }

    [Fact]
    public async Task TwoThousandNamespaces_WithTenDrillsEach_AreReadQuickly()
    {
        await using var host = await PortalTestHost.StartAsync();
        var now = DateTimeOffset.UtcNow;
        var tenant = new Tenant("big", "Big");
        var cluster = Guid.NewGuid();
        await using (var db = await host.OpenAllAsync())
        {
            db.Tenants.Add(tenant);
            for (var i = 0; i < 2000; i++)
            {
                db.TenantNamespaces.Add(new TenantNamespace(tenant.Id, cluster, $"ns-{i}", now, "priya"));
                for (var k = 0; k < 10; k++)
                    db.RestoreDrills.Add(Drill(tenant.Id, cluster, $"ns-{i}", now.AddDays(-10 + k), k == 9 && i % 4 == 0 ? null : TimeSpan.FromMinutes(5), k == 9 && i % 4 == 0 ? "x" : null));
            }
            await db.SaveChangesAsync();
        }

        var reader = host.Services.GetRequiredService<NamespaceStatusReader>();
        await using (var warm = await host.OpenAllAsync()) await reader.ReadAsync(warm, new NamespaceStatusFilter(Namespace: "ns-1"), now, default);
        var watch = Stopwatch.StartNew();
        await using var read = await host.OpenAllAsync();
        var statuses = await reader.ReadAsync(read, new NamespaceStatusFilter(), now, default);
        watch.Stop();

        Assert.Equal(2000, statuses.Count);
        Assert.Equal(500, statuses.Count(s => s.LastDrill is { Failed: true }));
        Assert.All(statuses, s => Assert.Equal(now.AddDays(-1), s.LastDrill!.At, TimeSpan.FromSeconds(1)));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"2,000 namespaces with 20,000 drills took {watch.Elapsed.TotalMilliseconds:0} ms");
    }
}
