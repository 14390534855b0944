using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Access;
using Portal.Application.Features.Requests.Decide;
using Portal.Application.Features.Storage.ClassChange;
using Portal.Application.Features.Storage.Matrix;
using Portal.Application.Security;
using Portal.ClusterSimulator;
using Portal.Domain.Access;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;
using Portal.TestSupport;

namespace Portal.IntegrationTests.Storage;

/// <summary>The storage view on real PostgreSQL and the simulated prod-east (EBS with two snapshot classes, EFS with none, an
/// in-tree NFS volume), as a storage administrator bound to that cluster; class changes approved by a platform engineer.</summary>
public class StorageViewTests
{
    private const string VeleroLabel = "velero.io/csi-volumesnapshot-class";
    private const string DefaultAnnotation = "snapshot.storage.kubernetes.io/is-default-class";

    private static async Task<(MigrationWorld W, CurrentPrincipal Sofia)> WorldAsync(bool startExecutor = true)
    {
        var w = await MigrationWorld.CreateAsync();
        var id = MigrationWorld.Ok(await w.Portal.RunAsync<RecordSignIn, Result<Guid>>(u => u.HandleAsync(new RecordSignInCommand("test:sofia", "Sofia Storage", "sofia@example.test"))));
        var sofia = new CurrentPrincipal(id.ToString(), "Sofia Storage", "sofia@example.test", []);
        await using (var db = await w.Portal.OpenAllAsync())
        {
            db.ScopeBindings.Add(new ScopeBinding(PrincipalKind.User, sofia.UserId, Persona.StorageAdministrator, ScopeKind.Cluster, clusterId: w.SourceId));
            await db.SaveChangesAsync();
        }
        if (startExecutor) await w.Portal.StartExecutorAsync();
        return (w, sofia);
    }

    private static string? Label(SimulatedCluster c, string name) =>
        c.Store.Get("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", null, name)?["metadata"]?["labels"]?[VeleroLabel]?.GetValue<string>();

    private static string? Annotation(SimulatedCluster c, string name) =>
        c.Store.Get("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", null, name)?["metadata"]?["annotations"]?[DefaultAnnotation]?.GetValue<string>();

    [Fact]
    public async Task Matrix_ShowsTheClassWithoutSnapshots_AndTheUnsnapshottableClaimsWithTheirTenants()
    {
        var (w, sofia) = await WorldAsync();
        await using var _ = w;
        w.Portal.Principal.Current = sofia;

        var views = MigrationWorld.Ok(await w.Portal.RunAsync<GetStorageMatrix, Result<IReadOnlyList<ClusterStorageView>>>(u => u.HandleAsync(new GetStorageMatrixQuery(null))));
        var view = Assert.Single(views); // bound to prod-east only: dr-west is not hers
        Assert.Equal("prod-east", view.ClusterName);
        var files = view.Classes.Single(c => c.Class.Name == "shared-files");
        Assert.False(files.SnapshotsPossible);
        Assert.Equal("No snapshots possible: no VolumeSnapshotClass has driver efs.csi.aws.com.", files.Snapshots);
        var standard = view.Classes.Single(c => c.Class.Name == "standard");
        Assert.Equal(("csi-aws-vsc", true), (standard.VeleroClass, standard.Class.IsDefault));
        Assert.Equal(["csi-aws-vsc", "csi-aws-vsc-delete"], standard.SnapshotClasses.Select(c => c.Name).Order());
        Assert.True(standard.Claims > 0);

        var blocked = MigrationWorld.Ok(await w.Portal.RunAsync<ListStorageClaims, Result<Page<StorageClaimRow>>>(u => u.HandleAsync(
            new ListStorageClaimsQuery(w.SourceId, null, true, new PageRequest(0, 50)))));
        Assert.Contains(blocked.Items, c => c.Name == "legacy-exports" && c.InTree && c.WhyNotSnapshottable!.Contains("in-tree"));
        Assert.Contains(blocked.Items, c => c.StorageClass == "shared-files" && c.WhyNotSnapshottable == "No VolumeSnapshotClass has its driver efs.csi.aws.com.");
        Assert.All(blocked.Items, c => Assert.NotNull(c.WhyNotSnapshottable));
        // the tenant of a namespace comes from the portal's database
        var all = MigrationWorld.Ok(await w.Portal.RunAsync<ListStorageClaims, Result<Page<StorageClaimRow>>>(u => u.HandleAsync(
            new ListStorageClaimsQuery(w.SourceId, null, false, new PageRequest(0, 200)))));
        Assert.All(all.Items.Where(c => c.Namespace is "catalog" or "reports" or "inventory"), c => Assert.Equal("Webshop", c.TenantName));
        var page = MigrationWorld.Ok(await w.Portal.RunAsync<ListStorageClaims, Result<Page<StorageClaimRow>>>(u => u.HandleAsync(
            new ListStorageClaimsQuery(w.SourceId, null, false, new PageRequest(1, 2)))));
        Assert.Equal(all.TotalCount, page.TotalCount);
        Assert.Equal(all.Items.Skip(2).Take(2).Select(c => c.Name), page.Items.Select(c => c.Name));
    }

