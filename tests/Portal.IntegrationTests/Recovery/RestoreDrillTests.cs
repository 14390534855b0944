using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Recovery.Drills;
using Portal.Application.Features.Requests.Decide;
using Portal.Application.Features.Tenants;
using Portal.Domain.Access;
using Portal.Domain.Recovery;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Recovery;

/// <summary>Restore drills end to end: the executor on real PostgreSQL against the simulated clusters over HTTPS.</summary>
public class RestoreDrillTests
{
    private static readonly DrillCheck CatalogAnswers = new(DrillCheckKind.HttpGet, "catalog-api", 80, "/healthz", 200);

    [Fact]
    public async Task Drill_OfALatestGoodBackup_PassesWithItsRto_IsCleanedUp_AndNeverTouchesTheLiveNamespace()
    {
        await using var d = await DrillWorld.CreateAsync();
        var live = DrillWorld.Fingerprint(d.W.Source, "catalog");

        var run = await d.RunAsync(new RunRestoreDrillCommand(d.CatalogId, Checks: [CatalogAnswers]));
        var drill = await d.WaitAsync(run.DrillId);

        Assert.True(drill.Status == DrillStatus.Passed, drill.Failure);
        Assert.Equal(d.Backup, drill.BackupName); // the latest good one, resolved when it ran
        Assert.False(drill.BackupChosen);
        Assert.NotNull(drill.BackupTakenAt);
        Assert.True(drill.MeasuredRto > TimeSpan.Zero);
        Assert.Equal(drill.VerifiedAt - drill.RestoreStartedAt, drill.MeasuredRto);
        Assert.Equal(TimeSpan.FromHours(1), drill.TargetRto); // the portal's default: catalog has no target of its own
        var check = Assert.Single(drill.CheckResults);
        Assert.True(check.Passed, check.Detail);
        Assert.Equal(DrillCleanupState.Done, drill.CleanupState);
        Assert.StartsWith("catalog-drill-", drill.ScratchNamespaceName);
        Assert.True(await DrillWorld.GoneAsync(d.W.Source, drill.ScratchNamespaceName), $"{drill.ScratchNamespaceName} is still there");
        Assert.Null(d.W.Source.Store.Get("velero.io/v1", "Restore", "velero", drill.RestoreName!));
        Assert.Equal(live, DrillWorld.Fingerprint(d.W.Source, "catalog"));
        Assert.Equal(RequestStatus.Succeeded, (await d.W.RequestAsync(run.RequestId)).Status);
    }

    [Fact]
    public async Task Drill_KeptForInspection_WasIsolatedBeforeTheFirstRestoredObject_AndCannotBeClaimed()
    {
        await using var d = await DrillWorld.CreateAsync();

        var run = await d.RunAsync(new RunRestoreDrillCommand(d.CatalogId, d.Backup, KeepForInspection: TimeSpan.FromHours(2)));
        var drill = await d.WaitAsync(run.DrillId);

        Assert.True(drill.Status == DrillStatus.Passed, drill.Failure);
        Assert.Equal(DrillCleanupState.Kept, drill.CleanupState);
        var scratch = drill.ScratchNamespaceName;
        Assert.Equal(drill.Id.ToString("N"), DrillWorld.Namespace(d.W.Source, scratch)!["metadata"]!["labels"]!["kubernetes-portal.io/drill-id"]!.GetValue<string>());
        var policy = d.W.Source.Store.Get("networking.k8s.io/v1", "NetworkPolicy", scratch, "portal-drill-isolation");
        Assert.NotNull(policy);
        Assert.Equal(["Ingress", "Egress"], policy!["spec"]!["policyTypes"]!.AsArray().Select(t => t!.GetValue<string>()));
        var restored = new[] { ("v1", "ConfigMap"), ("v1", "Service"), ("v1", "Secret"), ("apps/v1", "Deployment") }
            .SelectMany(k => d.W.Source.Store.List(k.Item1, k.Item2, scratch))
            .Where(o => o["metadata"]?["labels"]?["velero.io/restore-name"] is not null).ToList();
        Assert.NotEmpty(restored);
        Assert.All(restored, o => Assert.True(Rv(policy) < Rv(o), $"{o["kind"]} {o["metadata"]!["name"]} was restored before the isolation policy"));

        // A kept scratch namespace is still never a tenant's.
        d.W.Portal.Principal.Current = d.W.Platform;
        var claim = await d.W.Portal.RunAsync<ClaimNamespace, Result<Guid>>(u => u.HandleAsync(new ClaimNamespaceCommand(d.W.TenantId, d.W.SourceId, scratch)));
        Assert.False(claim.IsSuccess);
        Assert.Contains("scratch namespace of a restore drill", claim.Error!.Message);
    }

    [Fact]
    public async Task Drill_WhoseWorkloadNeverBecomesReady_FailsNamingIt_AndIsCleanedUp()
    {
        await using var d = await DrillWorld.CreateAsync(new Dictionary<string, string?> { ["Drills:VerifyTimeout"] = "00:00:03" });
        d.W.Source.Faults.NeverReady("catalog-api");

        var run = await d.RunAsync(new RunRestoreDrillCommand(d.CatalogId, Checks: [CatalogAnswers]));
        var drill = await d.WaitAsync(run.DrillId);

        Assert.Equal(DrillStatus.Failed, drill.Status);
        Assert.Contains("Deployment catalog-api", drill.Failure);
        Assert.Null(drill.MeasuredRto);
        Assert.Equal(DrillCleanupState.Done, drill.CleanupState);
        Assert.True(await DrillWorld.GoneAsync(d.W.Source, drill.ScratchNamespaceName), $"{drill.ScratchNamespaceName} is still there");
        var request = await d.W.RequestAsync(run.RequestId);
        Assert.Equal(RequestStatus.Failed, request.Status);
        Assert.Contains("Deployment catalog-api", request.FailureReason);
    }

