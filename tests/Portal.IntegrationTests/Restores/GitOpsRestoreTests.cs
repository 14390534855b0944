using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Features.Restores;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;
using Portal.TestSupport;

namespace Portal.IntegrationTests.Restores;

/// <summary>GitOps does not undo a restore: the Argo CD Application that deploys storefront (automated sync with prune and
/// selfHeal) is frozen around a restore of a backup whose Deployment differs from Git, and put back exactly as it was.</summary>
public class GitOpsRestoreTests
{
    private const string Argo = "argoproj.io/v1alpha1";
    private const string Automated = "{\"prune\":true,\"selfHeal\":true}";

    [Fact]
    public async Task Restore_IntoANamespaceArgoCdDeploys_FreezesItFirstAndPutsItBackExactly_AlsoWhenTheRestoreFails()
    {
        await using var w = await DrWorld.CreateAsync();
        var backup = await DriftedBackupAsync(w);
        await w.Portal.StartExecutorAsync();

        var id = await RestoreStorefrontAsync(w, backup, keepFrozen: false);
        var done = await w.WaitForAsync(id);
        Assert.True(done.Summary.Status == RequestStatus.Succeeded, DrWorld.Timeline(done));
        var titles = done.Timeline.Select(t => t.Title).ToList();
        var frozeAt = titles.FindIndex(t => t == "Freezing Argo CD Application argocd/storefront so that it does not undo the restore");
        var restoreAt = titles.FindIndex(t => t.StartsWith("Creating Velero Restore", StringComparison.Ordinal));
        var unfrozeAt = titles.FindIndex(t => t == "Unfroze Application argocd/storefront");
        Assert.True(frozeAt >= 0 && frozeAt < restoreAt && restoreAt < unfrozeAt, DrWorld.Timeline(done));
        AssertAsBefore(w);
        await using (var db = await w.Portal.OpenAllAsync())
            Assert.All(await db.GitOpsFreezes.Where(f => f.RequestId == id).ToListAsync(), f => Assert.False(f.IsOpen));

        // A restore that fails still gives GitOps back what it had.
        w.Source.Faults.FailNextRestore();
        var failing = await RestoreStorefrontAsync(w, backup, keepFrozen: false, reason: "again");
        var failed = await w.WaitForAsync(failing);
        Assert.Equal(RequestStatus.Failed, failed.Summary.Status);
        Assert.Contains(failed.Timeline, t => t.Title == "Unfroze Application argocd/storefront");
        AssertAsBefore(w);
    }

    [Fact]
    public async Task Restore_KeepingGitOpsFrozen_LeavesTheRestoredStateAndAReminderUntilTheOwnerUnfreezes()
    {
        await using var w = await DrWorld.CreateAsync();
        var backup = await DriftedBackupAsync(w);
        await w.Portal.StartExecutorAsync();

        var id = await RestoreStorefrontAsync(w, backup, keepFrozen: true);
        var done = await w.WaitForAsync(id);
        Assert.True(done.Summary.Status == RequestStatus.Succeeded, DrWorld.Timeline(done));
        Assert.Contains("GitOps frozen during the restore: Argo CD Application argocd/storefront (kept frozen afterwards", done.ParametersDescription);

        // Argo CD would put web back to Git's 3 replicas at once; frozen, the restored 5 stay.
        await ControllerPasses.WaitAsync(w.Source);
        await ControllerPasses.WaitAsync(w.Source);
        Assert.Equal(5, Replicas(w));
        var app = w.Source.Store.Get(Argo, "Application", "argocd", "storefront")!;
        Assert.Null(app["spec"]!["syncPolicy"]!["automated"]);
        Assert.NotNull(app["metadata"]!["annotations"]![Domain.Common.PortalLabels.FrozenBy]);

        // The reminder on the namespace page, with the way out.
        w.As(w.Owner);
        var reminders = DrWorld.Ok(await w.Portal.RunAsync<ListGitOpsFreezes, Result<IReadOnlyList<GitOpsFreezeView>>>(u =>
            u.HandleAsync(new ListGitOpsFreezesQuery(NamespaceId: w.StorefrontId))));
        var reminder = Assert.Single(reminders);
        Assert.True(reminder.KeptFrozen && reminder.CanUnfreeze);
        Assert.Equal("automated sync " + Automated, reminder.PriorState);

        // Someone who may only look cannot unfreeze it; the owner can, and the prior state (stored, not remembered) comes back.
        var viewer = await AsViewerAsync(w);
        var refused = await w.Portal.RunAsync<UnfreezeGitOps, Result<bool>>(u => u.HandleAsync(new UnfreezeGitOpsCommand(reminder.Id)));
        Assert.False(refused.IsSuccess);
        w.As(w.Owner);
        Assert.True(DrWorld.Ok(await w.Portal.RunAsync<UnfreezeGitOps, Result<bool>>(u => u.HandleAsync(new UnfreezeGitOpsCommand(reminder.Id, "restored state is in Git")))));
        AssertAsBefore(w);
        await Eventually.TrueAsync(() => Replicas(w) == 3, "Argo CD to put web back to Git's replicas once unfrozen");
        Assert.Empty(DrWorld.Ok(await w.Portal.RunAsync<ListGitOpsFreezes, Result<IReadOnlyList<GitOpsFreezeView>>>(u =>
            u.HandleAsync(new ListGitOpsFreezesQuery(NamespaceId: w.StorefrontId)))));
        await using var db = await w.Portal.OpenAllAsync();
        Assert.Contains(await db.AuditEvents.Where(a => a.Action == "gitops.unfrozen").Select(a => a.Summary).ToListAsync(),
            s => s.Contains("Application argocd/storefront on prod-east unfrozen", StringComparison.Ordinal));
        _ = viewer;
    }

