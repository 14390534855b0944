using Portal.Application.Common;
using Portal.Application.Features.Protection.Namespaces;
using Portal.Domain.Protection;
using Portal.Domain.Requests;
using Portal.Execution.Protection;
using Portal.IntegrationTests.Support;
using Portal.TestSupport;
using static Portal.IntegrationTests.Protection.ProtectionWorld;

namespace Portal.IntegrationTests.Protection;

/// <summary>An owner protects a namespace and lives with it: change policy, pause until a time (the portal resumes it),
/// resume, back up now, remove. Each step is a request through approval and the executor, and each is checked on the
/// simulated cluster's one Schedule and in the protection row.</summary>
public class NamespaceProtectionJourneyTests
{
    [Fact]
    public async Task Protect_ChangePausedUntilResumeBackUpNowRemove_KeepsExactlyOneScheduleInStep()
    {
        await using var w = await JourneyWorld.CreateAsync();
        var gold = await PolicyAsync(w, "gold", "0 * * * *");
        var bronze = await PolicyAsync(w, "bronze", "0 2 * * *");
        await w.Portal.StartExecutorAsync();

        // Protect: nothing exists until approved and carried out.
        w.As(w.Owner);
        var view = JourneyWorld.Ok(await w.Portal.RunAsync<GetNamespaceProtection, Result<NamespaceProtectionView>>(u =>
            u.HandleAsync(new GetNamespaceProtectionQuery(w.NamespaceId))));
        Assert.Null(view.Protection);
        Assert.Equal(["bronze", "gold"], view.Policies.Select(p => p.Name));
        var protect = JourneyWorld.Ok(await w.Portal.RunAsync<ProtectNamespace, Result<Guid>>(u =>
            u.HandleAsync(new ProtectNamespaceCommand(w.NamespaceId, gold.Id))));
        Assert.Equal(0, await ProtectionCountAsync(w));
        var again = await w.Portal.RunAsync<ProtectNamespace, Result<Guid>>(u => u.HandleAsync(new ProtectNamespaceCommand(w.NamespaceId, bronze.Id)));
        Assert.Contains("still open", again.Error!.Message);
        await ApproveAsync(w, protect);
        var done = await w.WaitForAsync(protect);
        Assert.Equal(RequestStatus.Succeeded, done.Summary.Status);
        Assert.Contains(done.Timeline, t => t.Title.StartsWith("Creating Velero Schedule portal-protect-", StringComparison.Ordinal));

        var id = protect; // the protection takes the id of the request that made it
        var schedule = Schedule(w, id)!;
        Assert.NotNull(schedule);
        Assert.Equal("CRON_TZ=Europe/Berlin 0 * * * *", schedule["spec"]!["schedule"]!.GetValue<string>());
        Assert.Equal("webshop", Label(schedule, "kubernetes-portal.io/tenant"));
        Assert.Equal(protect.ToString(), Label(schedule, "kubernetes-portal.io/request-id"));
        Assert.Equal(id.ToString("N"), Label(schedule, "kubernetes-portal.io/protection-id"));
        Assert.Equal("shop-frontend", schedule["spec"]!["template"]!["includedNamespaces"]![0]!.GetValue<string>());
        Assert.Equal("flush", schedule["spec"]!["template"]!["hooks"]!["resources"]![0]!["name"]!.GetValue<string>());
        var row = (await ProtectionAsync(w, id))!;
        Assert.Equal(("gold", ProtectionState.Active, false), (row.PolicyName, row.State, row.Paused));
        Assert.Equal(SpecHash(schedule), row.AppliedSpecHash);

        // Its scheduled backups carry the portal's labels through the template.
        await Eventually.TrueAsync(() => w.Cluster.Store.List("velero.io/v1", "Backup", "velero")
            .Any(b => Label(b, "velero.io/schedule-name") == row.ScheduleName), "a scheduled backup of the protection");
        var scheduled = w.Cluster.Store.List("velero.io/v1", "Backup", "velero").First(b => Label(b, "velero.io/schedule-name") == row.ScheduleName);
        Assert.Equal(id.ToString("N"), Label(scheduled, "kubernetes-portal.io/protection-id"));
        Assert.Equal("webshop", Label(scheduled, "kubernetes-portal.io/tenant"));

        // Change policy: the same Schedule, changed in place.
        w.As(w.Owner);
        var change = JourneyWorld.Ok(await w.Portal.RunAsync<ChangeNamespacePolicy, Result<Guid>>(u => u.HandleAsync(new ChangeNamespacePolicyCommand(id, bronze.Id))));
        await ApproveAsync(w, change);
        Assert.Equal(RequestStatus.Succeeded, (await w.WaitForAsync(change)).Summary.Status);
        Assert.Equal("CRON_TZ=Europe/Berlin 0 2 * * *", Schedule(w, id)!["spec"]!["schedule"]!.GetValue<string>());
        Assert.Equal(1, PortalSchedules(w));
        row = (await ProtectionAsync(w, id))!;
        Assert.Equal(("bronze", change), (row.PolicyName, row.LastRequestId!.Value));
        Assert.Equal(SpecHash(Schedule(w, id)!), row.AppliedSpecHash);

        // Pause until a moment from now: paused on the cluster, then resumed by the portal itself, once.
        w.As(w.Owner);
        var bad = await w.Portal.RunAsync<PauseProtection, Result<Guid>>(u => u.HandleAsync(new PauseProtectionCommand(id, "maintenance", DateTimeOffset.UtcNow.AddMinutes(-1))));
        Assert.Contains("must end in the future", bad.Error!.Message);
        var noReason = await w.Portal.RunAsync<PauseProtection, Result<Guid>>(u => u.HandleAsync(new PauseProtectionCommand(id, " ", null)));
        Assert.Contains("Say why", noReason.Error!.Message);
        var until = DateTimeOffset.UtcNow.AddSeconds(4);
        var pause = JourneyWorld.Ok(await w.Portal.RunAsync<PauseProtection, Result<Guid>>(u => u.HandleAsync(new PauseProtectionCommand(id, "database maintenance", until))));
        await ApproveAsync(w, pause);
        Assert.Equal(RequestStatus.Succeeded, (await w.WaitForAsync(pause)).Summary.Status);
        Assert.True(Schedule(w, id)!["spec"]!["paused"]!.GetValue<bool>());
        row = (await ProtectionAsync(w, id))!;
        Assert.Equal((true, "Alice Owner", "database maintenance"), (row.Paused, row.PausedBy, row.PauseReason));
        Assert.Equal(0, await PauseExpiryService.RunOnceAsync(Scopes(w), default)); // not yet
        await Task.Delay(until - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, await PauseExpiryService.RunOnceAsync(Scopes(w), default));
        Assert.Equal(0, await PauseExpiryService.RunOnceAsync(Scopes(w), default)); // once per pause
        var resumeId = await LatestRequestAsync(w);
        var resumed = await w.WaitForAsync(resumeId);
        Assert.Equal(RequestStatus.Succeeded, resumed.Summary.Status);
        Assert.Equal(ResumeExpiredPauses.Actor, resumed.Summary.RequestedBy);
        Assert.False(Schedule(w, id)!["spec"]!["paused"]!.GetValue<bool>());
        Assert.False((await ProtectionAsync(w, id))!.Paused);
        Assert.Contains("protection.resume-requested", await w.AuditActionsAsync(id.ToString()));

        // Pause until someone resumes, and resume by hand.
        w.As(w.Owner);
        var pause2 = JourneyWorld.Ok(await w.Portal.RunAsync<PauseProtection, Result<Guid>>(u => u.HandleAsync(new PauseProtectionCommand(id, "migration", null))));
        await ApproveAsync(w, pause2);
        await w.WaitForAsync(pause2);
        Assert.True(Schedule(w, id)!["spec"]!["paused"]!.GetValue<bool>());
        w.As(w.Owner);
        var resume = JourneyWorld.Ok(await w.Portal.RunAsync<ResumeProtection, Result<Guid>>(u => u.HandleAsync(new ResumeProtectionCommand(id))));
        await ApproveAsync(w, resume);
        Assert.Equal(RequestStatus.Succeeded, (await w.WaitForAsync(resume)).Summary.Status);
        Assert.False(Schedule(w, id)!["spec"]!["paused"]!.GetValue<bool>());

        // Back up now: a backup from the template, with the schedule label, followed to its end.
        w.As(w.Owner);
        var now = JourneyWorld.Ok(await w.Portal.RunAsync<BackUpNow, Result<Guid>>(u => u.HandleAsync(new BackUpNowCommand(id))));
        // approved by policy, as a namespace backup is
        Assert.Equal(RequestStatus.Succeeded, (await w.WaitForAsync(now)).Summary.Status);
        var manual = w.Cluster.Store.Get("velero.io/v1", "Backup", "velero", $"portal-now-{now:N}")!;
        Assert.Equal(row.ScheduleName, Label(manual, "velero.io/schedule-name"));
        Assert.Equal(now.ToString(), Label(manual, "kubernetes-portal.io/request-id"));
        Assert.Equal("shop-frontend", manual["spec"]!["includedNamespaces"]![0]!.GetValue<string>());

        // Remove: typed confirmation, then the Schedule goes; its backups stay.
        w.As(w.Owner);
        var wrong = await w.Portal.RunAsync<RemoveProtection, Result<Guid>>(u => u.HandleAsync(new RemoveProtectionCommand(id, "shop")));
        Assert.Contains("Type shop-frontend", wrong.Error!.Message);
        var remove = JourneyWorld.Ok(await w.Portal.RunAsync<RemoveProtection, Result<Guid>>(u => u.HandleAsync(new RemoveProtectionCommand(id, "shop-frontend"))));
        await ApproveAsync(w, remove);
        Assert.Equal(RequestStatus.Succeeded, (await w.WaitForAsync(remove)).Summary.Status);
        Assert.Null(Schedule(w, id));
        Assert.Equal(ProtectionState.Removed, (await ProtectionAsync(w, id))!.State);
        Assert.NotNull(w.Cluster.Store.Get("velero.io/v1", "Backup", "velero", $"portal-now-{now:N}"));
    }

