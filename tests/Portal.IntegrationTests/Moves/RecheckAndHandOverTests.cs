using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Domain.Moves;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Moves;

/// <summary>The world changes between approval and execution: the executor checks again and writes nothing when what the
/// preflight saw no longer holds. A move that switches over hands the target namespace to the tenant; a rollback takes it back.</summary>
public class RecheckAndHandOverTests
{
    [Fact]
    public async Task TargetNamespaceCreatedOnTheClusterAfterApproval_TheMoveFailsInWords_NothingOnTheTarget_SourceUntouched()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Catalog]);
        // Someone creates the namespace directly on dr-west, with an object of theirs, after the approval.
        w.Target.Store.Put(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "catalog" } });
        w.Target.Store.Put(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "foreign", ["namespace"] = "catalog" }, ["data"] = new JsonObject { ["a"] = "b" },
        });
        await w.StartAsync();

        var app = await w.WaitForAppAsync(wave.Apps["catalog"], a => a.HasEnded);
        Assert.Equal(MigrationApplicationStatus.Failed, app.Status);
        Assert.Contains("Namespace catalog now exists on dr-west and is not Webshop's", app.StatusDetail);
        Assert.Contains("Nothing was changed on the source", app.StatusDetail);
        Assert.All(app.Steps, s => Assert.Equal(MigrationStepStatus.Pending, s.Status));
        Assert.Equal(2, MigrationWorld.Replicas(w.Source, "Deployment", "catalog", "catalog-api"));
        Assert.Null(MigrationWorld.Get(w.Target, "apps/v1", "Deployment", "catalog", "catalog-api"));
        Assert.Equal(["foreign"], MigrationWorld.List(w.Target, "v1", "ConfigMap", "catalog").Select(o => o["metadata"]!["name"]!.GetValue<string>()));
        Assert.Null(await ClaimAsync(w, w.TargetId, "catalog"));
    }

    [Fact]
    public async Task RunRecordedTheTargetAsCreatedButDiedFirst_AForeignNamespaceMadeMeanwhileIsNotAdopted()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Catalog]);
        // A replica recorded "creating the target namespace" and died before the call; someone else made it meanwhile.
        await using (var db = await w.Portal.OpenAllAsync())
        {
            var a = await db.MigrationApplications.FirstAsync(x => x.Id == wave.Apps["catalog"]);
            a.UpdateRunState(st => st with { CreatedTargetNamespace = true }, DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        w.Target.Store.Put(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = "catalog" } });
        await w.StartAsync();

        var app = await w.WaitForAppAsync(wave.Apps["catalog"], a => a.HasEnded);
        Assert.Equal(MigrationApplicationStatus.Failed, app.Status);
        Assert.Contains("Namespace catalog now exists on dr-west and is not Webshop's", app.StatusDetail);
        Assert.Null(MigrationWorld.Get(w.Target, "apps/v1", "Deployment", "catalog", "catalog-api"));
        Assert.Null(await ClaimAsync(w, w.TargetId, "catalog"));
    }

    [Fact]
    public async Task SourceNamespaceTakenFromTheTenantAfterApproval_TheMoveFailsInWords_SourceUntouched_NothingOnTheTarget()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Catalog]);
        // A platform engineer releases catalog on prod-east after the approval.
        await using (var db = await w.Portal.OpenAllAsync())
        {
            db.TenantNamespaces.Remove(await db.TenantNamespaces.FirstAsync(n => n.ClusterId == w.SourceId && n.Namespace == "catalog"));
            await db.SaveChangesAsync();
        }
        await w.StartAsync();

        var app = await w.WaitForAppAsync(wave.Apps["catalog"], a => a.HasEnded);
        Assert.Equal(MigrationApplicationStatus.Failed, app.Status);
        Assert.Contains("Namespace catalog on prod-east is no longer Webshop's (it was released", app.StatusDetail);
        Assert.All(app.Steps, s => Assert.Equal(MigrationStepStatus.Pending, s.Status));
        Assert.Equal(2, MigrationWorld.Replicas(w.Source, "Deployment", "catalog", "catalog-api"));
        Assert.Null(MigrationWorld.Get(w.Target, "v1", "Namespace", null, "catalog"));
        Assert.Null(await ClaimAsync(w, w.TargetId, "catalog"));
    }

    [Fact]
    public async Task ArgoApplicationDeletedAfterApproval_TheMoveFailsBeforeFreezing_SourceUntouched()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Storefront]);
        w.Source.Store.Delete("argoproj.io/v1alpha1", "Application", "argocd", "storefront");
        await w.StartAsync();

        var app = await w.WaitForAppAsync(wave.Apps["storefront"], a => a.HasEnded);
        Assert.Equal(MigrationApplicationStatus.Failed, app.Status);
        var freeze = app.Steps.Single(s => s.Step == MigrationStep.FreezeGitOps);
        Assert.Equal(MigrationStepStatus.Failed, freeze.Status);
        Assert.Contains("is not on prod-east any more; nothing was frozen", freeze.Detail);
        Assert.Contains("Nothing was changed on the source", app.StatusDetail);
        Assert.True(MigrationWorld.Replicas(w.Source, "Deployment", "storefront", "web") > 0);
    }

    [Fact]
    public async Task ArgoApplicationRetargetedAfterApproval_TheMoveFailsBeforeFreezing_TheApplicationIsNotFrozen()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Storefront]);
        var argo = w.Source.Store.Get("argoproj.io/v1alpha1", "Application", "argocd", "storefront")!;
        argo["spec"]!["destination"]!["namespace"] = "storefront-v2";
        w.Source.Store.Put(argo);
        await w.StartAsync();

        var app = await w.WaitForAppAsync(wave.Apps["storefront"], a => a.HasEnded);
        Assert.Equal(MigrationApplicationStatus.Failed, app.Status);
        var freeze = app.Steps.Single(s => s.Step == MigrationStep.FreezeGitOps);
        Assert.Contains("deploys into storefront-v2, not storefront", freeze.Detail);
        Assert.Contains("It changed after the preflight; nothing was frozen.", freeze.Detail);
        var after = w.Source.Store.Get("argoproj.io/v1alpha1", "Application", "argocd", "storefront")!;
        Assert.NotNull(after["spec"]!["syncPolicy"]?["automated"]);
        Assert.Null(after["metadata"]!["annotations"]?[MigrationRunFrozenBy]);
    }

    [Fact]
    public async Task MovedApplication_TheTargetNamespaceBelongsToTheTenant_WithTheSourcesLabels_AndARollbackTakesItBack()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Catalog]);
        var sourceNs = w.Source.Store.Get("v1", "Namespace", null, "catalog")!;
        var labels = sourceNs["metadata"]!["labels"] as JsonObject ?? [];
        labels["team"] = "catalog-team";
        labels["pod-security.kubernetes.io/enforce"] = "baseline";
        sourceNs["metadata"]!["labels"] = labels.DeepClone();
        w.Source.Store.Put(sourceNs);
        await w.StartAsync();
        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded);
        var targetLabels = MigrationWorld.Get(w.Target, "v1", "Namespace", null, "catalog")!["metadata"]!["labels"]!;
        Assert.Equal("catalog-team", targetLabels["team"]!.GetValue<string>());
        Assert.Equal("baseline", targetLabels["pod-security.kubernetes.io/enforce"]!.GetValue<string>());
        Assert.True(done.Status == MigrationWaveStatus.Completed, await w.DescribeAsync(wave.WaveId));

        var claim = await ClaimAsync(w, w.TargetId, "catalog");
        Assert.NotNull(claim);
        Assert.Equal(w.TenantId, claim.TenantId);
        Assert.NotNull(await ClaimAsync(w, w.SourceId, "catalog")); // the source's stays as it was
        Assert.Contains("namespace.claimed", await w.AuditActionsAsync());

        await w.AskRollbackAsync(wave, "catalog");
        var back = await w.WaitForAppAsync(wave.Apps["catalog"], a => a.Status is MigrationApplicationStatus.RolledBack or MigrationApplicationStatus.RollbackFailed);
        Assert.True(back.Status == MigrationApplicationStatus.RolledBack, MigrationWorld.Describe(back));
        Assert.Null(await ClaimAsync(w, w.TargetId, "catalog"));
        Assert.NotNull(await ClaimAsync(w, w.SourceId, "catalog"));
        Assert.Contains("namespace.released", await w.AuditActionsAsync());
    }

    private const string MigrationRunFrozenBy = "kubernetes-portal.io/frozen-by";

    private static async Task<Portal.Domain.Tenants.TenantNamespace?> ClaimAsync(MigrationWorld w, Guid clusterId, string ns)
    {
        await using var db = await w.Portal.OpenAllAsync();
        return await db.TenantNamespaces.AsNoTracking().FirstOrDefaultAsync(n => n.ClusterId == clusterId && n.Namespace == ns);
    }
}

