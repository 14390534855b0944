using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Domain.Access;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;
using Portal.TestSupport;

namespace Portal.IntegrationTests.Restores;

/// <summary>Restore to the DR cluster: a backup taken on prod-east restored on dr-west through the location both see,
/// checked at submit and again when acting, the source cluster down while it runs.</summary>
public class DrRestoreTests
{
    [Fact]
    public async Task RestoreToDrCluster_WithTheSourceDown_HandsTheNamespaceOnTheDrClusterToTheTenantWithItsClassesMapped()
    {
        await using var w = await DrWorld.CreateAsync();
        var backup = await w.BackupWithIngressAsync("alb"); // dr-west has no alb ingress class

        // The claim ledger-data is on fast-ssd, which dr-west calls premium-ssd: without a mapping, the moves' words.
        var unmapped = await w.SubmitDrRestoreAsync(backup, "shop-payments-dr", storageClasses: new Dictionary<string, string>());
        Assert.False(unmapped.IsSuccess);
        Assert.True(unmapped.Error!.Message.Contains("The storage class \"fast-ssd\"", StringComparison.Ordinal), unmapped.Error.Message);
        Assert.True(unmapped.Error.Message.Contains("Add a storage class mapping. \"premium-ssd\" and \"standard\" on the target use the same provisioner", StringComparison.Ordinal), unmapped.Error.Message);

        var noIngressClass = await w.SubmitDrRestoreAsync(backup, "shop-payments-dr");
        Assert.True(noIngressClass.Error?.Message.Contains("asks for the ingress class \"alb\", which the target does not have (it has the classes \"nginx\")", StringComparison.Ordinal),
            noIngressClass.Error?.Message);
        var classes = new { Storage = new Dictionary<string, string> { ["fast-ssd"] = "premium-ssd" }, Ingress = new Dictionary<string, string> { ["alb"] = "nginx" } };

        // Someone who may restore only on prod-east is refused on dr-west.
        var eastOnly = await w.SubmitDrRestoreAsync(backup, "shop-payments-dr", classes.Storage, classes.Ingress, who: w.EastOwner);
        Assert.Equal(ErrorKind.Forbidden, eastOnly.Error?.Kind);

        var id = DrWorld.Ok(await w.SubmitDrRestoreAsync(backup, "shop-payments-dr", classes.Storage, classes.Ingress));
        await using (var db = await w.Portal.OpenAllAsync())
        {
            var r = await db.Requests.AsNoTracking().FirstAsync(x => x.Id == id);
            Assert.Equal(w.TargetId, r.ClusterId); // it lives where it writes
            Assert.Equal(w.SourceId, r.RestoreParameters.SourceClusterId);
            Assert.Equal("prod-east", r.RestoreParameters.SourceLocation);
            Assert.Contains(r.RestoreParameters.Classes!.Claims, c => c.Claim == "ledger-data" && c.StorageClass == "fast-ssd");
        }
        await w.ApproveAsync(id);

        await w.Source.StopAsync(); // the worst day: prod-east is gone; the backup is in the shared bucket
        await w.Portal.StartExecutorAsync();
        var done = await w.WaitForAsync(id);

        Assert.True(done.Summary.Status == RequestStatus.Succeeded, DrWorld.Timeline(done));
        Assert.Equal("dr-west", done.Summary.ClusterName);
        Assert.Equal("prod-east", done.Summary.SourceClusterName);
        Assert.NotNull(w.Target.Store.Get("v1", "Namespace", null, "shop-payments-dr"));
        var claim = w.Target.Store.Get("v1", "PersistentVolumeClaim", "shop-payments-dr", "ledger-data")!;
        Assert.Equal("premium-ssd", claim["spec"]!["storageClassName"]!.GetValue<string>());
        Assert.True(await w.TenantOwnsAsync(w.TargetId, "shop-payments-dr"));
        Assert.Contains(done.Timeline, t => t.Title.StartsWith("Namespace shop-payments-dr on dr-west now belongs to tenant Webshop", StringComparison.Ordinal));
        Assert.Contains(done.Timeline, t => t.Title.Contains("Claims of storage class fast-ssd are restored in premium-ssd; Ingresses of class alb are restored with class nginx", StringComparison.Ordinal));
        var ingress = w.Target.Store.Get("networking.k8s.io/v1", "Ingress", "shop-payments-dr", "pay")!;
        Assert.Equal("nginx", ingress["spec"]!["ingressClassName"]!.GetValue<string>());
        Assert.Null(w.Target.Store.Get("v1", "ConfigMap", "velero", "change-storage-class-config")); // nothing cluster-wide
        Assert.Equal(1, w.RestoresOn(w.Target, id));
    }