    [Fact]
    public async Task RejectedProtection_LeavesNoProtectionAndNoSchedule()
    {
        await using var w = await JourneyWorld.CreateAsync();
        var gold = await PolicyAsync(w, "gold");
        await w.Portal.StartExecutorAsync();
        w.As(w.Owner);
        var protect = JourneyWorld.Ok(await w.Portal.RunAsync<ProtectNamespace, Result<Guid>>(u => u.HandleAsync(new ProtectNamespaceCommand(w.NamespaceId, gold.Id))));

        await ApproveAsync(w, protect, approve: false);

        Assert.Equal(RequestStatus.Rejected, (await w.WaitForAsync(protect)).Summary.Status);
        Assert.Equal(0, await ProtectionCountAsync(w));
        Assert.Equal(0, PortalSchedules(w));
        w.As(w.Owner);
        var view = JourneyWorld.Ok(await w.Portal.RunAsync<GetNamespaceProtection, Result<NamespaceProtectionView>>(u =>
            u.HandleAsync(new GetNamespaceProtectionQuery(w.NamespaceId))));
        Assert.Null(view.Protection);
        Assert.Empty(view.OpenRequests);
    }

    [Fact]
    public async Task Protect_WithAPolicyNotGrantedToTheTenant_IsRefusedInWords()
    {
        await using var w = await JourneyWorld.CreateAsync();
        var secret = await PolicyAsync(w, "platinum", grant: false);
        w.As(w.Owner);

        var refused = await w.Portal.RunAsync<ProtectNamespace, Result<Guid>>(u => u.HandleAsync(new ProtectNamespaceCommand(w.NamespaceId, secret.Id)));

        Assert.Equal(ErrorKind.Validation, refused.Error!.Kind);
        Assert.Contains("its tenant may not use that one", refused.Error.Message);
    }

