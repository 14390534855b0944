using System.Text.Json.Nodes;
using Portal.Domain.Moves;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Moves;

/// <summary>What goes wrong in a move is a clear state in words, and nothing is left half-done without a way back.</summary>
public class MigrationFaultTests
{
    [Fact]
    public async Task TargetNeverBecomesReady_VerifyFailsNamingWhatIsNotReady_SourceStaysDownAndCanBeRolledBack()
    {
        await using var w = await MigrationWorld.CreateAsync(new Dictionary<string, string?> { ["Migrations:VerifyTimeout"] = "00:00:03" });
        w.Target.Faults.StallRollouts("catalog");
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Catalog]);
        await w.StartAsync();

        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded);
        Assert.Equal(MigrationWaveStatus.CompletedWithProblems, done.Status);
        var app = await w.AppAsync(wave.Apps["catalog"]);
        Assert.Equal(MigrationApplicationStatus.Failed, app.Status);
        var verify = app.Steps.Single(s => s.Step == MigrationStep.Verify);
        Assert.Equal(MigrationStepStatus.Failed, verify.Status);
        Assert.Contains("Not ready on dr-west after 3 seconds", verify.Detail);
        Assert.Contains("Deployment catalog-api (0 of 2 available)", verify.Detail);
        Assert.Contains("roll the application back", app.StatusDetail);
        Assert.Equal(RequestStatus.Failed, (await w.RequestAsync(wave.Requests["catalog"])).Status);
        Assert.Equal(0, MigrationWorld.Replicas(w.Source, "Deployment", "catalog", "catalog-api"));
        Assert.True(app.CanRollBack);

        await w.AskRollbackAsync(wave, "catalog");
        var back = await w.WaitForAppAsync(app.Id, a => a.Status is MigrationApplicationStatus.RolledBack or MigrationApplicationStatus.RollbackFailed);
        Assert.True(back.Status == MigrationApplicationStatus.RolledBack, MigrationWorld.Describe(back));
        Assert.Equal(2, MigrationWorld.Replicas(w.Source, "Deployment", "catalog", "catalog-api"));
        Assert.Null(MigrationWorld.Get(w.Target, "apps/v1", "Deployment", "catalog", "catalog-api"));
    }

    [Fact]
    public async Task TargetGoesDownWhileVerifyWaits_TheApplicationPausesInsteadOfFailing_ThenFinishes()
    {
        await using var w = await MigrationWorld.CreateAsync(new Dictionary<string, string?> { ["Migrations:VerifyTimeout"] = "00:00:03" });
        w.Target.Faults.StallRollouts("catalog");
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Catalog]);
        var catalog = wave.Apps["catalog"];
        await w.StartAsync();
        await w.WaitForAppAsync(catalog, a => a.Steps.Any(s => s.Step == MigrationStep.Verify && s.Status == MigrationStepStatus.Running));

        // The wait runs out while dr-west does not answer: that is an outage, not a target that never became ready.
        await w.Target.StopAsync();
        var paused = await w.WaitForAppAsync(catalog, a => a.Status is MigrationApplicationStatus.Paused or MigrationApplicationStatus.Failed);

        Assert.True(paused.Status == MigrationApplicationStatus.Paused, MigrationWorld.Describe(paused));
        Assert.StartsWith("dr-west cannot be reached:", paused.StatusDetail);
        Assert.NotEqual(MigrationStepStatus.Failed, paused.Steps.Single(s => s.Step == MigrationStep.Verify).Status);

        w.Target.Faults.ResumeRollouts();
        await w.Target.StartAgainAsync();
        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded);
        Assert.True(done.Status == MigrationWaveStatus.Completed, await w.DescribeAsync(wave.WaveId));
    }

    [Fact]
    public async Task VeleroRestorePartiallyFails_TheStepFailsWithVelerosWords()
    {
        await using var w = await MigrationWorld.CreateAsync();
        w.Target.Faults.PartiallyFailNextRestore("portal-mig-", errors: 2, warnings: 1);
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Reports]);
        await w.StartAsync();

        var app = await w.WaitForAppAsync(wave.Apps["reports"], a => a.HasEnded);
        Assert.Equal(MigrationApplicationStatus.Failed, app.Status);
        var move = app.Steps.Single(s => s.Step == MigrationStep.MoveData);
        Assert.Equal(MigrationStepStatus.Failed, move.Status);
        // Velero's own words; its warnings also count what it found there already: the target namespace the portal
        // made (labelled as the portal's) and the portal's RoleBinding in it, both made before the restore.
        Assert.Matches(@"Velero finished the restore with 2 error\(s\) and [1-9]\d* warning\(s\)", move.Detail);
        Assert.All(app.Steps.Where(s => s.Step is MigrationStep.Apply or MigrationStep.SwitchGitOps), s => Assert.Equal(MigrationStepStatus.Pending, s.Status));
    }

    /// <summary>Every claim of class fast-ssd on the source is in premium-ssd on the target; the others keep their class.</summary>
    private static void AssertFastClaimsLandedInPremium(MigrationWorld w)
    {
        static string? Class(JsonNode c) => c["spec"]?["storageClassName"]?.GetValue<string>();
        var source = MigrationWorld.List(w.Source, "v1", "PersistentVolumeClaim", "reports");
        var target = MigrationWorld.List(w.Target, "v1", "PersistentVolumeClaim", "reports").ToDictionary(c => c["metadata"]!["name"]!.GetValue<string>());
        Assert.Contains(source, c => Class(c) == "fast-ssd");
        foreach (var claim in source)
        {
            var name = claim["metadata"]!["name"]!.GetValue<string>();
            Assert.True(target.ContainsKey(name), $"claim {name} was not restored");
            Assert.Equal(Class(claim) == "fast-ssd" ? "premium-ssd" : Class(claim), Class(target[name]));
        }
    }

    [Fact]
    public async Task VeleroMove_MapsStorageClassesByTheRestoresOwnModifiers_AndWritesNothingClusterWide()
    {
        await using var w = await MigrationWorld.CreateAsync();
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Reports]);
        await w.StartAsync();

        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded);
        Assert.True(done.Status == MigrationWaveStatus.Completed, await w.DescribeAsync(wave.WaveId));
        var restore = MigrationWorld.Get(w.Target, "velero.io/v1", "Restore", "velero", $"portal-mig-{wave.Apps["reports"]:N}")!;
        var modifiers = restore["spec"]!["resourceModifier"]!["name"]!.GetValue<string>();
        Assert.StartsWith("portal-restore-modifiers-", modifiers, StringComparison.Ordinal);
        var rules = MigrationWorld.Get(w.Target, "v1", "ConfigMap", "velero", modifiers)!["data"]!.ToJsonString();
        Assert.Contains("fast-ssd", rules, StringComparison.Ordinal);
        Assert.Contains("premium-ssd", rules, StringComparison.Ordinal);
        AssertFastClaimsLandedInPremium(w);
        Assert.Null(MigrationWorld.Get(w.Target, "v1", "ConfigMap", "velero", "change-storage-class-config")); // nothing cluster-wide
        var app = await w.WaitForAppAsync(wave.Apps["reports"], a => a.HasEnded);
        Assert.Contains("Claims of storage class fast-ssd are restored in premium-ssd", app.Steps.Single(s => s.Step == MigrationStep.MoveData).Detail);
    }

    [Fact]
    public async Task TargetVeleroHasItsOwnClusterWideClassMap_ItIsLeftAsItIs_AndTheMoveMapsItsClassesItself()
    {
        await using var w = await MigrationWorld.CreateAsync();
        w.Target.Store.Put(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject
            {
                ["name"] = "change-storage-class-config", ["namespace"] = "velero",
                ["labels"] = new JsonObject { ["velero.io/plugin-config"] = "", ["velero.io/change-storage-class"] = "RestoreItemAction" },
            },
            ["data"] = new JsonObject { ["slow-hdd"] = "standard-hdd" },
        });
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Reports]);
        await w.StartAsync();

        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded);
        Assert.True(done.Status == MigrationWaveStatus.Completed, await w.DescribeAsync(wave.WaveId));
        var map = MigrationWorld.Get(w.Target, "v1", "ConfigMap", "velero", "change-storage-class-config")!;
        Assert.Equal("""{"slow-hdd":"standard-hdd"}""", map["data"]!.ToJsonString());
        AssertFastClaimsLandedInPremium(w);
    }

    [Fact]
    public async Task CentralArgoCd_TheApplicationIsRepointedAtTheTarget_AndBackOnRollback()
    {
        await using var w = await MigrationWorld.CreateAsync();
        const string remote = "https://prod-east.clusters.example.com:6443";
        var app0 = w.Source.Store.Get("argoproj.io/v1alpha1", "Application", "argocd", "storefront")!;
        app0["spec"]!["destination"] = new JsonObject { ["server"] = remote, ["namespace"] = "storefront" };
        w.Source.Store.Put(app0);
        var wave = await w.ApprovedWaveAsync([MigrationWorld.Storefront]);
        await w.StartAsync();
        var done = await w.WaitForWaveAsync(wave.WaveId, x => x.HasEnded);
        Assert.True(done.Status == MigrationWaveStatus.Completed, await w.DescribeAsync(wave.WaveId));

        var argo = MigrationWorld.Get(w.Source, "argoproj.io/v1alpha1", "Application", "argocd", "storefront")!;
        Assert.StartsWith("https://127.0.0.1:", argo["spec"]!["destination"]!["server"]!.GetValue<string>());
        Assert.Null(MigrationWorld.Get(w.Target, "argoproj.io/v1alpha1", "Application", "argocd", "storefront"));
        var app = await w.AppAsync(wave.Apps["storefront"]);
        Assert.Equal(remote, app.RunState.Switch!.PriorDestinationServer);

        await w.AskRollbackAsync(wave, "storefront");
        var back = await w.WaitForAppAsync(app.Id, a => a.Status is MigrationApplicationStatus.RolledBack or MigrationApplicationStatus.RollbackFailed);
        Assert.True(back.Status == MigrationApplicationStatus.RolledBack, MigrationWorld.Describe(back));
        argo = MigrationWorld.Get(w.Source, "argoproj.io/v1alpha1", "Application", "argocd", "storefront")!;
        Assert.Equal(remote, argo["spec"]!["destination"]!["server"]!.GetValue<string>());
        Assert.NotNull(argo["spec"]!["syncPolicy"]!["automated"]);
    }
}