    [Fact]
    public async Task RestoreToDrCluster_WhenTheWorldChangesAfterApproval_FailsInWordsAndWritesNothing()
    {
        await using var w = await DrWorld.CreateAsync();
        var backup = w.PaymentsBackup();
        await w.Portal.StartExecutorAsync();

        // Someone creates the target namespace on dr-west between approval and execution.
        var taken = DrWorld.Ok(await w.SubmitDrRestoreAsync(backup, "payments-taken"));
        w.Target.Store.Put(DrWorld.Namespace("payments-taken"));
        await w.ApproveAsync(taken);
        var takenDone = await w.WaitForAsync(taken);
        Assert.Equal(RequestStatus.Failed, takenDone.Summary.Status);
        Assert.Contains("Namespace payments-taken now exists on cluster dr-west and is not your tenant's", takenDone.Summary.FailureReason);
        Assert.Equal(0, w.RestoresOn(w.Target, taken));
        Assert.False(await w.TenantOwnsAsync(w.TargetId, "payments-taken"));

        // dr-west's location on prod-east's bucket turns Unavailable: its Velero cannot see the backup.
        var unseen = DrWorld.Ok(await w.SubmitDrRestoreAsync(backup, "payments-unseen"));
        w.Target.Faults.MakeLocationUnavailable("prod-east");
        await Eventually.TrueAsync(() => w.Target.Store.Get("velero.io/v1", "BackupStorageLocation", "velero", "prod-east")?["status"]?["phase"]?.GetValue<string>() == "Unavailable",
            "dr-west's Velero to find the location unavailable");
        await w.ApproveAsync(unseen);
        var unseenDone = await w.WaitForAsync(unseen);
        Assert.Equal(RequestStatus.Failed, unseenDone.Summary.Status);
        Assert.Contains("The location \"prod-east\"", unseenDone.Summary.FailureReason);
        Assert.Contains("on dr-west is Unavailable", unseenDone.Summary.FailureReason);
        Assert.Contains("Nothing was restored", unseenDone.Summary.FailureReason);
        Assert.Equal(0, w.RestoresOn(w.Target, unseen));
        Assert.Null(w.Target.Store.Get("v1", "Namespace", null, "payments-unseen"));
        Assert.False(await w.TenantOwnsAsync(w.TargetId, "payments-unseen"));

        // The backup disappears from the bucket before dr-west's Velero synced it: the one wait, in words, then its end in words.
        w.Target.Faults.MakeLocationAvailable("prod-east");
        await Eventually.TrueAsync(() => w.Target.Store.Get("velero.io/v1", "BackupStorageLocation", "velero", "prod-east")?["status"]?["phase"]?.GetValue<string>() == "Available",
            "dr-west's location to be Available again");
        var fresh = await w.BackupWithIngressAsync("nginx");
        var gone = DrWorld.Ok(await w.SubmitDrRestoreAsync(fresh, "payments-gone"));
        w.Buckets.RemoveBackup("velero-prod-east", "backups", fresh);
        w.Target.Store.Delete("velero.io/v1", "Backup", "velero", fresh);
        await w.ApproveAsync(gone);
        var goneDone = await w.WaitForAsync(gone);
        Assert.Equal(RequestStatus.Failed, goneDone.Summary.Status);
        Assert.Contains(goneDone.Timeline, t => t.Title == $"Waiting for the Velero of dr-west to see backup {fresh} from location prod-east; Velero syncs about every minute");
        Assert.Contains($"The Velero of dr-west has not seen backup {fresh}", goneDone.Summary.FailureReason);
        Assert.Contains("is Available, but it does not hold backup", goneDone.Summary.FailureReason);
        Assert.Equal(0, w.RestoresOn(w.Target, gone));
        Assert.Null(w.Target.Store.Get("v1", "Namespace", null, "payments-gone"));

        // Without a location on the same bucket and prefix, dr-west does not see the backup at all: refused at submit.
        w.Target.Store.Delete("velero.io/v1", "BackupStorageLocation", "velero", "prod-east");
        var noLocation = await w.SubmitDrRestoreAsync(backup, "payments-nowhere");
        Assert.False(noLocation.IsSuccess);
        Assert.Contains("dr-west does not see the backup's location \"default\" (aws velero-prod-east/backups)", noLocation.Error!.Message);
    }

    [Fact]
    public async Task RestoreToDrCluster_RequesterLosesTheirRightsAfterApproval_FailsInWordsAndWritesNothing()
    {
        await using var w = await DrWorld.CreateAsync();
        var backup = w.PaymentsBackup();
        var olga = await w.AddPersonAsync("olga", "Olga Owner", Persona.ApplicationOwner);
        var id = DrWorld.Ok(await w.SubmitDrRestoreAsync(backup, "payments-olga", who: olga));
        await w.ApproveAsync(id);

        // Olga leaves the team between approval and execution: her binding is removed.
        await using (var db = await w.Portal.OpenAllAsync())
            Assert.Equal(1, await db.ScopeBindings.Where(b => b.PrincipalId == olga.UserId).ExecuteDeleteAsync());
        await w.Portal.StartExecutorAsync();
        var done = await w.WaitForAsync(id);

        Assert.Equal(RequestStatus.Failed, done.Summary.Status);
        Assert.Contains("Olga Owner, who asked for this, may no longer request restores on dr-west for tenant Webshop", done.Summary.FailureReason);
        Assert.Contains("Nothing was restored", done.Summary.FailureReason);
        Assert.Equal(0, w.RestoresOn(w.Target, id));
        Assert.Null(w.Target.Store.Get("v1", "Namespace", null, "payments-olga"));
        Assert.False(await w.TenantOwnsAsync(w.TargetId, "payments-olga"));
    }
}