/// <summary>A Flux move whose target cannot run the switch fails before the source is touched, and is retried once fixed.</summary>
public class GitOpsSwitchReadinessTests
{
    private static readonly MigrationWorld.AppSpec Inventory = new("inventory", Portal.Domain.Moves.MigrationPlaybook.GitOpsRedeploy,
        new GitOpsReference(GitOpsKind.FluxKustomization, "inventory", "flux-system"));

    [Fact]
    public async Task FluxNotRunningOnTheTarget_TheMoveFailsBeforeFreezing_ThenRetriedOnceItRuns_AndMoves()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var wave = await w.ApprovedWaveAsync([Inventory]);
        var controller = w.Target.Store.Delete("apps/v1", "Deployment", "flux-system", "kustomize-controller")!;
        await w.StartAsync();

        var app = await w.WaitForAppAsync(wave.Apps["inventory"], a => a.HasEnded);
        Assert.Equal(MigrationApplicationStatus.Failed, app.Status);
        Assert.Contains("Switching GitOps to dr-west would fail: Flux does not run on dr-west: no kustomize-controller in namespace flux-system", app.StatusDetail);
        Assert.Contains("Nothing was changed on the source", app.StatusDetail);
        var kustomization = MigrationWorld.Get(w.Source, "kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "inventory")!;
        Assert.NotEqual("true", kustomization["spec"]!["suspend"]?.ToJsonString());
        Assert.Equal(2, MigrationWorld.Replicas(w.Source, "Deployment", "inventory", "inventory-api"));

        controller["metadata"]!.AsObject().Remove("resourceVersion");
        controller["metadata"]!.AsObject().Remove("uid");
        w.Target.Store.Put(controller);
        w.Portal.Principal.Current = w.Platform;
        MigrationWorld.Ok(await w.Portal.RunAsync<Portal.Application.Features.Moves.Waves.RetryMigrationStep, Portal.Application.Common.Result<Guid>>(u =>
            u.HandleAsync(new Portal.Application.Features.Moves.Waves.RetryMigrationStepCommand(wave.WaveId, wave.Apps["inventory"], "kustomize-controller installed"))));

        var moved = await w.WaitForAppAsync(wave.Apps["inventory"], a => a.HasEnded);
        Assert.True(moved.Status == MigrationApplicationStatus.Moved, MigrationWorld.Describe(moved));
        Assert.NotNull(MigrationWorld.Get(w.Target, "kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "inventory"));
        Assert.Contains("migration.application.retry", await w.AuditActionsAsync());
        await w.WaitForWaveAsync(wave.WaveId, x => x.Status == MigrationWaveStatus.Completed, TimeSpan.FromSeconds(20));
    }
}

/// <summary>The PVC copy says on the board what it waits for, not just "Copying".</summary>
public class DataCopyBoardTests
{
    [Fact]
    public async Task TargetWithoutLoadBalancers_TheBoardSaysTheCopyWaitsForAnAddress_ThenItCopiesOnceThereIsOne()
    {
        await using var w = await MigrationWorld.CreateAsync();
        w.Target.Faults.WithholdLoadBalancers();
        var reports = new MigrationWorld.AppSpec("reports", Portal.Domain.Moves.MigrationPlaybook.ExportTransformApply,
            StorageClasses: new Dictionary<string, string> { ["fast-ssd"] = "premium-ssd" });
        var wave = await w.ApprovedWaveAsync([reports]);
        await w.StartAsync();

        var waiting = await w.WaitForAppAsync(wave.Apps["reports"], a => a.Steps.Any(s => s.Step == MigrationStep.MoveData
            && s.Detail?.Contains("waiting for a LoadBalancer address on dr-west for Service reports/portal-rsync-recv-", StringComparison.Ordinal) == true));
        Assert.Equal(MigrationApplicationStatus.Moving, waiting.Status);

        w.Target.Faults.ProvideLoadBalancers();
        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded, TimeSpan.FromMinutes(3));
        Assert.True(done.Status == MigrationWaveStatus.Completed, await w.DescribeAsync(wave.WaveId));
    }
}
