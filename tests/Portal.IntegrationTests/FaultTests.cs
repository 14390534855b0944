using Portal.Application.Common;
using Portal.Application.Features.Clusters.Check;
using Portal.Application.Features.Clusters.Register;
using Portal.Application.Features.Requests.Decide;
using Portal.Application.Features.Requests.Submit;
using Portal.Domain.Clusters;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests;

/// <summary>Bad input and faults: each gets a clear message or state, and no request is lost or half-done.</summary>
public class FaultTests
{
    private static Task<Result<Guid>> BackupAsync(JourneyWorld w) => w.Portal.RunAsync<SubmitBackupRequest, Result<Guid>>(u =>
        u.HandleAsync(new SubmitBackupRequestCommand(w.NamespaceId, 24, VolumeBackupMode.Snapshot, null, null)));

    [Fact]
    public async Task Restore_WhenBackupDisappearsBeforeItRuns_FailsWithoutCreatingARestore()
    {
        await using var w = await JourneyWorld.CreateAsync();
        w.As(w.Owner);
        var scheduled = w.ScheduleBackupName();
        var restoreId = JourneyWorld.Ok(await w.Portal.RunAsync<SubmitRestoreRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitRestoreRequestCommand(w.NamespaceId, scheduled, "shop-frontend", ExistingResourcePolicy.Update, true, null, ConfirmExistingTarget: true))));
        w.As(w.Sre);
        JourneyWorld.Ok(await w.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(restoreId, true, null))));
        Assert.NotNull(w.Cluster.Store.Delete("velero.io/v1", "Backup", "velero", scheduled));

        await w.Portal.StartExecutorAsync();
        var done = await w.WaitForAsync(restoreId);
        Assert.Equal(RequestStatus.Failed, done.Summary.Status);
        Assert.Contains("no longer exists", done.Summary.FailureReason);
        Assert.Equal(0, w.VeleroObjectsFor(restoreId, "Restore"));
    }

    [Fact]
    public async Task Backup_WhenClusterIsDown_WaitsAndFinishesWhenItIsBack()
    {
        await using var w = await JourneyWorld.CreateAsync();
        w.As(w.Owner);
        var id = JourneyWorld.Ok(await BackupAsync(w));
        await w.Cluster.StopAsync();
        await w.Portal.StartExecutorAsync();
        var paused = await w.WaitForAsync(id, d => d.Timeline.Any(t => t.Kind == RequestEventKind.Retry));
        Assert.Equal(RequestStatus.Running, paused.Summary.Status);
        Assert.Contains("Cannot reach", paused.Summary.FailureReason);

        await w.Cluster.StartAgainAsync();
        var done = await w.WaitForAsync(id);
        Assert.Equal(RequestStatus.Succeeded, done.Summary.Status);
        Assert.Equal(1, w.VeleroObjectsFor(id, "Backup"));
    }

    [Fact]
    public async Task Backup_WhenVeleroIsNotInstalled_FailsSayingSo()
    {
        await using var w = await JourneyWorld.CreateAsync();
        w.Cluster.Faults.VeleroInstalled = false;
        w.As(w.Owner);
        var id = JourneyWorld.Ok(await BackupAsync(w));
        await w.Portal.StartExecutorAsync();
        var done = await w.WaitForAsync(id);
        Assert.Equal(RequestStatus.Failed, done.Summary.Status);
        Assert.Contains("Velero is not installed", done.Summary.FailureReason);
    }

    [Fact]
    public async Task Cluster_WithExpiredToken_IsShownUnauthorized()
    {
        await using var w = await JourneyWorld.CreateAsync();
        w.Cluster.Faults.RejectToken = true;
        w.As(w.Platform);
        var health = JourneyWorld.Ok(await w.Portal.RunAsync<CheckClusterConnection, Result<ClusterHealthView>>(u => u.HandleAsync(new CheckClusterConnectionCommand(w.ClusterId))));
        Assert.Equal(ClusterHealth.Unauthorized, health.Health);
        Assert.Contains("rejected the credential", health.Message);
    }

    [Fact]
    public async Task Cluster_WhenDown_IsShownUnreachable()
    {
        await using var w = await JourneyWorld.CreateAsync();
        await w.Cluster.StopAsync();
        w.As(w.Platform);
        var health = JourneyWorld.Ok(await w.Portal.RunAsync<CheckClusterConnection, Result<ClusterHealthView>>(u => u.HandleAsync(new CheckClusterConnectionCommand(w.ClusterId))));
        Assert.Equal(ClusterHealth.Unreachable, health.Health);
    }

    [Theory]
    [InlineData("this is not yaml: [")]
    [InlineData("apiVersion: v1\nkind: Config\nclusters: []\n")]
    public async Task RegisterCluster_WithInvalidKubeconfig_IsRefusedBeforeAnythingIsStored(string kubeconfig)
    {
        await using var w = await JourneyWorld.CreateAsync();
        w.As(w.Platform);
        var result = await w.Portal.RunAsync<RegisterCluster, Result<ClusterHealthView>>(u => u.HandleAsync(new RegisterClusterCommand("broken", null, kubeconfig)));
        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.StartsWith("The kubeconfig cannot be used", result.Error.Message);
    }

    [Fact]
    public async Task Restore_IntoInvalidOrForeignNamespace_IsRefusedInWords()
    {
        await using var w = await JourneyWorld.CreateAsync();
        w.As(w.Owner);
        var scheduled = w.ScheduleBackupName();
        var invalid = await w.Portal.RunAsync<SubmitRestoreRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitRestoreRequestCommand(w.NamespaceId, scheduled, "Shop_Copy", ExistingResourcePolicy.None, true, null)));
        Assert.Equal(ErrorKind.Validation, invalid.Error!.Kind);
        Assert.Contains("lower-case letters", invalid.Error.Message);

        var existingUnowned = await w.Portal.RunAsync<SubmitRestoreRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitRestoreRequestCommand(w.NamespaceId, scheduled, "kube-system", ExistingResourcePolicy.None, true, null)));
        Assert.Contains("belongs to the cluster itself", existingUnowned.Error!.Message);

        var notOurs = await w.Portal.RunAsync<SubmitBackupRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitBackupRequestCommand(Guid.NewGuid(), 24, VolumeBackupMode.Snapshot, null, null)));
        Assert.Equal(ErrorKind.NotFound, notOurs.Error!.Kind);
    }

    [Theory]
    [InlineData("kube-system")]
    [InlineData("velero")]
    public async Task ClaimNamespace_OfTheClusterItself_IsRefused(string ns)
    {
        await using var w = await JourneyWorld.CreateAsync();
        w.As(w.Platform);
        var result = await w.Portal.RunAsync<Portal.Application.Features.Tenants.ClaimNamespace, Result<Guid>>(u =>
            u.HandleAsync(new Portal.Application.Features.Tenants.ClaimNamespaceCommand(w.TenantId, w.ClusterId, ns)));
        Assert.Equal(ErrorKind.Validation, result.Error!.Kind);
        Assert.Contains("belongs to the cluster itself", result.Error.Message);
    }
}
