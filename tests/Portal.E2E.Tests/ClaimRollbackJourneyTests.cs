using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.ClusterSimulator;
using Portal.Web.Hosting;
using static Portal.E2E.Tests.PortalServerFixture;

namespace Portal.E2E.Tests;

/// <summary>Fast rollback in a real browser against the demo's simulated prod-east: Billing's SRE Rita takes a snapshot of
/// claim report-archive (mounted by Deployment report-renderer in reports) with "Snapshot now", opens the snapshot's page,
/// which turns ready without a reload (the page re-reads when the snapshot request changes), asks for "Roll back report-archive"
/// with the claim's name typed, Billing's second SRE Oscar approves (by the default policy an SRE approves rollbacks, and Rita
/// may not approve her own), and Rita's request page shows it succeed with the measured time from approval to ready. The claim on the simulated cluster is then made from the snapshot.</summary>
[Collection(PortalServerCollection.Name)]
public class ClaimRollbackJourneyTests(PortalServerFixture server)
{
    private SimulatedCluster Simulator(string name) =>
        server.AppServices.GetRequiredService<SimulatedClusterHost>().Clusters.Single(c => c.ClusterName == name);

    [Fact]
    public async Task Sre_RollsAClaimBack_AndSeesTheMeasuredTime()
    {
        const float Long = 120_000;
        Guid reports;
        await using (var db = await server.AppServices.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
        {
            var billing = await db.Tenants.Where(t => t.Slug == "billing").Select(t => t.Id).SingleAsync();
            // Other journeys may give Billing a "reports" on another cluster (a recovery, a DR restore): this one is prod-east's.
            var prodEast = await db.Clusters.Where(c => c.Name == "prod-east" && c.RetiredAt == null).Select(c => c.Id).SingleAsync();
            reports = await db.TenantNamespaces.Where(n => n.TenantId == billing && n.ClusterId == prodEast && n.Namespace == "reports")
                .Select(n => n.Id).SingleAsync();
        }

        var sre = await server.SignInAsync("rita", Long);
        await sre.GotoAsync($"/namespaces/{reports}");
        await WaitForCircuitAsync(sre);
        await Assertions.Expect(sre.GetByTestId("recovery-points")).ToBeVisibleAsync();

        // Snapshot now: the workload's claims
        await sre.GetByTestId("snapshots-now-panel").ClickAsync();
        await sre.GetByTestId("snapshots-workload").ClickAsync();
        await sre.Locator(".mud-popover-open .mud-list-item").Filter(new LocatorFilterOptions { HasText = "report-renderer" }).First.ClickAsync();
        await sre.GetByTestId("snapshots-now").ClickAsync();
        await Assertions.Expect(sre.GetByTestId("snapshots-submitted")).ToBeVisibleAsync();

        var row = sre.GetByTestId("snapshots-row").Filter(new LocatorFilterOptions { HasText = "report-archive" }).First;
        await Assertions.Expect(row).ToBeVisibleAsync(new() { Timeout = Long });
        await row.Locator("a").First.ClickAsync();
        await Assertions.Expect(sre).ToHaveURLAsync(new Regex($"/namespaces/{reports}/snapshots/.+$"));
        var snapshotName = Uri.UnescapeDataString(sre.Url.Split('/').Last());
        // no reload: the page re-reads itself when the snapshot request records the snapshot ready
        await Assertions.Expect(sre.GetByTestId("snapshot-state")).ToContainTextAsync("Ready to use", new() { Timeout = Long });

        // the rollback, confirmed by the claim's name typed
        await WaitForCircuitAsync(sre);
        await sre.GetByTestId("rollback-button").ClickAsync();
        await Assertions.Expect(sre.GetByTestId("rollback-steps")).ToContainTextAsync("scaled to zero");
        await Assertions.Expect(sre.GetByTestId("rollback-submit")).ToBeDisabledAsync();
        await Field(sre, "rollback-confirm").FillAsync("report-archive");
        await Field(sre, "rollback-reason").FillAsync("rollback rehearsal from the browser test");
        await sre.GetByTestId("rollback-submit").ClickAsync();
        await Assertions.Expect(sre).ToHaveURLAsync(new Regex("/requests/[0-9a-f-]{36}$"));
        var status = sre.GetByTestId("request-status").First;
        await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "PendingApproval");
        var requestId = sre.Url.Split('/').Last();

        var approver = await server.SignInAsync("oscar", Long);
        await approver.GotoAsync("/approvals");
        await WaitForCircuitAsync(approver);
        var item = approver.Locator($"[data-testid=approval-item][data-request-id='{requestId}']");
        await item.GetByTestId("approve-button").ClickAsync();
        await Assertions.Expect(item).ToHaveCountAsync(0);

        await Assertions.Expect(status).ToHaveAttributeAsync("data-status", "Succeeded", new() { Timeout = 180_000 });
        await Assertions.Expect(sre.Locator("body")).ToContainTextAsync(new Regex("from approval to ready"));

        var claim = Simulator("prod-east").Store.Get("v1", "PersistentVolumeClaim", "reports", "report-archive");
        Assert.NotNull(claim);
        Assert.Equal(snapshotName, (string?)claim!["spec"]?["dataSource"]?["name"]);
        Assert.Equal("VolumeSnapshot", (string?)claim["spec"]?["dataSource"]?["kind"]);
        await sre.Context.CloseAsync();
        await approver.Context.CloseAsync();
    }
}
