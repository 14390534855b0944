using Portal.Application.Common;
using Portal.Application.Features.Namespaces;
using Portal.Application.Features.Requests.Decide;
using Portal.Application.Features.Requests.Submit;
using Portal.Domain.Requests;
using Portal.IntegrationTests.Support;

namespace Portal.IntegrationTests.Protection;

/// <summary>Backups a protection's Schedule made sit in the namespace's backup list next to on-demand ones, named after
/// the policy, and restore the same way.</summary>
public class ScheduledBackupListTests
{
    [CrdsFact]
    public async Task ScheduledBackup_IsListedWithItsPolicy_AndRestoresLikeAnyOther()
    {
        await using var w = await FollowerWorld.CreateAsync();
        var j = w.Journey;
        await w.Portal.StartExecutorAsync();
        var (protection, _) = await w.ProtectAsync("shop-frontend", await w.PolicyAsync("gold"));
        var scheduled = await Eventually.UntilAsync(() => Task.FromResult(j.Cluster.Store.List("velero.io/v1", "Backup", "velero")
                .FirstOrDefault(b => (string?)b["metadata"]!["labels"]?["velero.io/schedule-name"] == protection.ScheduleName)),
            b => (string?)b["status"]?["phase"] == "Completed", "the Schedule's first backup");
        var name = (string)scheduled["metadata"]!["name"]!;

        j.As(j.Owner);
        var listed = JourneyWorld.Ok(await w.Portal.RunAsync<ListNamespaceBackups, Result<IReadOnlyList<NamespaceBackupView>>>(u =>
            u.HandleAsync(new ListNamespaceBackupsQuery(j.NamespaceId))));
        var row = Assert.Single(listed, b => b.Name == name);
        Assert.Equal("gold", row.PolicyName);
        Assert.Equal("Protection policy gold", row.Origin);
        Assert.True(row.Restorable);
        // The seeded daily Schedule is nobody's policy: listed as before.
        Assert.Contains(listed, b => b.PolicyName is null && b.Origin == "Velero schedule daily");

        var restoreId = JourneyWorld.Ok(await w.Portal.RunAsync<SubmitRestoreRequest, Result<Guid>>(u =>
            u.HandleAsync(new SubmitRestoreRequestCommand(j.NamespaceId, name, "shop-frontend-drill", ExistingResourcePolicy.None, true, "drill"))));
        j.As(j.Sre);
        JourneyWorld.Ok(await w.Portal.RunAsync<DecideOnRequest, Result<RequestStatus>>(u => u.HandleAsync(new DecideOnRequestCommand(restoreId, true, "ok"))));
        var restore = await j.WaitForAsync(restoreId);
        Assert.Equal(RequestStatus.Succeeded, restore.Summary.Status);
    }
}
