using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Common;
using Portal.Application.Features.Recovery.Drills;
using Portal.Application.Features.Requests.Decide;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Recovery;
using Portal.Domain.Requests;
using Portal.Execution.Recovery;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Recovery;

/// <summary>The drill sweeper: what a kept drill left is removed when its time is up, and a drill whose request was rejected is
/// recorded as not run.</summary>
public class DrillSweeperTests
{
    [Fact]
    public async Task Sweeper_RemovesAKeptDrillWhenItsTimeIsUp_NotBefore()
    {
        await using var d = await DrillWorld.CreateAsync();
        var run = await d.RunAsync(new RunRestoreDrillCommand(d.CatalogId, KeepForInspection: TimeSpan.FromHours(1)));
        var kept = await d.WaitAsync(run.DrillId);
        Assert.Equal(DrillCleanupState.Kept, kept.CleanupState);
        var sweeper = d.W.Portal.Services.GetRequiredService<DrillSweeper>();

        Assert.Equal(0, await sweeper.SweepAsync(CancellationToken.None));
        Assert.NotNull(DrillWorld.Namespace(d.W.Source, kept.ScratchNamespaceName));

        await using (var db = await d.W.Portal.OpenAllAsync())
            await db.RestoreDrills.Where(x => x.Id == kept.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.KeepUntil, DateTimeOffset.UtcNow.AddMinutes(-1)));
        Assert.Equal(1, await sweeper.SweepAsync(CancellationToken.None));

        var swept = await d.DrillAsync(kept.Id);
        Assert.Equal(DrillCleanupState.Done, swept.CleanupState);
        Assert.Equal(DrillStatus.Passed, swept.Status);
        Assert.True(await DrillWorld.GoneAsync(d.W.Source, kept.ScratchNamespaceName));
        Assert.Null(d.W.Source.Store.Get("velero.io/v1", "Restore", "velero", kept.RestoreName!));
    }

    [Fact]
    public async Task Sweeper_RecordsADrillWhoseRequestWasRejected_AsNotRun()
    {
        await using var d = await DrillWorld.CreateAsync();
        await using (var db = await d.W.Portal.OpenAllAsync())
        {
            db.ApprovalPolicies.Add(new ApprovalPolicy(d.W.TenantId, RequestKind.RestoreDrill, true, Persona.PlatformEngineer));
            await db.SaveChangesAsync();
        }
        var run = await d.RunAsync(new RunRestoreDrillCommand(d.CatalogId));
        d.W.Portal.Principal.Current = d.W.Platform;
        MigrationWorld.Ok(await d.W.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(run.RequestId, false, "not during the sale"))));

        await d.W.Portal.Services.GetRequiredService<DrillSweeper>().SweepAsync(CancellationToken.None);

        var drill = await d.DrillAsync(run.DrillId);
        Assert.Equal(DrillStatus.Cancelled, drill.Status);
        Assert.Contains("rejected", drill.Failure);
        Assert.Equal(DrillCleanupState.Done, drill.CleanupState);
    }

    [Fact]
    public async Task Sweeper_DoesNotAskAClusterLastFoundUnreachable_AndRemovesTheLeftoverOnceItAnswersAgain()
    {
        await using var d = await DrillWorld.CreateAsync();
        var run = await d.RunAsync(new RunRestoreDrillCommand(d.CatalogId, KeepForInspection: TimeSpan.FromHours(1)));
        var kept = await d.WaitAsync(run.DrillId);
        // a clean-up that reported success too early: the drill says Done, its scratch namespace is still there
        await using (var db = await d.W.Portal.OpenAllAsync())
        {
            await db.RestoreDrills.Where(x => x.Id == kept.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.CleanupState, DrillCleanupState.Done));
            await db.Clusters.Where(c => c.Id == d.W.SourceId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Health, ClusterHealth.Unreachable));
        }
        var sweeper = d.W.Portal.Services.GetRequiredService<DrillSweeper>();
        // Were the sweeper to list the portal's scratch namespaces (by their drill label), it would fail: that listing must not even be
        // tried. (The protection follower lists namespaces on its own cadence and may find the cluster back: not the sweeper's call.)
        d.W.Source.Faults.FailRequests(500, pathContains: "drill-id");
        var before = d.W.Source.Faults.FailedRequests;

        await sweeper.SweepAsync(CancellationToken.None);
        Assert.Equal(before, d.W.Source.Faults.FailedRequests);
        Assert.NotNull(DrillWorld.Namespace(d.W.Source, kept.ScratchNamespaceName));

        d.W.Source.Faults.ClearRequestFailures();
        await using (var db = await d.W.Portal.OpenAllAsync())
            await db.Clusters.Where(c => c.Id == d.W.SourceId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Health, ClusterHealth.Reachable));
        await sweeper.SweepAsync(CancellationToken.None);
        Assert.True(await DrillWorld.GoneAsync(d.W.Source, kept.ScratchNamespaceName));

        // The fault above is aimed at what the sweeper asks: with the cluster answering, the same fault catches its listing.
        d.W.Source.Faults.FailRequests(500, pathContains: "drill-id");
        var failedBefore = d.W.Source.Faults.FailedRequests;
        await sweeper.SweepAsync(CancellationToken.None);
        Assert.True(d.W.Source.Faults.FailedRequests > failedBefore, "The sweeper's listing does not carry the drill label in its query.");
        d.W.Source.Faults.ClearRequestFailures();
    }
}
