using Portal.Application.Common;
using Portal.Application.Features.Namespaces;
using Portal.Application.Features.Requests.Decide;
using Portal.Application.Features.Requests.Submit;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests;

/// <summary>The first journey end to end: application owner -> application layer -> PostgreSQL -> executor ->
/// KubernetesClient -> simulated cluster (over HTTPS, with a token) and back.</summary>
public class NamespaceJourneyTests
{
    [Fact]
    public async Task BackupThenRestoreIntoNewNamespace_WithSreApproval_Succeeds()
    {
        await using var w = await JourneyWorld.CreateAsync();
        await w.Portal.StartExecutorAsync();

        // The owner's backup is approved automatically by the default policy and runs.
        w.As(w.Owner);
        var backupId = JourneyWorld.Ok(await w.Portal.RunAsync<SubmitBackupRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitBackupRequestCommand(w.NamespaceId, 72, VolumeBackupMode.FileSystem, null, "before release"))));
        var backup = await w.WaitForAsync(backupId);
        Assert.Equal(RequestStatus.Succeeded, backup.Summary.Status);
        Assert.Equal("Completed", backup.Summary.Phase);
        Assert.True(backup.Summary.ItemsTotal > 0 && backup.Summary.ItemsDone == backup.Summary.ItemsTotal);
        Assert.Equal(1, w.VeleroObjectsFor(backupId, "Backup"));
        var veleroBackup = w.Cluster.Store.Get("velero.io/v1", "Backup", "velero", backup.ObjectName!)!;
        Assert.Equal("shop-frontend", veleroBackup["spec"]!["includedNamespaces"]![0]!.GetValue<string>());
        Assert.True(veleroBackup["spec"]!["defaultVolumesToFsBackup"]!.GetValue<bool>());

        // The backup is offered for restore, next to the ones Velero's schedule made.
        var offered = JourneyWorld.Ok(await w.Portal.RunAsync<ListNamespaceBackups, Result<IReadOnlyList<NamespaceBackupView>>>(u =>
            u.HandleAsync(new ListNamespaceBackupsQuery(w.NamespaceId))));
        Assert.Contains(offered, b => b.Name == backup.ObjectName && b.PortalRequestId == backupId);
        Assert.Contains(offered, b => b.Origin.StartsWith("Velero schedule"));

        // A restore into a new namespace needs an SRE; the owner cannot approve it.
        var restoreId = JourneyWorld.Ok(await w.Portal.RunAsync<SubmitRestoreRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitRestoreRequestCommand(w.NamespaceId, backup.ObjectName!, "shop-frontend-copy", ExistingResourcePolicy.None, true, "rehearsal"))));
        Assert.Equal(RequestStatus.PendingApproval, (await w.WaitForAsync(restoreId, d => true)).Summary.Status);
        var selfApproval = await w.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(restoreId, true, null)));
        Assert.Equal(ErrorKind.Forbidden, selfApproval.Error!.Kind);

        w.As(w.Sre);
        Assert.Equal(RequestStatus.Queued, JourneyWorld.Ok(await w.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u =>
            u.HandleAsync(new DecideOnRequestCommand(restoreId, true, "go ahead")))));

        var restore = await w.WaitForAsync(restoreId);
        Assert.Equal(RequestStatus.Succeeded, restore.Summary.Status);
        Assert.Equal(1, w.VeleroObjectsFor(restoreId, "Restore"));
        Assert.NotEmpty(w.Cluster.Store.List("apps/v1", "Deployment", "shop-frontend-copy"));
        Assert.Contains(restore.Timeline, t => t.Title.StartsWith("Approved by Sam"));
        Assert.Contains(restore.Timeline, t => t.Title.Contains("now belongs to tenant"));
        // handed over with the portal's rights there (its RoleBinding to the per-namespace role)
        Assert.Equal("kubernetes-portal-namespace",
            (string?)w.Cluster.Store.Get("rbac.authorization.k8s.io/v1", "RoleBinding", "shop-frontend-copy", "kubernetes-portal")?["roleRef"]?["name"]);
        Assert.Contains(restore.Timeline, t => t.Kind == RequestEventKind.Phase && t.Title.EndsWith("Completed"));

        // The new namespace is the tenant's now, and every step is in the audit log.
        w.As(w.Owner);
        var mine = JourneyWorld.Ok(await w.Portal.RunAsync<ListMyNamespaces, Result<IReadOnlyList<TenantNamespaceView>>>(u => u.HandleAsync(new ListMyNamespacesQuery())));
        Assert.Contains(mine, n => n.Namespace == "shop-frontend-copy");
        Assert.Equal(["request.submitted", "request.approved", "request.running", "request.succeeded"], await w.AuditActionsAsync(restoreId.ToString()));
    }

    [Fact]
    public async Task Backup_WhenVeleroFails_IsFailedWithVelerosReason()
    {
        await using var w = await JourneyWorld.CreateAsync();
        await w.Portal.StartExecutorAsync();
        w.Cluster.Faults.FailNextBackup("portal-backup-", "object storage bucket is unreachable");
        w.As(w.Owner);
        var id = JourneyWorld.Ok(await w.Portal.RunAsync<SubmitBackupRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitBackupRequestCommand(w.NamespaceId, 24, VolumeBackupMode.Snapshot, null, null))));
        var done = await w.WaitForAsync(id);
        Assert.Equal(RequestStatus.Failed, done.Summary.Status);
        Assert.Contains("object storage bucket is unreachable", done.Summary.FailureReason);
        Assert.Equal(1, w.VeleroObjectsFor(id, "Backup"));
    }
}
