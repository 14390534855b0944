using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Access;
using Portal.Application.Features.Clusters.Check;
using Portal.Application.Features.Moves.Applications;
using Portal.Application.Features.Moves.Recovery;
using Portal.Application.Features.Moves.Waves;
using Portal.Application.Features.Tenants;
using Portal.Application.Security;
using Portal.Domain.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Moves;
using Portal.Domain.Tenants;
using Portal.IntegrationTests.Support;
using Portal.Moves.Playbooks;

namespace Portal.IntegrationTests.Moves;

/// <summary>
/// Rebuilding after losing a cluster, on PostgreSQL and two simulated clusters: two tenants' namespaces on prod-east are
/// backed up into the location dr-west reads, the protection follower records the backups, prod-east is lost for good,
/// an SRE plans the recovery from what the portal last knew, a platform engineer approves it, and the waves restore the
/// namespaces on dr-west and hand them to their tenants, with the data loss recorded. prod-east is never contacted.
/// </summary>
public class ClusterRecoveryTests
{
    private const string FinanceNamespace = "ledger";

    private sealed record Lost(MigrationWorld W, Guid FinanceId, CurrentPrincipal Sre, int ContactsWhenLost);

    /// <summary>The world as it is when prod-east is gone: backups of reports (webshop) and ledger (finance) in the shared
    /// location, of inventory only in a location dr-west does not read, none of catalog and storefront.</summary>
    /// <param name="beforeLoss">More of prod-east's life, while the follower still follows it.</param>
    private static async Task<Lost> LoseProdEastAsync(Func<MigrationWorld, Task>? beforeLoss = null)
    {
        var w = await MigrationWorld.CreateAsync();
        var p = w.Portal;
        p.Principal.Current = w.Platform;
        var financeId = MigrationWorld.Ok(await p.RunAsync<CreateTenant, Result<Guid>>(u => u.HandleAsync(new CreateTenantCommand("finance", "Finance"))));
        PutLedger(w.Source);
        MigrationWorld.Ok(await p.RunAsync<ClaimNamespace, Result<Guid>>(u => u.HandleAsync(new ClaimNamespaceCommand(financeId, w.SourceId, FinanceNamespace))));
        var sreId = MigrationWorld.Ok(await p.RunAsync<RecordSignIn, Result<Guid>>(u => u.HandleAsync(new RecordSignInCommand("test:sam", "Sam SRE", "sam@example.test"))));
        var sre = new CurrentPrincipal(sreId.ToString(), "Sam SRE", "sam@example.test", []);
        await using (var db = await p.OpenAllAsync())
        {
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, sre.UserId, Persona.SreEngineer, ScopeKind.Estate));
            await db.SaveChangesAsync();
        }

        w.Source.AddBackupStorageLocation("archive");
        // dr-west has a location of the same name and provider on its own bucket: it does not read prod-east's archive.
        w.Target.AddBackupStorageLocation("archive");
        await p.StartFollowerAsync();
        Backup(w.Source, "nightly-reports", "reports", "default");
        Backup(w.Source, "nightly-ledger", FinanceNamespace, "default");
        Backup(w.Source, "archive-inventory", "inventory", "archive");
        await UntilAsync(async () =>
        {
            await using var db = await p.OpenAllAsync();
            string[] ours = ["nightly-reports", "nightly-ledger", "archive-inventory"];
            return await db.ObservedBackups.CountAsync(b => b.ClusterId == w.SourceId && b.Phase == "Completed" && ours.Contains(b.Name)) == 3;
        }, "the follower records the three backups of prod-east", async () =>
        {
            await using var db = await p.OpenAllAsync();
            var seen = await db.ObservedBackups.AsNoTracking().Where(b => b.ClusterId == w.SourceId).Select(b => b.Name + "=" + b.Phase).ToListAsync();
            return "on prod-east: " + string.Join(", ", MigrationWorld.List(w.Source, "velero.io/v1", "Backup", "velero")
                .Select(b => $"{b["metadata"]!["name"]}={b["status"]?["phase"]}")) + "; observed: " + string.Join(", ", seen);
        });
        await UntilAsync(() => Task.FromResult(w.Target.Store.Get("velero.io/v1", "Backup", "velero", "nightly-ledger") is not null),
            "dr-west's Velero syncs the shared location's backups");
        if (beforeLoss is not null) await beforeLoss(w);
        await p.StopFollowerAsync();

        w.Source.Faults.LoseForGood();
        var health = MigrationWorld.Ok(await p.RunAsync<CheckClusterConnection, Result<ClusterHealthView>>(u => u.HandleAsync(new CheckClusterConnectionCommand(w.SourceId))));
        Assert.Equal(ClusterHealth.Unreachable, health.Health);
        return new Lost(w, financeId, sre, w.Source.Faults.ContactsSinceLost);
    }

    [Fact]
    public async Task LostCluster_IsRecoveredOntoTheOther_FromBackups_HandedToTenants_DataLossRecorded_NeverContacted()
    {
        var (w, financeId, sre, contacts) = await LoseProdEastAsync();
        await using var _ = w;
        var p = w.Portal;
        p.Principal.Current = sre;

        var view = MigrationWorld.Ok(await p.RunAsync<GetClusterRecovery, Result<ClusterRecoveryView>>(u => u.HandleAsync(new GetClusterRecoveryQuery(w.SourceId, w.TargetId))));
        Assert.True(view.IsLost);
        var byNs = view.Candidates.ToDictionary(c => c.Namespace);
        Assert.Equal("nightly-reports", byNs["reports"].Backup?.Name);
        Assert.Equal("nightly-ledger", byNs[FinanceNamespace].Backup?.Name);
        Assert.Equal("Finance", byNs[FinanceNamespace].Tenant);
        Assert.True(byNs[FinanceNamespace].Backup!.SeenByReplacement);
        Assert.All(view.Candidates, c => Assert.False(string.IsNullOrEmpty(c.Rpo)));
        // Not silently dropped: each namespace without a backup dr-west reads is there, with why.
        Assert.Contains("archive", byNs["inventory"].Reason);
        Assert.Contains("never saw a completed", byNs["catalog"].Reason);
        Assert.Null(byNs["storefront"].Backup);

        var now = DateTimeOffset.UtcNow;
        var planId = MigrationWorld.Ok(await p.RunAsync<CreateRecoveryPlan, Result<Guid>>(u => u.HandleAsync(
            new CreateRecoveryPlanCommand(w.SourceId, w.TargetId, "Rebuild prod-east", RecoveryWaves.PerTenant, now.AddMinutes(-1), now.AddHours(2), 2))));
        List<MigrationWave> waves;
        List<MigrationApplication> apps;
        await using (var db = await p.OpenAllAsync())
        {
            var plan = await db.MigrationPlans.AsNoTracking().FirstAsync(x => x.Id == planId);
            Assert.True(plan.IsRecovery);
            Assert.Equal(["catalog", "inventory", "storefront"], plan.Unrecoverable.Select(u => u.Namespace).Order().ToArray());
            waves = await db.MigrationWaves.AsNoTracking().Where(x => x.PlanId == planId).OrderBy(x => x.Order).ToListAsync();
            apps = await db.MigrationApplications.AsNoTracking().Where(a => a.PlanId == planId).ToListAsync();
        }
        Assert.Equal(["Finance", "Webshop"], waves.Select(x => x.Name).ToArray());
        Assert.All(apps, a => Assert.Equal(MigrationPlaybook.RestoreFromBackup, a.Playbook));
        var reports = apps.Single(a => a.SourceNamespace == "reports");
        // reports' claims are of a class dr-west does not have: mapped, as moves map them.
        MigrationWorld.Ok(await p.RunAsync<ChangeMigrationApplication, Result<Unit>>(u => u.HandleAsync(new ChangeMigrationApplicationCommand(reports.Id,
            MigrationPlaybook.RestoreFromBackup, "reports", new Dictionary<string, string> { ["fast-ssd"] = "premium-ssd" }, new Dictionary<string, string>()))));
        foreach (var a in apps)
            MigrationWorld.Ok(await p.RunAsync<AcknowledgeMigrationWarnings, Result<Unit>>(u => u.HandleAsync(new AcknowledgeMigrationWarningsCommand(a.Id))));
        foreach (var wave in waves)
            MigrationWorld.Ok(await p.RunAsync<SubmitMigrationWave, Result<Unit>>(u => u.HandleAsync(new SubmitMigrationWaveCommand(wave.Id))));
        // Four eyes: the SRE who planned it cannot approve; a platform engineer does.
        var own = await p.RunAsync<DecideOnMigrationWave, Result<Unit>>(u => u.HandleAsync(new DecideOnMigrationWaveCommand(waves[0].Id, true, null)));
        Assert.False(own.IsSuccess);
        p.Principal.Current = w.Platform;
        foreach (var wave in waves)
            MigrationWorld.Ok(await p.RunAsync<DecideOnMigrationWave, Result<Unit>>(u => u.HandleAsync(new DecideOnMigrationWaveCommand(wave.Id, true, "go"))));

        await w.StartAsync();
        foreach (var wave in waves)
        {
            var done = await w.WaitForWaveAsync(wave.Id, x => x.HasEnded, TimeSpan.FromMinutes(3));
            Assert.True(done.Status == MigrationWaveStatus.Completed, await w.DescribeAsync(wave.Id));
        }

        await using (var db = await p.OpenAllAsync())
        {
            foreach (var a in await db.MigrationApplications.AsNoTracking().Where(a => a.PlanId == planId).ToListAsync())
            {
                Assert.Equal(MigrationApplicationStatus.Moved, a.Status);
                Assert.NotNull(a.Recovery!.RecoveredAt);
                Assert.True(a.Recovery.DataLoss > TimeSpan.Zero, MigrationWorld.Describe(a));
                Assert.Equal([MigrationStep.MoveData, MigrationStep.Verify, MigrationStep.SwitchGitOps], a.Steps.Select(s => s.Step).ToArray());
            }
            var owners = await db.TenantNamespaces.AsNoTracking().Where(n => n.ClusterId == w.TargetId).ToDictionaryAsync(n => n.Namespace, n => n.TenantId);
            Assert.Equal(w.TenantId, owners["reports"]);
            Assert.Equal(financeId, owners[FinanceNamespace]);
            var audit = await db.AuditEvents.AsNoTracking().Where(e => e.Action == "recovery.application.recovered").Select(e => e.Summary).ToListAsync();
            Assert.Equal(2, audit.Count);
            Assert.All(audit, s => Assert.Contains("data written after it is lost", s));
        }
        Assert.NotNull(w.Target.Store.Get("apps/v1", "Deployment", FinanceNamespace, "ledger-api"));
        var claims = MigrationWorld.List(w.Target, "v1", "PersistentVolumeClaim", "reports");
        var classes = string.Join(", ", claims.Select(c => $"{c["metadata"]!["name"]}={c["spec"]?["storageClassName"]}"));
        Assert.DoesNotContain(claims, c => c["spec"]?["storageClassName"]?.GetValue<string>() == "fast-ssd");
        Assert.True(claims.Any(c => c["spec"]?["storageClassName"]?.GetValue<string>() == "premium-ssd"), classes);
        Assert.Equal(contacts, w.Source.Faults.ContactsSinceLost);
    }

    [Fact]
    public async Task TargetNamespaceTakenAfterApproval_FailsThatApplicationInWords_AndWritesNothing()
    {
        var (w, financeId, sre, contacts) = await LoseProdEastAsync();
        await using var _ = w;
        var p = w.Portal;
        p.Principal.Current = sre;
        var now = DateTimeOffset.UtcNow;
        var planId = MigrationWorld.Ok(await p.RunAsync<CreateRecoveryPlan, Result<Guid>>(u => u.HandleAsync(
            new CreateRecoveryPlanCommand(w.SourceId, w.TargetId, "Rebuild prod-east", RecoveryWaves.OneWave, now.AddMinutes(-1), now.AddHours(2), 2))));
        List<MigrationApplication> apps;
        Guid waveId;
        await using (var db = await p.OpenAllAsync())
        {
            waveId = (await db.MigrationWaves.AsNoTracking().SingleAsync(x => x.PlanId == planId)).Id;
            apps = await db.MigrationApplications.AsNoTracking().Where(a => a.PlanId == planId).ToListAsync();
        }
        var reports = apps.Single(a => a.SourceNamespace == "reports");
        MigrationWorld.Ok(await p.RunAsync<ChangeMigrationApplication, Result<Unit>>(u => u.HandleAsync(new ChangeMigrationApplicationCommand(reports.Id,
            MigrationPlaybook.RestoreFromBackup, "reports", new Dictionary<string, string> { ["fast-ssd"] = "premium-ssd" }, new Dictionary<string, string>()))));
        foreach (var a in apps)
            MigrationWorld.Ok(await p.RunAsync<AcknowledgeMigrationWarnings, Result<Unit>>(u => u.HandleAsync(new AcknowledgeMigrationWarningsCommand(a.Id))));
        MigrationWorld.Ok(await p.RunAsync<SubmitMigrationWave, Result<Unit>>(u => u.HandleAsync(new SubmitMigrationWaveCommand(waveId))));
        p.Principal.Current = w.Platform;
        MigrationWorld.Ok(await p.RunAsync<DecideOnMigrationWave, Result<Unit>>(u => u.HandleAsync(new DecideOnMigrationWaveCommand(waveId, true, "go"))));

        // Between approval and execution, ledger on dr-west is given to webshop.
        await using (var db = await p.OpenAllAsync())
        {
            db.TenantNamespaces.Add(new TenantNamespace(w.TenantId, w.TargetId, FinanceNamespace, DateTimeOffset.UtcNow, "test: taken meanwhile"));
            await db.SaveChangesAsync();
        }

        await w.StartAsync();
        var ledger = await w.WaitForAppAsync(apps.Single(a => a.SourceNamespace == FinanceNamespace).Id, a => a.HasEnded, TimeSpan.FromMinutes(3));
        Assert.Equal(MigrationApplicationStatus.Failed, ledger.Status);
        Assert.Contains("given to another tenant", ledger.StatusDetail);
        Assert.Contains("was not contacted", ledger.StatusDetail);
        Assert.Null(ledger.Recovery!.RecoveredAt);
        // Nothing written on dr-west for it: no namespace, no restore.
        Assert.Null(w.Target.Store.Get("v1", "Namespace", null, FinanceNamespace));
        Assert.DoesNotContain(MigrationWorld.List(w.Target, "velero.io/v1", "Restore", "velero"),
            r => r["metadata"]!["name"]!.GetValue<string>() == $"portal-rec-{ledger.Id:N}");
        // The other application of the wave is recovered.
        var other = await w.WaitForAppAsync(reports.Id, a => a.HasEnded, TimeSpan.FromMinutes(3));
        Assert.True(other.Status == MigrationApplicationStatus.Moved, MigrationWorld.Describe(other));
        Assert.Equal(contacts, w.Source.Faults.ContactsSinceLost);
    }

    /// <summary>storefront (an Argo CD Application) and inventory (a Flux Kustomization from the fleet GitRepository) are
    /// backed up into the shared location too, and the follower records their GitOps objects while prod-east answers.</summary>
    private static Task<Lost> LoseProdEastWithGitOpsAsync() => LoseProdEastAsync(async w =>
    {
        Backup(w.Source, "nightly-storefront", "storefront", "default");
        Backup(w.Source, "nightly-inventory", "inventory", "default");
        await UntilAsync(() => Task.FromResult(w.Target.Store.Get("velero.io/v1", "Backup", "velero", "nightly-storefront") is not null
                                               && w.Target.Store.Get("velero.io/v1", "Backup", "velero", "nightly-inventory") is not null),
            "dr-west's Velero syncs the backups of storefront and inventory");
        await UntilAsync(async () =>
        {
            await using var db = await w.Portal.OpenAllAsync();
            return await db.ObservedBackups.CountAsync(b => b.ClusterId == w.SourceId && b.Phase == "Completed" && (b.Name == "nightly-storefront" || b.Name == "nightly-inventory")) == 2
                   && await db.ObservedGitOpsObjects.CountAsync(o => o.ClusterId == w.SourceId) == 2;
        }, "the follower records the backups and the GitOps objects of storefront and inventory");
    });

    [Fact]
    public async Task LostCluster_GitOpsObjectsRecordedWhileAlive_AreReCreatedOnTheReplacement_RePointed_AfterTheData_NeverContacted()
    {
        var (w, _, sre, contacts) = await LoseProdEastWithGitOpsAsync();
        await using var _ = w;
        var p = w.Portal;
        await using (var db = await p.OpenAllAsync())
        {
            var recorded = await db.ObservedGitOpsObjects.AsNoTracking().Where(o => o.ClusterId == w.SourceId).ToListAsync();
            var argo = recorded.Single(o => o.Kind == GitOpsKind.ArgoCdApplication);
            Assert.Equal(("storefront", "storefront", "argocd"), (argo.ManagedNamespace, argo.Name, argo.Namespace));
            Assert.DoesNotContain("\"status\"", argo.ObjectJson);
            var flux = recorded.Single(o => o.Kind == GitOpsKind.FluxKustomization);
            Assert.Equal(("inventory", "inventory", "flux-system"), (flux.ManagedNamespace, flux.Name, flux.Namespace));
            Assert.Contains("git.example.com/platform/fleet.git", flux.SourceJson);
        }
        // dr-west has its own Flux but not the fleet repository: the recovery brings it from the record.
        w.Target.Store.Delete("source.toolkit.fluxcd.io/v1", "GitRepository", "flux-system", "fleet");
        p.Principal.Current = sre;
        var view = MigrationWorld.Ok(await p.RunAsync<GetClusterRecovery, Result<ClusterRecoveryView>>(u => u.HandleAsync(new GetClusterRecoveryQuery(w.SourceId, w.TargetId))));
        var byNs = view.Candidates.ToDictionary(c => c.Namespace);
        Assert.Equal(new GitOpsReference(GitOpsKind.ArgoCdApplication, "storefront", "argocd"), byNs["storefront"].GitOps);
        Assert.Equal(new GitOpsReference(GitOpsKind.FluxKustomization, "inventory", "flux-system"), byNs["inventory"].GitOps);
        Assert.StartsWith("Re-created on dr-west", byNs["storefront"].GitOpsAction);
        Assert.StartsWith("Re-created on dr-west", byNs["inventory"].GitOpsAction);
        Assert.Equal("nightly-inventory", byNs["inventory"].Backup?.Name);

        var (planId, waveId) = await PlanAndApproveAsync(w, sre, "storefront", "inventory");
        await w.StartAsync();
        var done = await w.WaitForWaveAsync(waveId, x => x.HasEnded, TimeSpan.FromMinutes(3));
        Assert.True(done.Status == MigrationWaveStatus.Completed, await w.DescribeAsync(waveId));

        var app = w.Target.Store.Get("argoproj.io/v1alpha1", "Application", "argocd", "storefront");
        Assert.NotNull(app);
        Assert.Equal("https://kubernetes.default.svc", app!["spec"]?["destination"]?["server"]?.GetValue<string>());
        Assert.Equal("storefront", app["spec"]?["destination"]?["namespace"]?.GetValue<string>());
        var kustomization = w.Target.Store.Get("kustomize.toolkit.fluxcd.io/v1", "Kustomization", "flux-system", "inventory");
        Assert.NotNull(kustomization);
        Assert.Equal("inventory", kustomization!["spec"]?["targetNamespace"]?.GetValue<string>());
        Assert.NotEqual(true, kustomization["spec"]?["suspend"]?.GetValue<bool>());
        var repo = w.Target.Store.Get("source.toolkit.fluxcd.io/v1", "GitRepository", "flux-system", "fleet");
        Assert.Equal("https://git.example.com/platform/fleet.git", repo?["spec"]?["url"]?.GetValue<string>());
        await using (var db = await p.OpenAllAsync())
        {
            foreach (var a in await db.MigrationApplications.AsNoTracking().Where(a => a.PlanId == planId).ToListAsync())
            {
                Assert.True(a.Status == MigrationApplicationStatus.Moved, MigrationWorld.Describe(a));
                // Data first, GitOps after; the board says what was re-created.
                Assert.Equal([MigrationStep.MoveData, MigrationStep.Verify, MigrationStep.SwitchGitOps], a.Steps.Select(s => s.Step).ToArray());
                var gitOps = a.Steps.Single(s => s.Step == MigrationStep.SwitchGitOps);
                Assert.Equal(MigrationStepStatus.Done, gitOps.Status);
                Assert.StartsWith("Re-created on dr-west", gitOps.Detail);
            }
        }
        Assert.Equal(contacts, w.Source.Faults.ContactsSinceLost);
    }

    [Fact]
    public async Task ReplacementHoldsAForeignGitOpsObjectOfThatName_TheApplicationFailsInWords_NothingWritten()
    {
        var (w, _, sre, contacts) = await LoseProdEastWithGitOpsAsync();
        await using var _ = w;
        var (_, waveId) = await PlanAndApproveAsync(w, sre, "storefront");
        // After approval, someone made an Argo CD Application "storefront" on dr-west that deploys elsewhere.
        w.Target.Store.Put(JsonNode.Parse("""
            {"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{"name":"storefront","namespace":"argocd"},
             "spec":{"project":"default","source":{"repoURL":"https://git.example.com/other.git","path":"x","targetRevision":"main"},
                     "destination":{"server":"https://kubernetes.default.svc","namespace":"other-shop"}}}
            """)!.AsObject());
        await w.StartAsync();
        Guid appId;
        await using (var db = await w.Portal.OpenAllAsync())
            appId = (await db.MigrationApplications.AsNoTracking().SingleAsync(a => a.WaveId == waveId)).Id;
        var app = await w.WaitForAppAsync(appId, a => a.HasEnded, TimeSpan.FromMinutes(3));
        Assert.Equal(MigrationApplicationStatus.Failed, app.Status);
        Assert.Contains("Argo CD Application argocd/storefront exists on dr-west already and was not made by this recovery", app.StatusDetail);
        Assert.Contains("nothing was written on dr-west", app.StatusDetail);
        // Nothing written: no namespace, no restore, the foreign Application as it was.
        Assert.Null(w.Target.Store.Get("v1", "Namespace", null, "storefront"));
        Assert.DoesNotContain(MigrationWorld.List(w.Target, "velero.io/v1", "Restore", "velero"),
            r => r["metadata"]!["name"]!.GetValue<string>() == $"portal-rec-{appId:N}");
        var foreign = w.Target.Store.Get("argoproj.io/v1alpha1", "Application", "argocd", "storefront")!;
        Assert.Equal("other-shop", foreign["spec"]?["destination"]?["namespace"]?.GetValue<string>());
        Assert.Null(foreign["metadata"]?["labels"]?[Portal.Domain.Common.PortalLabels.MigrationApplication]);
        Assert.Equal(contacts, w.Source.Faults.ContactsSinceLost);
    }

    /// <summary>A one-wave recovery plan of <paramref name="namespaces"/> only (the others taken out), planned by the SRE,
    /// warnings acknowledged, submitted and approved by the platform engineer.</summary>
    private static async Task<(Guid PlanId, Guid WaveId)> PlanAndApproveAsync(MigrationWorld w, CurrentPrincipal sre, params string[] namespaces)
    {
        var p = w.Portal;
        p.Principal.Current = sre;
        var now = DateTimeOffset.UtcNow;
        var planId = MigrationWorld.Ok(await p.RunAsync<CreateRecoveryPlan, Result<Guid>>(u => u.HandleAsync(
            new CreateRecoveryPlanCommand(w.SourceId, w.TargetId, "Rebuild prod-east", RecoveryWaves.OneWave, now.AddMinutes(-1), now.AddHours(2), 2))));
        Guid waveId;
        await using (var db = await p.OpenAllAsync())
        {
            waveId = (await db.MigrationWaves.AsNoTracking().SingleAsync(x => x.PlanId == planId)).Id;
            // Only the applications under test: the others are left out of this plan.
            var others = await db.MigrationApplications.Where(a => a.PlanId == planId && !namespaces.Contains(a.SourceNamespace)).ToListAsync();
            db.MigrationApplications.RemoveRange(others);
            await db.SaveChangesAsync();
        }
        await using (var db = await p.OpenAllAsync())
            foreach (var a in await db.MigrationApplications.AsNoTracking().Where(a => a.PlanId == planId).ToListAsync())
                MigrationWorld.Ok(await p.RunAsync<AcknowledgeMigrationWarnings, Result<Unit>>(u => u.HandleAsync(new AcknowledgeMigrationWarningsCommand(a.Id))));
        MigrationWorld.Ok(await p.RunAsync<SubmitMigrationWave, Result<Unit>>(u => u.HandleAsync(new SubmitMigrationWaveCommand(waveId))));
        p.Principal.Current = w.Platform;
        MigrationWorld.Ok(await p.RunAsync<DecideOnMigrationWave, Result<Unit>>(u => u.HandleAsync(new DecideOnMigrationWaveCommand(waveId, true, "go"))));
        return (planId, waveId);
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, string what, Func<Task<string>>? describe = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting until {what}. {(describe is null ? "" : await describe())}");
            await Task.Delay(100);
        }
    }

    private static void Backup(ClusterSimulator.SimulatedCluster cluster, string name, string ns, string location) =>
        cluster.Store.Put(new JsonObject
        {
            ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = "velero" },
            ["spec"] = new JsonObject
            {
                ["includedNamespaces"] = new JsonArray(ns), ["storageLocation"] = location, ["ttl"] = "720h0m0s", ["defaultVolumesToFsBackup"] = true,
            },
        });

    /// <summary>The finance tenant's application on prod-east: a namespace with a small Deployment.</summary>
    private static void PutLedger(ClusterSimulator.SimulatedCluster cluster)
    {
        cluster.Store.Put(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = FinanceNamespace } });
        cluster.Store.Put(JsonNode.Parse("""
            {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"ledger-api","namespace":"ledger"},
             "spec":{"replicas":1,"selector":{"matchLabels":{"app":"ledger-api"}},
                     "template":{"metadata":{"labels":{"app":"ledger-api"}},"spec":{"containers":[{"name":"api","image":"registry.example.com/ledger:1.4"}]}}}}
            """)!);
    }
}
