using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Decide;
using Portal.Application.Features.Requests.Details;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Features.Tenants;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests;

/// <summary>Approval can take days: what the portal checked when a backup or restore was asked is checked again by the
/// executor right before it writes, and when it no longer holds the request fails in words, with nothing written.</summary>
public class RecheckAtExecutionTests
{
    private const string Copy = "shop-frontend-copy";

    [Fact]
    public async Task RestoreIntoNewNamespace_WhenSomeoneCreatesItOnTheClusterBeforeApproval_FailsWithoutRestoringOrClaimingIt()
    {
        await using var w = await JourneyWorld.CreateAsync();
        var restoreId = await SubmitRestoreAsync(w, Copy);

        // Someone with kubectl makes the namespace and puts their own object in it while the request waits.
        w.Cluster.Store.Put(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Copy } });
        w.Cluster.Store.Put(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap",
            ["metadata"] = new JsonObject { ["name"] = "theirs", ["namespace"] = Copy },
            ["data"] = new JsonObject { ["owner"] = "someone else" },
        });

        var done = await ApproveAndRunAsync(w, restoreId);
        Assert.Equal(RequestStatus.Failed, done.Summary.Status);
        Assert.Contains($"namespace {Copy} now exists on cluster prod-east and is not your tenant's", done.Summary.FailureReason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("nothing was restored", done.Summary.FailureReason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(done.Timeline, t => t.Kind == RequestEventKind.Failed && (t.Detail ?? "").Contains("nothing was restored", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(0, w.VeleroObjectsFor(restoreId, "Restore"));
        Assert.Null(done.ObjectName);
        Assert.False(await IsClaimedAsync(w, Copy));
        Assert.Single(w.Cluster.Store.List("v1", "ConfigMap", Copy));
    }

    [Fact]
    public async Task RestoreIntoNewNamespace_WhenItWasGivenToTheSameTenantMeanwhile_FailsBecauseNobodyConfirmedWritingIntoIt()
    {
        await using var w = await JourneyWorld.CreateAsync();
        var restoreId = await SubmitRestoreAsync(w, Copy);
        w.Cluster.Store.Put(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Copy } });
        w.As(w.Platform);
        JourneyWorld.Ok(await w.Portal.RunAsync<ClaimNamespace, Result<Guid>>(u => u.HandleAsync(new ClaimNamespaceCommand(w.TenantId, w.ClusterId, Copy))));

        var done = await ApproveAndRunAsync(w, restoreId);
        Assert.Equal(RequestStatus.Failed, done.Summary.Status);
        Assert.Contains($"{Copy} now exists", done.Summary.FailureReason);
        Assert.Contains("Nothing was restored", done.Summary.FailureReason);
        Assert.Equal(0, w.VeleroObjectsFor(restoreId, "Restore"));
    }

    [Fact]
    public async Task RestoreIntoNewNamespace_WhenItWasGivenToAnotherTenantMeanwhile_FailsWithoutRestoring()
    {
        await using var w = await JourneyWorld.CreateAsync();
        var restoreId = await SubmitRestoreAsync(w, Copy);
        w.Cluster.Store.Put(new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Namespace", ["metadata"] = new JsonObject { ["name"] = Copy } });
        w.As(w.Platform);
        var other = JourneyWorld.Ok(await w.Portal.RunAsync<CreateTenant, Result<Guid>>(u => u.HandleAsync(new CreateTenantCommand("billing", "Billing"))));
        JourneyWorld.Ok(await w.Portal.RunAsync<ClaimNamespace, Result<Guid>>(u => u.HandleAsync(new ClaimNamespaceCommand(other, w.ClusterId, Copy))));

        var done = await ApproveAndRunAsync(w, restoreId);
        Assert.Equal(RequestStatus.Failed, done.Summary.Status);
        Assert.Contains($"Namespace {Copy} was given to another tenant after this request was made. Nothing was restored.", done.Summary.FailureReason);
        Assert.Equal(0, w.VeleroObjectsFor(restoreId, "Restore"));
    }

    [Fact]
    public async Task RestoreInPlace_WhenTheNamespaceWasTakenFromTheTenant_FailsWithoutRestoring()
    {
        await using var w = await JourneyWorld.CreateAsync();
        var restoreId = await SubmitRestoreAsync(w, "shop-frontend", confirmExisting: true);
        w.As(w.Sre);
        JourneyWorld.Ok(await w.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(restoreId, true, null))));
        await ReleaseAsync(w, "shop-frontend");

        await w.Portal.StartExecutorAsync();
        var done = await WaitAsSystemAsync(w, restoreId);
        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains("no longer belongs to your tenant", done.FailureReason);
        Assert.Contains("Nothing was restored", done.FailureReason);
        Assert.Equal(0, w.VeleroObjectsFor(restoreId, "Restore"));
    }

    [Fact]
    public async Task Backup_WhenTheNamespaceWasTakenFromTheTenantBeforeItRan_FailsWithoutABackup()
    {
        await using var w = await JourneyWorld.CreateAsync();
        w.As(w.Owner);
        var id = JourneyWorld.Ok(await w.Portal.RunAsync<SubmitBackupRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitBackupRequestCommand(w.NamespaceId, 24, VolumeBackupMode.Snapshot, null, null))));
        await ReleaseAsync(w, "shop-frontend");

        await w.Portal.StartExecutorAsync();
        var done = await WaitAsSystemAsync(w, id);
        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Contains("no longer belongs to your tenant", done.FailureReason);
        Assert.Contains("Nothing was backed up", done.FailureReason);
        Assert.Equal(0, w.VeleroObjectsFor(id, "Backup"));
    }

    [Fact]
    public async Task Backup_WhenTheNamespaceWasDeletedFromTheClusterBeforeItRan_FailsWithoutABackup()
    {
        await using var w = await JourneyWorld.CreateAsync();
        w.As(w.Owner);
        var id = JourneyWorld.Ok(await w.Portal.RunAsync<SubmitBackupRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitBackupRequestCommand(w.NamespaceId, 24, VolumeBackupMode.Snapshot, null, null))));
        Assert.NotNull(w.Cluster.Store.Delete("v1", "Namespace", null, "shop-frontend"));

        await w.Portal.StartExecutorAsync();
        var done = await w.WaitForAsync(id);
        Assert.Equal(RequestStatus.Failed, done.Summary.Status);
        Assert.Contains("shop-frontend no longer exists on cluster prod-east", done.Summary.FailureReason);
        Assert.Equal(0, w.VeleroObjectsFor(id, "Backup"));
    }

    private static async Task<Guid> SubmitRestoreAsync(JourneyWorld w, string target, bool confirmExisting = false)
    {
        w.As(w.Owner);
        var scheduled = w.ScheduleBackupName();
        return JourneyWorld.Ok(await w.Portal.RunAsync<SubmitRestoreRequest, Result<Guid>>(u => u.HandleAsync(
            new SubmitRestoreRequestCommand(w.NamespaceId, scheduled, target, ExistingResourcePolicy.Update, true, "race", confirmExisting))));
    }

    private static async Task<RequestDetails> ApproveAndRunAsync(JourneyWorld w, Guid requestId)
    {
        w.As(w.Sre);
        JourneyWorld.Ok(await w.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(requestId, true, null))));
        await w.Portal.StartExecutorAsync();
        return await w.WaitForAsync(requestId);
    }

    private static async Task ReleaseAsync(JourneyWorld w, string ns)
    {
        w.As(w.Platform);
        await using var db = await w.Portal.OpenAllAsync();
        var claim = await db.TenantNamespaces.FirstAsync(n => n.Namespace == ns);
        JourneyWorld.Ok(await w.Portal.RunAsync<ReleaseNamespace, Result<Unit>>(u => u.HandleAsync(new ReleaseNamespaceCommand(claim.Id))));
    }

    /// <summary>Once the namespace is no longer the tenant's, its people cannot read the request: read the row itself.</summary>
    private static async Task<OperationRequest> WaitAsSystemAsync(JourneyWorld w, Guid id)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            await using (var db = await w.Portal.OpenAllAsync())
            {
                var r = await db.Requests.AsNoTracking().FirstAsync(x => x.Id == id);
                if (r.Status.IsTerminal() || DateTime.UtcNow > deadline) return r;
            }
            await Task.Delay(100);
        }
    }

    private static async Task<bool> IsClaimedAsync(JourneyWorld w, string ns)
    {
        await using var db = await w.Portal.OpenAllAsync();
        return await db.TenantNamespaces.AnyAsync(n => n.Namespace == ns);
    }
}
