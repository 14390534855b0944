using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Moves;

/// <summary>Rolling back one application, and a whole wave: the source runs again with its GitOps as before, and what
/// the portal created on the target is gone.</summary>
public class RollbackTests
{
    [Fact]
    public async Task RollbackOfOneApplication_BringsTheSourceBack_UnfreezesArgo_AndCleansTheTarget()
    {
        await using var w = await MigrationWorld.CreateAsync();
        // The namespace is there already on the target, and the tenant's (so the rollback keeps it, and it stays the tenant's).
        w.Target.Store.Put(new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "storefront" },
        });
        MigrationWorld.Ok(await w.Portal.RunAsync<Portal.Application.Features.Tenants.ClaimNamespace, Portal.Application.Common.Result<Guid>>(u =>
            u.HandleAsync(new Portal.Application.Features.Tenants.ClaimNamespaceCommand(w.TenantId, w.TargetId, "storefront"))));
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Catalog, MigrationWorld.Storefront]);
        await w.StartAsync();
        await w.WaitForWaveAsync(wave.WaveId, x => x.Status == MigrationWaveStatus.Completed);
        // The target's Argo CD put its resources finalizer on the Application and it tracks an object the portal did not create.
        var created = MigrationWorld.Get(w.Target, "argoproj.io/v1alpha1", "Application", "argocd", "storefront")!.AsObject();
        created["metadata"]!["finalizers"] = new System.Text.Json.Nodes.JsonArray("resources-finalizer.argocd.argoproj.io");
        w.Target.Store.Put(created);
        w.Target.Store.Put(new System.Text.Json.Nodes.JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = "shared-settings", ["namespace"] = "storefront",
                ["annotations"] = new System.Text.Json.Nodes.JsonObject { ["argocd.argoproj.io/tracking-id"] = "storefront:/ConfigMap:storefront/shared-settings" },
            },
            ["data"] = new System.Text.Json.Nodes.JsonObject { ["k"] = "v" },
        });

        var rollback = await w.AskRollbackAsync(wave, "storefront");
        var app = await w.WaitForAppAsync(wave.Apps["storefront"], a => a.Status is MigrationApplicationStatus.RolledBack or MigrationApplicationStatus.RollbackFailed);
        Assert.True(app.Status == MigrationApplicationStatus.RolledBack, MigrationWorld.Describe(app));
        Assert.All(app.RollbackSteps, s => Assert.True(s.IsFinished, $"{s.Step} is {s.Status}"));
        Assert.Equal(RequestStatus.Succeeded, (await w.RequestAsync(rollback)).Status);

        // Source: running at its replicas, Argo CD syncing automatically again, no freeze annotations.
        Assert.Equal(3, MigrationWorld.Replicas(w.Source, "Deployment", "storefront", "web"));
        var argo = MigrationWorld.Get(w.Source, "argoproj.io/v1alpha1", "Application", "argocd", "storefront")!;
        Assert.NotNull(argo["spec"]!["syncPolicy"]!["automated"]);
        Assert.Null(argo["metadata"]!["annotations"]?["kubernetes-portal.io/frozen-by"]);
        Assert.Null(argo["metadata"]!["annotations"]?["kubernetes-portal.io/frozen-until"]);
        // Target: the Application and the objects the portal created are gone.
        Assert.Null(MigrationWorld.Get(w.Target, "argoproj.io/v1alpha1", "Application", "argocd", "storefront"));
        Assert.Null(MigrationWorld.Get(w.Target, "apps/v1", "Deployment", "storefront", "web"));
        // The finalizer was taken off before the delete: what Argo CD tracked but the portal did not create stays.
        Assert.NotNull(MigrationWorld.Get(w.Target, "v1", "ConfigMap", "storefront", "shared-settings"));
        // The other application stays moved; the wave no longer completed as planned.
        Assert.Equal(MigrationApplicationStatus.Moved, (await w.AppAsync(wave.Apps["catalog"])).Status);
        Assert.NotNull(MigrationWorld.Get(w.Target, "apps/v1", "Deployment", "catalog", "catalog-api"));
        await w.WaitForWaveAsync(wave.WaveId, x => x.Status == MigrationWaveStatus.CompletedWithProblems, TimeSpan.FromSeconds(20));
        Assert.Contains("migration.application.rolledback", await w.AuditActionsAsync());
    }

    [Fact]
    public async Task RollbackOfTheWholeWave_EveryApplicationBack_OnTheSource_NothingLeftOnTheTarget()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Catalog, MigrationWorld.Reports, MigrationWorld.Storefront]);
        await w.StartAsync();
        await w.WaitForWaveAsync(wave.WaveId, x => x.Status == MigrationWaveStatus.Completed);

        foreach (var ns in wave.Apps.Keys) await w.AskRollbackAsync(wave, ns);
        foreach (var id in wave.Apps.Values)
        {
            var app = await w.WaitForAppAsync(id, a => a.Status is MigrationApplicationStatus.RolledBack or MigrationApplicationStatus.RollbackFailed);
            Assert.True(app.Status == MigrationApplicationStatus.RolledBack, MigrationWorld.Describe(app));
        }
        Assert.Equal(2, MigrationWorld.Replicas(w.Source, "Deployment", "catalog", "catalog-api"));
        Assert.Equal(2, MigrationWorld.Replicas(w.Source, "StatefulSet", "reports", "report-store"));
        Assert.Equal(1, MigrationWorld.Replicas(w.Source, "Deployment", "reports", "report-renderer"));
        Assert.Equal(3, MigrationWorld.Replicas(w.Source, "Deployment", "storefront", "web"));
        foreach (var ns in wave.Apps.Keys)
        {
            Assert.Empty(MigrationWorld.List(w.Target, "apps/v1", "Deployment", ns));
            Assert.Empty(MigrationWorld.List(w.Target, "apps/v1", "StatefulSet", ns));
            Assert.DoesNotContain(MigrationWorld.List(w.Target, "v1", "ConfigMap", ns), c => c["metadata"]?["labels"]?[WaveExecutionTests.Owner] is not null);
        }
        Assert.Null(MigrationWorld.Get(w.Target, "argoproj.io/v1alpha1", "Application", "argocd", "storefront"));
        await w.WaitForWaveAsync(wave.WaveId, x => x.Status == MigrationWaveStatus.RolledBack, TimeSpan.FromSeconds(20));
        Assert.Equal(3, (await w.AuditActionsAsync()).Count(a => a == "migration.application.rolledback"));
    }

    [Fact]
    public async Task RollbackAskedWhileMoving_StopsTheMoveAtItsNextStep_ThenRollsBack()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Reports]);
        await w.StartAsync();
        await w.WaitForAppAsync(wave.Apps["reports"], a => a.Steps.Any(s => s.Step == MigrationStep.Quiesce && s.Status == MigrationStepStatus.Done));

        var rollback = await w.AskRollbackAsync(wave, "reports");
        var app = await w.WaitForAppAsync(wave.Apps["reports"], a => a.Status is MigrationApplicationStatus.RolledBack or MigrationApplicationStatus.RollbackFailed);
        Assert.True(app.Status == MigrationApplicationStatus.RolledBack, MigrationWorld.Describe(app));
        var move = await w.RequestAsync(wave.Requests["reports"]);
        Assert.Equal(RequestStatus.Failed, move.Status);
        Assert.Equal("Stopped: a rollback was asked for by Pete Platform.", move.FailureReason);
        Assert.Equal(RequestStatus.Succeeded, (await w.RequestAsync(rollback)).Status);
        Assert.Contains(app.Steps, s => s.Status == MigrationStepStatus.Pending); // it did not run to the end
        Assert.Equal(2, MigrationWorld.Replicas(w.Source, "StatefulSet", "reports", "report-store"));
        Assert.Equal(1, MigrationWorld.Replicas(w.Source, "Deployment", "reports", "report-renderer"));
        await Eventually.TrueAsync(() => MigrationWorld.List(w.Target, "apps/v1", "StatefulSet", "reports").Count == 0, "the target cleaned");
        await w.WaitForWaveAsync(wave.WaveId, x => x.Status == MigrationWaveStatus.RolledBack, TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task RollbackBeforeTheMoveStarted_CancelsTheMove_AndTouchesNothing()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var now = DateTimeOffset.UtcNow;
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Catalog], notBefore: now.AddSeconds(4), notAfter: now.AddHours(1));
        var rollback = await w.AskRollbackAsync(wave, "catalog");
        await w.StartAsync();

        var app = await w.WaitForAppAsync(wave.Apps["catalog"], a => a.HasEnded);
        Assert.Equal(MigrationApplicationStatus.RolledBack, app.Status);
        Assert.All(app.RollbackSteps, s => Assert.Equal(MigrationStepStatus.Skipped, s.Status));
        Assert.Equal(RequestStatus.Cancelled, (await w.RequestAsync(wave.Requests["catalog"])).Status);
        Assert.Equal(RequestStatus.Succeeded, (await w.RequestAsync(rollback)).Status);
        Assert.Equal(2, MigrationWorld.Replicas(w.Source, "Deployment", "catalog", "catalog-api"));
        Assert.Null(MigrationWorld.Get(w.Target, "apps/v1", "Deployment", "catalog", "catalog-api"));
        await w.WaitForWaveAsync(wave.WaveId, x => x.Status == MigrationWaveStatus.RolledBack, TimeSpan.FromSeconds(20));
    }
}