    [Fact]
    public async Task UseForVelero_ApprovedByAnotherPlatformEngineer_MovesTheLabelOnTheCluster_WithTimelineAndAudit()
    {
        var (w, sofia) = await WorldAsync();
        await using var _ = w;
        w.Portal.Principal.Current = sofia;
        var deletePolicyBefore = w.Source.Store.Get("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", null, "csi-aws-vsc-delete")!["deletionPolicy"]!.GetValue<string>();

        var id = MigrationWorld.Ok(await w.Portal.RunAsync<SubmitSnapshotClassChange, Result<Guid>>(u => u.HandleAsync(
            new SubmitSnapshotClassChangeCommand(w.SourceId, "csi-aws-vsc-delete", SnapshotClassChangeKind.UseForVelero, true, "snapshots need not outlive backups"))));
        Assert.Equal(RequestStatus.PendingApproval, (await w.RequestAsync(id)).Status);
        var own = await w.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(id, true, null)));
        Assert.Equal(ErrorKind.Forbidden, own.Error!.Kind);
        Assert.Equal("true", Label(w.Source, "csi-aws-vsc")); // nothing moved before the approval

        w.Portal.Principal.Current = w.Platform;
        MigrationWorld.Ok(await w.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(id, true, "ok"))));
        var done = await Eventually.UntilAsync(async () => (OperationRequest?)await w.RequestAsync(id), r => r.Status.IsTerminal(), "the class change", 60_000);

        Assert.True(done.Status == RequestStatus.Succeeded, done.FailureReason);
        Assert.Equal("true", Label(w.Source, "csi-aws-vsc-delete"));
        Assert.Null(Label(w.Source, "csi-aws-vsc")); // removed, though the simulator's seed (not the portal) had set it
        Assert.Equal("true", Annotation(w.Source, "csi-aws-vsc")); // the other mark untouched
        var changed = w.Source.Store.Get("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", null, "csi-aws-vsc-delete")!;
        Assert.Equal(deletePolicyBefore, changed["deletionPolicy"]!.GetValue<string>());
        Assert.Contains(changed["metadata"]!["managedFields"]!.AsArray(), m => m!["manager"]!.GetValue<string>() == "kubernetes-portal"
            && m["operation"]!.GetValue<string>() == "Apply");
        await using var db = await w.Portal.OpenAllAsync();
        var actions = await db.AuditEvents.AsNoTracking().Where(e => e.TargetId == id.ToString() || e.Action.StartsWith("storage.")).Select(e => e.Action).ToListAsync();
        Assert.Contains("storage.snapshot-class-change.asked", actions);
        Assert.Contains("request.approved", actions);
        Assert.Contains("request.succeeded", actions);
        var timeline = await db.RequestEvents.AsNoTracking().Where(e => e.RequestId == id).Select(e => e.Title).ToListAsync();
        Assert.Contains(timeline, t => t.Contains("csi-aws-vsc no longer carries"));

        // the matrix reads the new choice
        w.Portal.Principal.Current = sofia;
        var views = MigrationWorld.Ok(await w.Portal.RunAsync<GetStorageMatrix, Result<IReadOnlyList<ClusterStorageView>>>(u => u.HandleAsync(new GetStorageMatrixQuery(w.SourceId))));
        Assert.Equal("csi-aws-vsc-delete", views.Single().Classes.Single(c => c.Class.Name == "standard").VeleroClass);
    }

    [Fact]
    public async Task ClassDeleted_BetweenApprovalAndExecution_FailsInWords_AndWritesNothing()
    {
        var (w, sofia) = await WorldAsync();
        await using var _ = w;
        w.Portal.Principal.Current = sofia;
        var id = MigrationWorld.Ok(await w.Portal.RunAsync<SubmitSnapshotClassChange, Result<Guid>>(u => u.HandleAsync(
            new SubmitSnapshotClassChangeCommand(w.SourceId, "csi-aws-vsc-delete", SnapshotClassChangeKind.MakeDefault, true, null))));
        var before = w.Source.Store.Get("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", null, "csi-aws-vsc")!["metadata"]!["resourceVersion"]!.GetValue<string>();
        Assert.NotNull(w.Source.Store.Delete("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", null, "csi-aws-vsc-delete"));

        w.Portal.Principal.Current = w.Platform;
        MigrationWorld.Ok(await w.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(id, true, null))));
        var done = await Eventually.UntilAsync(async () => (OperationRequest?)await w.RequestAsync(id), r => r.Status.IsTerminal(), "the class change", 60_000);

        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.Equal("VolumeSnapshotClass csi-aws-vsc-delete no longer exists on prod-east: it was deleted after this request was made. Nothing was changed.",
            done.FailureReason);
        Assert.Null(w.Source.Store.Get("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", null, "csi-aws-vsc-delete")); // never re-created
        var after = w.Source.Store.Get("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", null, "csi-aws-vsc")!;
        Assert.Equal(before, after["metadata"]!["resourceVersion"]!.GetValue<string>());
        Assert.Equal("true", Annotation(w.Source, "csi-aws-vsc"));
    }

    private static JsonObject SnapshotClass(SimulatedCluster c, string name) => c.Store.Get("snapshot.storage.k8s.io/v1", "VolumeSnapshotClass", null, name)!;

    /// <summary>Asked by Sofia, approved by the platform engineer while the executor is stopped; <paramref name="meanwhile"/>
    /// changes the cluster; then the executor runs it.</summary>
    private static async Task<OperationRequest> AskApproveChangeRunAsync(MigrationWorld w, CurrentPrincipal sofia, string name, SnapshotClassChangeKind change,
        Action meanwhile)
    {
        w.Portal.Principal.Current = sofia;
        var id = MigrationWorld.Ok(await w.Portal.RunAsync<SubmitSnapshotClassChange, Result<Guid>>(u => u.HandleAsync(
            new SubmitSnapshotClassChangeCommand(w.SourceId, name, change, true, null))));
        w.Portal.Principal.Current = w.Platform;
        MigrationWorld.Ok(await w.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(id, true, null))));
        Assert.Equal(RequestStatus.Queued, (await w.RequestAsync(id)).Status);
        meanwhile();
        await w.Portal.StartExecutorAsync();
        return await Eventually.UntilAsync(async () => (OperationRequest?)await w.RequestAsync(id), r => r.Status.IsTerminal(), "the class change", 60_000);
    }

    [Fact]
    public async Task ClassEditedBySomeoneElse_BetweenApprovalAndExecution_FailsInWords_AndWritesNothing()
    {
        var (w, sofia) = await WorldAsync(startExecutor: false);
        await using var _ = w;
        string? edited = null;
        var done = await AskApproveChangeRunAsync(w, sofia, "csi-aws-vsc-delete", SnapshotClassChangeKind.UseForVelero, () =>
        {
            // someone else (kubectl, Helm) changes the class after the request was made
            var c = SnapshotClass(w.Source, "csi-aws-vsc-delete");
            c["parameters"] = new JsonObject { ["tagSpecification_1"] = "team=storage" };
            w.Source.Store.Put(c);
            edited = SnapshotClass(w.Source, "csi-aws-vsc-delete")["metadata"]!["resourceVersion"]!.GetValue<string>();
        });

        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.StartsWith("VolumeSnapshotClass csi-aws-vsc-delete on prod-east was changed by someone else after this request was made", done.FailureReason);
        Assert.Contains($"now {edited}", done.FailureReason);
        Assert.EndsWith("Nothing was changed.", done.FailureReason);
        Assert.Equal(edited, SnapshotClass(w.Source, "csi-aws-vsc-delete")["metadata"]!["resourceVersion"]!.GetValue<string>()); // not written
        Assert.Null(Label(w.Source, "csi-aws-vsc-delete"));
        Assert.Equal("true", Label(w.Source, "csi-aws-vsc"));
    }

    [Fact]
    public async Task AnotherClassBecameVelerosPick_BetweenApprovalAndExecution_FailsNamingIt_AndWritesNothing()
    {
        var (w, sofia) = await WorldAsync(startExecutor: false);
        await using var _ = w;
        var done = await AskApproveChangeRunAsync(w, sofia, "csi-aws-vsc-delete", SnapshotClassChangeKind.UseForVelero, () =>
        {
            // a new class of the same driver, labelled for Velero by someone else
            var fast = SnapshotClass(w.Source, "csi-aws-vsc").DeepClone().AsObject();
            fast["metadata"] = new JsonObject { ["name"] = "csi-aws-vsc-fast", ["labels"] = new JsonObject { [VeleroLabel] = "true" } };
            w.Source.Store.Put(fast);
        });

        Assert.Equal(RequestStatus.Failed, done.Status);
        Assert.StartsWith("csi-aws-vsc-fast became Velero's pick for driver ebs.csi.aws.com on prod-east after this request was made", done.FailureReason);
        Assert.EndsWith("Nothing was changed.", done.FailureReason);
        Assert.Null(Label(w.Source, "csi-aws-vsc-delete"));
        Assert.Equal("true", Label(w.Source, "csi-aws-vsc"));
        Assert.Equal("true", Label(w.Source, "csi-aws-vsc-fast"));
    }
}
