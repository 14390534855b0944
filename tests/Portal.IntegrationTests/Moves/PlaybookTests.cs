using Portal.Domain.Moves;
using Portal.IntegrationTests.Support;
using Portal.Moves.Playbooks;

namespace Portal.IntegrationTests.Moves;

/// <summary>The playbooks the whole-wave test does not cover: Flux, and the export/transform/apply with the claims'
/// data copied by rsync.</summary>
public class PlaybookTests
{
    private static readonly MigrationWorld.AppSpec Inventory = new("inventory", MigrationPlaybook.GitOpsRedeploy,
        new GitOpsReference(GitOpsKind.FluxKustomization, "inventory", "flux-system"));

    [Fact]
    public async Task FluxApplication_IsSuspendedOnTheSource_RecreatedOnTheTarget_AndRolledBack()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var wave = await w.ApprovedWaveAsync([Inventory]);
        await w.StartAsync();
        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded);
        Assert.True(done.Status == MigrationWaveStatus.Completed, await w.DescribeAsync(wave.WaveId));

        var source = MigrationWorld.Get(w.Source, "kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "inventory")!;
        Assert.True(source["spec"]!["suspend"]!.GetValue<bool>());
        Assert.NotNull(source["metadata"]!["annotations"]!["kubernetes-portal.io/frozen-until"]);
        var target = MigrationWorld.Get(w.Target, "kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "inventory")!;
        Assert.Null(target["spec"]!["suspend"]);
        Assert.Equal("inventory", target["spec"]!["targetNamespace"]!.GetValue<string>());
        Assert.Equal(wave.Apps["inventory"].ToString(), target["metadata"]!["labels"]![WaveExecutionTests.Owner]!.GetValue<string>());
        Assert.Equal(0, MigrationWorld.Replicas(w.Source, "Deployment", "inventory", "inventory-api"));
        Assert.Equal(2, MigrationWorld.Replicas(w.Target, "Deployment", "inventory", "inventory-api"));

        await w.AskRollbackAsync(wave, "inventory");
        var app = await w.WaitForAppAsync(wave.Apps["inventory"], a => a.Status is MigrationApplicationStatus.RolledBack or MigrationApplicationStatus.RollbackFailed);
        Assert.True(app.Status == MigrationApplicationStatus.RolledBack, MigrationWorld.Describe(app));
        source = MigrationWorld.Get(w.Source, "kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "inventory")!;
        Assert.False(source["spec"]!["suspend"]!.GetValue<bool>());
        Assert.Null(source["metadata"]!["annotations"]?["kubernetes-portal.io/frozen-by"]);
        Assert.NotNull(source["metadata"]!["annotations"]?["reconcile.fluxcd.io/requestedAt"]);
        Assert.Null(MigrationWorld.Get(w.Target, "kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "inventory"));
        Assert.Equal(2, MigrationWorld.Replicas(w.Source, "Deployment", "inventory", "inventory-api"));
    }

    [Fact]
    public async Task ExportTransformApply_CopiesEveryClaimWithRsync_AndCleansUpTheTransfer()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var reports = new MigrationWorld.AppSpec("reports", MigrationPlaybook.ExportTransformApply,
            StorageClasses: new Dictionary<string, string> { ["fast-ssd"] = "premium-ssd" });
        var wave = await w.ApprovedWaveAsync([reports]);
        await w.StartAsync();
        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded, TimeSpan.FromMinutes(3));
        Assert.True(done.Status == MigrationWaveStatus.Completed, await w.DescribeAsync(wave.WaveId));

        var app = await w.AppAsync(wave.Apps["reports"]);
        var move = app.Steps.Single(s => s.Step == MigrationStep.MoveData);
        Assert.Equal(MigrationStepStatus.Done, move.Status);
        Assert.Contains("copied with rsync", move.Detail);
        Assert.Contains("report-archive", move.Detail);
        var claims = MigrationWorld.List(w.Target, "v1", "PersistentVolumeClaim", "reports");
        Assert.Contains(claims, c => c["metadata"]!["name"]!.GetValue<string>() == "report-archive");
        Assert.All(claims, c => Assert.Equal("Bound", c["status"]?["phase"]?.GetValue<string>()));
        Assert.DoesNotContain(claims, c => c["spec"]?["storageClassName"]?.GetValue<string>() == "fast-ssd");
        // The transfer leaves nothing behind: no Jobs, Services or Secrets of rsync on either cluster.
        foreach (var (cluster, kind, apiVersion) in new[] { (w.Target, "Job", "batch/v1"), (w.Source, "Job", "batch/v1"), (w.Target, "Service", "v1"), (w.Target, "Secret", "v1"), (w.Source, "Secret", "v1") })
            Assert.DoesNotContain(MigrationWorld.List(cluster, apiVersion, kind, "reports"), o => o["metadata"]!["name"]!.GetValue<string>().StartsWith("portal-rsync-"));
        Assert.Equal(2, MigrationWorld.Replicas(w.Target, "StatefulSet", "reports", "report-store"));
        // Each copied claim is remembered (a second run only cleans up); nothing of the copy is left to roll back on the source.
        Assert.Contains("report-archive", app.RunState.CopiedClaims);
        Assert.DoesNotContain(app.RunState.CreatedOnSource, r => r.Name.StartsWith("portal-rsync-"));
    }

    [Fact]
    public async Task RsyncCopyFails_TheRollbackRemovesTheSendersJobAndSecretFromTheSource()
    {
        await using var w = await MigrationWorld.CreateAsync();
        w.Source.Faults.FailNextJob("portal-rsync-send-");
        var reports = new MigrationWorld.AppSpec("reports", MigrationPlaybook.ExportTransformApply,
            StorageClasses: new Dictionary<string, string> { ["fast-ssd"] = "premium-ssd" });
        var wave = await w.ApprovedWaveAsync([reports]);
        await w.StartAsync();
        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded, TimeSpan.FromMinutes(3));
        var app = await w.AppAsync(wave.Apps["reports"]);
        Assert.True(app.Status == MigrationApplicationStatus.Failed, MigrationWorld.Describe(app));
        Assert.Contains(app.RunState.CreatedOnSource, r => r.Kind == "Secret" && r.Name.StartsWith("portal-rsync-"));
        Assert.Contains(app.RunState.CreatedOnSource, r => r.Kind == "Job" && r.Name.StartsWith("portal-rsync-send-"));
        Assert.Empty(app.RunState.CopiedClaims);

        await w.AskRollbackAsync(wave, "reports");
        var back = await w.WaitForAppAsync(app.Id, a => a.Status is MigrationApplicationStatus.RolledBack or MigrationApplicationStatus.RollbackFailed);
        Assert.True(back.Status == MigrationApplicationStatus.RolledBack, MigrationWorld.Describe(back));
        foreach (var (cluster, kind, apiVersion) in new[] { (w.Target, "Job", "batch/v1"), (w.Source, "Job", "batch/v1"), (w.Target, "Service", "v1"), (w.Target, "Secret", "v1"), (w.Source, "Secret", "v1") })
            Assert.DoesNotContain(MigrationWorld.List(cluster, apiVersion, kind, "reports"), o => o["metadata"]!["name"]!.GetValue<string>().StartsWith("portal-rsync-"));
    }
}