    /// <summary>A backup of storefront whose Deployment web has 5 replicas while Git says 3: taken with Argo CD's sync off,
    /// then Argo CD is turned back on and puts web back to 3 (the revert a restore must not suffer).</summary>
    private static async Task<string> DriftedBackupAsync(DrWorld w)
    {
        var app = w.Source.Store.Get(Argo, "Application", "argocd", "storefront")!;
        Assert.Equal(Automated, app["spec"]!["syncPolicy"]!["automated"]!.ToJsonString());
        var manual = app.DeepClone().AsObject();
        manual["spec"]!["syncPolicy"]!.AsObject().Remove("automated");
        w.Source.Store.Put(manual);
        var web = w.Source.Store.Get("apps/v1", "Deployment", "storefront", "web")!;
        web["spec"]!["replicas"] = 5;
        w.Source.Store.Put(web);
        w.Source.Store.Put(new JsonObject
        {
            ["apiVersion"] = "velero.io/v1", ["kind"] = "Backup",
            ["metadata"] = new JsonObject { ["name"] = "storefront-drifted", ["namespace"] = "velero" },
            ["spec"] = new JsonObject { ["includedNamespaces"] = new JsonArray("storefront"), ["storageLocation"] = "default" },
        });
        await Eventually.TrueAsync(() => w.Source.Store.Get("velero.io/v1", "Backup", "velero", "storefront-drifted")?["status"]?["phase"]?.GetValue<string>() == "Completed",
            "the backup of storefront");
        var automatedAgain = w.Source.Store.Get(Argo, "Application", "argocd", "storefront")!;
        automatedAgain["spec"]!["syncPolicy"]!["automated"] = JsonNode.Parse(Automated);
        w.Source.Store.Put(automatedAgain);
        await Eventually.TrueAsync(() => Replicas(w) == 3, "Argo CD's selfHeal to revert web to Git's 3 replicas");
        return "storefront-drifted";
    }

    private static async Task<Guid> RestoreStorefrontAsync(DrWorld w, string backup, bool keepFrozen, string reason = "roll back the bad release")
    {
        w.As(w.Owner);
        var id = DrWorld.Ok(await w.Portal.RunAsync<SubmitRestoreRequest, Result<Guid>>(u => u.HandleAsync(new SubmitRestoreRequestCommand(
            w.StorefrontId, backup, "storefront", ExistingResourcePolicy.Update, true, reason, ConfirmExistingTarget: true, KeepGitOpsFrozen: keepFrozen))));
        await w.ApproveAsync(id);
        return id;
    }

    private static void AssertAsBefore(DrWorld w)
    {
        var app = w.Source.Store.Get(Argo, "Application", "argocd", "storefront")!;
        Assert.Equal(Automated, app["spec"]!["syncPolicy"]!["automated"]?.ToJsonString());
        Assert.Null(app["metadata"]!["annotations"]?[Domain.Common.PortalLabels.FrozenBy]);
    }

    private static int? Replicas(DrWorld w) =>
        MigrationWorld.Int(w.Source.Store.Get("apps/v1", "Deployment", "storefront", "web")?["spec"]?["replicas"]);

    private static async Task<Application.Security.CurrentPrincipal> AsViewerAsync(DrWorld w)
    {
        var viewer = await w.AddPersonAsync("vic", "Vic Viewer", Domain.Access.Persona.DatabaseEngineer);
        w.As(viewer);
        return viewer;
    }
}
