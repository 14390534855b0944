using System.Text.Json.Nodes;
using Portal.Application.Common;
using Portal.Application.Features.Requests.Decide;
using Portal.Application.Features.Requests.Submit;
using Portal.Application.Features.Restores.Preview;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Restores;

/// <summary>
/// The preview against what the restore then really does, end to end: PostgreSQL, the executor, KubernetesClient and the
/// simulated cluster, whose Velero serves the backup's resource list through a DownloadRequest. Every item the preview
/// says is created or updated carries the restore's name afterwards; every item it says is skipped does not.
/// </summary>
public class RestorePreviewMatchesRestoreTests
{
    private const string Ns = "shop-frontend";

    private static async Task<List<PreviewItem>> AllItemsAsync(JourneyWorld w, Func<PageRequest, Task<Result<RestorePreviewPage>>> read)
    {
        var items = new List<PreviewItem>();
        for (var page = 0; ; page++)
        {
            var p = JourneyWorld.Ok(await read(new PageRequest(page, 200)));
            items.AddRange(p.Items.Items);
            if (items.Count >= p.Items.TotalCount) return items;
        }
    }

    /// <summary>The objects of the namespace the restore wrote (Velero labels them with the restore's name).</summary>
    private static HashSet<(string Kind, string Name)> WrittenBy(JourneyWorld w, string restoreName, IEnumerable<PreviewItem> kinds) =>
        kinds.Select(i => (i.ApiVersion, i.Kind)).Distinct()
            .SelectMany(k => w.Cluster.Store.List(k.ApiVersion, k.Kind, k.Kind == "Namespace" ? null : Ns)
                .Where(o => k.Kind != "Namespace" || (string?)o["metadata"]!["name"] == Ns)
                .Where(o => (string?)o["metadata"]?["labels"]?["velero.io/restore-name"] == restoreName)
                .Select(o => (k.Kind, (string)o["metadata"]!["name"]!)))
            .ToHashSet();

    private static async Task<string> RestoreAsync(JourneyWorld w, string backup, ExistingResourcePolicy policy,
        List<PreviewItem> ownerPreview)
    {
        w.As(w.Owner);
        var id = JourneyWorld.Ok(await w.Portal.RunAsync<SubmitRestoreRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitRestoreRequestCommand(w.NamespaceId, backup, Ns, policy, true, "preview check", ConfirmExistingTarget: true))));
        w.As(w.Sre);
        // the approver sees the same preview, read for the request
        var approverPreview = await AllItemsAsync(w, page => w.Portal.RunAsync<PreviewRestoreRequest, Result<RestorePreviewPage>>(u =>
            u.HandleAsync(new PreviewRestoreRequestQuery(id, Page: page, Fresh: true))));
        Assert.Equal(ownerPreview, approverPreview);
        JourneyWorld.Ok(await w.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(id, true, "seen the preview"))));
        var done = await w.WaitForAsync(id);
        Assert.Equal(RequestStatus.Succeeded, done.Summary.Status);
        return done.ObjectName!;
    }

    [Fact]
    public async Task Preview_MatchesWhatTheRestoreDoes_KeepingThenUpdatingExisting()
    {
        await using var w = await JourneyWorld.CreateAsync();
        await w.Portal.StartExecutorAsync();
        w.As(w.Owner);
        var backupId = JourneyWorld.Ok(await w.Portal.RunAsync<SubmitBackupRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitBackupRequestCommand(w.NamespaceId, 24, VolumeBackupMode.Snapshot, null, "before the change"))));
        var backup = (await w.WaitForAsync(backupId)).ObjectName!;

        // After the backup: a ConfigMap the backup holds is deleted, another one is added (not in the backup).
        var configMaps = w.Cluster.Store.List("v1", "ConfigMap", Ns);
        var deleted = (string)configMaps.First(c => !((string)c["metadata"]!["name"]!).StartsWith("kube-", StringComparison.Ordinal))["metadata"]!["name"]!;
        w.Cluster.Store.Delete("v1", "ConfigMap", Ns, deleted);
        w.Cluster.Store.Put(new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "ConfigMap", ["data"] = new JsonObject { ["a"] = "b" },
            ["metadata"] = new JsonObject { ["name"] = "added-later", ["namespace"] = Ns },
        });

        // 1. keep existing: only what is missing comes back
        var keep = await AllItemsAsync(w, page => w.Portal.RunAsync<PreviewRestore, Result<RestorePreviewPage>>(u =>
            u.HandleAsync(new PreviewRestoreQuery(w.NamespaceId, backup, Ns, ExistingResourcePolicy.None, true, Page: page))));
        Assert.Equal(PreviewOutcome.Create, Assert.Single(keep, i => i.Kind == "ConfigMap" && i.Name == deleted).Outcome);
        Assert.DoesNotContain(keep, i => i.Name == "added-later");
        Assert.Contains(keep, i => i.Kind == "Deployment" && i.Outcome == PreviewOutcome.Skip);
        Assert.DoesNotContain(keep, i => i.Outcome is PreviewOutcome.Update or PreviewOutcome.Unknown);
        var first = await RestoreAsync(w, backup, ExistingResourcePolicy.None, keep);

        var written = WrittenBy(w, first, keep);
        Assert.Equal(keep.Where(i => i.Outcome == PreviewOutcome.Create).Select(i => (i.Kind, i.Name)).ToHashSet(), written);
        Assert.NotNull(w.Cluster.Store.Get("v1", "ConfigMap", Ns, deleted));
        Assert.NotNull(w.Cluster.Store.Get("v1", "ConfigMap", Ns, "added-later"));

        // 2. update existing: everything of the backup that exists now is written again
        var update = await AllItemsAsync(w, page => w.Portal.RunAsync<PreviewRestore, Result<RestorePreviewPage>>(u =>
            u.HandleAsync(new PreviewRestoreQuery(w.NamespaceId, backup, Ns, ExistingResourcePolicy.Update, true, Page: page, Fresh: true))));
        Assert.DoesNotContain(update, i => i.Outcome == PreviewOutcome.Create && i.Kind != "Namespace");
        Assert.Contains(update, i => i.Kind == "ConfigMap" && i.Name == deleted && i.Outcome == PreviewOutcome.Update);
        var second = await RestoreAsync(w, backup, ExistingResourcePolicy.Update, update);

        Assert.Equal(update.Where(i => i.Outcome is PreviewOutcome.Create or PreviewOutcome.Update).Select(i => (i.Kind, i.Name)).ToHashSet(),
            WrittenBy(w, second, update));
        Assert.Empty(w.Cluster.Store.List("velero.io/v1", "DownloadRequest", "velero")); // each one deleted after use
    }
}