    [Fact]
    public async Task Drill_KilledMidRestore_IsCleanedUpByTheExecutorThatTakesItOver()
    {
        await using var d = await DrillWorld.CreateAsync();
        var doomed = await d.W.AddReplicaAsync("doomed", lease: TimeSpan.FromSeconds(2));
        await d.W.Portal.KillExecutorAsync(); // only the doomed replica runs the drill
        d.W.Source.Faults.SlowRestores("catalog", TimeSpan.FromMinutes(5));
        await doomed.StartExecutorAsync();

        var run = await d.RunAsync(new RunRestoreDrillCommand(d.CatalogId));
        var started = await d.WaitAsync(run.DrillId, x => x.RestoreName is not null);
        Assert.NotNull(DrillWorld.Namespace(d.W.Source, started.ScratchNamespaceName));
        await doomed.KillExecutorAsync();

        var survivor = await d.W.AddReplicaAsync("survivor", lease: TimeSpan.FromSeconds(2));
        await survivor.StartExecutorAsync();
        var drill = await d.WaitAsync(run.DrillId);

        Assert.Equal(DrillStatus.Failed, drill.Status);
        Assert.StartsWith("Interrupted", drill.Failure);
        Assert.Equal(DrillCleanupState.Done, drill.CleanupState);
        Assert.True(await DrillWorld.GoneAsync(d.W.Source, drill.ScratchNamespaceName), $"{drill.ScratchNamespaceName} is still there");
        Assert.Null(d.W.Source.Store.Get("velero.io/v1", "Restore", "velero", drill.RestoreName!));
        Assert.Equal(RequestStatus.Failed, (await d.W.RequestAsync(run.RequestId)).Status);
    }

    [Fact]
    public async Task Drill_OnTheOtherCluster_RestoresTheSyncedBackupThere_AndCleansUpThere()
    {
        await using var d = await DrillWorld.CreateAsync();
        var live = DrillWorld.Fingerprint(d.W.Source, "catalog");

        var run = await d.RunAsync(new RunRestoreDrillCommand(d.CatalogId, d.Backup, d.W.TargetId, [CatalogAnswers], Reason: "DR rehearsal"));
        var drill = await d.WaitAsync(run.DrillId);

        Assert.True(drill.Status == DrillStatus.Passed, drill.Failure);
        Assert.Equal(d.W.TargetId, drill.TargetClusterId);
        Assert.True(await DrillWorld.GoneAsync(d.W.Target, drill.ScratchNamespaceName), $"{drill.ScratchNamespaceName} is still there");
        Assert.True(await DrillWorld.GoneAsync(d.W.Source, drill.ScratchNamespaceName), $"{drill.ScratchNamespaceName} is still there");
        Assert.DoesNotContain(d.W.Source.Store.List("velero.io/v1", "Restore", "velero"),
            r => r["metadata"]?["labels"]?["kubernetes-portal.io/drill-id"] is not null);
        Assert.Equal(live, DrillWorld.Fingerprint(d.W.Source, "catalog"));
    }

    [Fact]
    public async Task Drill_WhoseBackupWasDeletedAfterApproval_FailsInWords_AndWritesNothingOnTheCluster()
    {
        await using var d = await DrillWorld.CreateAsync();
        await using (var db = await d.W.Portal.OpenAllAsync())
        {
            db.ApprovalPolicies.Add(new ApprovalPolicy(d.W.TenantId, RequestKind.RestoreDrill, true, Persona.PlatformEngineer));
            await db.SaveChangesAsync();
        }
        var run = await d.RunAsync(new RunRestoreDrillCommand(d.CatalogId, d.Backup));
        Assert.Equal(RequestStatus.PendingApproval, (await d.W.RequestAsync(run.RequestId)).Status);

        d.W.Source.Store.Delete("velero.io/v1", "Backup", "velero", d.Backup);
        d.W.Portal.Principal.Current = d.W.Platform;
        MigrationWorld.Ok(await d.W.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(run.RequestId, true, "go"))));
        var drill = await d.WaitAsync(run.DrillId);

        Assert.Equal(DrillStatus.Failed, drill.Status);
        Assert.Contains($"The backup {d.Backup} no longer exists", drill.Failure);
        Assert.Null(drill.StartedAt);
        Assert.True(await DrillWorld.GoneAsync(d.W.Source, drill.ScratchNamespaceName), $"{drill.ScratchNamespaceName} is still there");
        Assert.DoesNotContain(d.W.Source.Store.List("v1", "Namespace", null), n => n["metadata"]?["labels"]?["kubernetes-portal.io/drill-id"] is not null);
        Assert.DoesNotContain(d.W.Source.Store.List("velero.io/v1", "Restore", "velero"), r => r["metadata"]?["labels"]?["kubernetes-portal.io/request-id"]?.GetValue<string>() == run.RequestId.ToString());
        Assert.Equal(RequestStatus.Failed, (await d.W.RequestAsync(run.RequestId)).Status);
    }

    private static long Rv(JsonNode? o) => long.Parse(o!["metadata"]!["resourceVersion"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
}