    [Fact]
    public async Task Remove_WhileTheTenantHasAMinimum_IsRefusedNamingItAndWhoMayLiftIt()
    {
        await using var w = await JourneyWorld.CreateAsync();
        var gold = await PolicyAsync(w, "gold");
        await w.Portal.StartExecutorAsync();
        w.As(w.Owner);
        var protect = JourneyWorld.Ok(await w.Portal.RunAsync<ProtectNamespace, Result<Guid>>(u => u.HandleAsync(new ProtectNamespaceCommand(w.NamespaceId, gold.Id))));
        await ApproveAsync(w, protect);
        await w.WaitForAsync(protect);
        await using (var db = await w.Portal.OpenAllAsync())
        {
            var tenant = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.Tenants, t => t.Id == w.TenantId);
            tenant.RequireProtection(gold.Id);
            await db.SaveChangesAsync();
        }

        w.As(w.Owner);
        var refused = await w.Portal.RunAsync<RemoveProtection, Result<Guid>>(u => u.HandleAsync(new RemoveProtectionCommand(protect, "shop-frontend")));

        Assert.Contains("gold or better", refused.Error!.Message);
        Assert.Contains("platform engineer", refused.Error.Message);
        Assert.NotNull(Schedule(w, protect));
        var view = JourneyWorld.Ok(await w.Portal.RunAsync<GetNamespaceProtection, Result<NamespaceProtectionView>>(u =>
            u.HandleAsync(new GetNamespaceProtectionQuery(w.NamespaceId))));
        Assert.True(view.Minimum!.Met);
    }

    [Fact]
    public async Task PutBack_AfterSomeoneDeletedTheSchedule_WritesItAgainAsThePortalWroteIt()
    {
        await using var w = await JourneyWorld.CreateAsync();
        var gold = await PolicyAsync(w, "gold");
        await w.Portal.StartExecutorAsync();
        w.As(w.Owner);
        var id = JourneyWorld.Ok(await w.Portal.RunAsync<ProtectNamespace, Result<Guid>>(u => u.HandleAsync(new ProtectNamespaceCommand(w.NamespaceId, gold.Id))));
        await ApproveAsync(w, id);
        await w.WaitForAsync(id);
        var written = (await ProtectionAsync(w, id))!.AppliedSpecHash;
        w.As(w.Owner);
        var nothingToDo = await w.Portal.RunAsync<PutBackSchedule, Result<Guid>>(u => u.HandleAsync(new PutBackScheduleCommand(id)));
        Assert.Contains("nothing to put back", nothingToDo.Error!.Message);

        // Someone deletes it with kubectl; the follower (not this test's subject) records the drift.
        Assert.NotNull(w.Cluster.Store.Delete("velero.io/v1", "Schedule", "velero", $"portal-protect-{id:N}"));
        await using (var db = await w.Portal.OpenAllAsync())
        {
            var row = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.FirstAsync(db.NamespaceProtections, p => p.Id == id);
            row.RecordDrift(ScheduleDrift.Missing, "the Schedule is gone from the cluster", DateTimeOffset.UtcNow);
            await db.SaveChangesAsync();
        }
        w.As(w.Owner);
        var backUp = await w.Portal.RunAsync<BackUpNow, Result<Guid>>(u => u.HandleAsync(new BackUpNowCommand(id)));
        Assert.Contains("put it back first", backUp.Error!.Message);

        var putBack = JourneyWorld.Ok(await w.Portal.RunAsync<PutBackSchedule, Result<Guid>>(u => u.HandleAsync(new PutBackScheduleCommand(id))));
        await ApproveAsync(w, putBack);

        Assert.Equal(RequestStatus.Succeeded, (await w.WaitForAsync(putBack)).Summary.Status);
        var schedule = Schedule(w, id)!;
        Assert.Equal("CRON_TZ=Europe/Berlin 0 * * * *", schedule["spec"]!["schedule"]!.GetValue<string>());
        var after = (await ProtectionAsync(w, id))!;
        Assert.Equal((ScheduleDrift.None, putBack), (after.Drift, after.LastRequestId!.Value));
        Assert.Equal(SpecHash(schedule), after.AppliedSpecHash);
        Assert.NotNull(written);
    }

    private static async Task<Guid> LatestRequestAsync(JourneyWorld w)
    {
        await using var db = await w.Portal.OpenAllAsync();
        return Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.ToListAsync(db.Requests).Result
            .OrderByDescending(r => r.CreatedAt).First().Id;
    }
}
