using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Features.Access;
using Portal.Domain.Clusters;
using Portal.Domain.Moves;
using Portal.Domain.Protection;
using Portal.Moves.Preflight;
using Portal.Web.Components.Pages.Clusters;
using Portal.Web.Components.Pages.Recovery;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>"Recover cluster ...": offered on a lost cluster's page, the plan built from the portal's records and the
/// replacement, the namespaces that cannot come back said so, and the plan created.</summary>
public sealed class ClusterRecoveryPageTests : MigrationTestContext
{
    private async Task LoseProdEastAsync(bool withBackup = true)
    {
        await SeedMigrationPeopleAsync();
        await using var db = await OpenAllAsync();
        var now = DateTimeOffset.UtcNow;
        var lost = await db.Clusters.FirstAsync(c => c.Id == SourceId);
        lost.RecordHealth(ClusterHealth.Unreachable, "connection refused", null, now);
        var replacement = await db.Clusters.FirstAsync(c => c.Id == TargetId);
        replacement.RecordHealth(ClusterHealth.Reachable, null, "v1.31.0", now);
        replacement.RecordCapabilities(new ClusterCapabilities { VeleroInstalled = true, VeleroNamespace = "velero" });
        if (withBackup)
        {
            db.ObservedBackups.Add(new ObservedBackup(SourceId, "daily-20261120", now)
            {
                TenantId = TenantId, Phase = "Completed", IncludedNamespaces = ["shop"], ExcludedNamespaces = [], StorageLocation = "default",
                StartedAt = now.AddHours(-5), CompletedAt = now.AddHours(-4), Expiration = now.AddDays(25),
            });
        }
        await db.SaveChangesAsync();
        ((FakeMigrationGateway)Services.GetRequiredService<IMigrationClusterGateway>()).Facts = new TargetClusterFacts
        {
            BackupLocations = [new BackupLocationFact("default", "aws", "velero-prod-east", "backups", "Available", "ReadOnly")],
        };
    }

    private async Task<MyAccess> AccessOfAsync() =>
        (await Services.GetRequiredService<GetMyAccess>().HandleAsync(new GetMyAccessQuery())).ValueOrThrow();

    [Fact]
    public async Task ClusterPage_LostCluster_OffersRecoveryToPlatformEngineers_NotToOwners()
    {
        await LoseProdEastAsync();
        Principal.Current = Priya;
        var priyas = await AccessOfAsync();
        var cut = Render<ClusterDetails>(p => p.Add(x => x.Id, SourceId).AddCascadingValue(priyas));
        var button = cut.WaitForElement("[data-testid=recover-cluster]");
        Assert.Equal($"/clusters/{SourceId}/recover", button.GetAttribute("href"));
        Assert.Contains("Recover cluster prod-east", button.TextContent);

        Principal.Current = Alice;
        var alices = await AccessOfAsync();
        var owner = Render<ClusterDetails>(p => p.Add(x => x.Id, SourceId).AddCascadingValue(alices));
        owner.WaitForAssertion(() => Assert.Empty(owner.FindAll("[data-testid=recover-cluster]")));
    }

    [Fact]
    public async Task RecoverPage_ReplacementChosen_ListsTheBackupAndRpo_ThenCreatesThePlan()
    {
        await LoseProdEastAsync();
        Principal.Current = Priya;
        var cut = Render<RecoverCluster>(p => p.Add(x => x.Id, SourceId));
        cut.WaitForElement("[data-testid=lost]");
        var select = cut.FindComponent<MudSelect<Guid?>>();
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(TargetId));

        cut.WaitForElement("[data-testid=recoverable-shop]");
        var table = cut.Find("[data-testid=recovery-candidates]").TextContent;
        Assert.Contains("daily-20261120", table);
        Assert.Contains("the replacement lists it", table);
        cut.Find("[data-testid=create-recovery-plan]").Click();

        cut.WaitForAssertion(() => Assert.Contains("/migrations/", Services.GetRequiredService<BunitNavigationManager>().Uri));
        await using var db = await OpenAllAsync();
        var plan = await db.MigrationPlans.AsNoTracking().SingleAsync(p => p.Purpose == MigrationPlanPurpose.Recovery);
        Assert.EndsWith($"/migrations/{plan.Id}", Services.GetRequiredService<BunitNavigationManager>().Uri);
        var app = await db.MigrationApplications.AsNoTracking().SingleAsync(a => a.PlanId == plan.Id);
        Assert.Equal("daily-20261120", app.Recovery!.BackupName);

        // The plan's page says it is a recovery, and the board shows what each application is restored from.
        var page = Render<Portal.Web.Components.Pages.Moves.MigrationPlanPage>(p => p.Add(x => x.PlanId, plan.Id));
        page.WaitForElement("[data-testid=plan-recovery]");
        Assert.Contains("(never contacted)", page.Markup);
        Assert.Contains("From backup daily-20261120", page.Find("[data-testid=app-data-loss]").TextContent);
    }

    [Fact]
    public async Task RecoverPage_GitOpsObjectRecordedWhileTheClusterAnswered_SaysItIsReCreatedOnTheReplacement()
    {
        await LoseProdEastAsync();
        await using (var db = await OpenAllAsync())
        {
            db.ObservedGitOpsObjects.Add(new ObservedGitOpsObject(SourceId, TenantId, "shop", GitOpsKind.ArgoCdApplication, "shop", "argocd")
            {
                ObjectJson = """{"apiVersion":"argoproj.io/v1alpha1","kind":"Application","metadata":{"name":"shop","namespace":"argocd"},"spec":{}}""",
                ObservedAt = DateTimeOffset.UtcNow.AddMinutes(-30),
            });
            await db.SaveChangesAsync();
        }
        Principal.Current = Priya;
        var cut = Render<RecoverCluster>(p => p.Add(x => x.Id, SourceId));
        cut.WaitForElement("[data-testid=lost]");
        var select = cut.FindComponent<MudSelect<Guid?>>();
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(TargetId));

        cut.WaitForElement("[data-testid=recoverable-shop]");
        var table = cut.Find("[data-testid=recovery-candidates]").TextContent;
        Assert.Contains("Argo CD Application argocd/shop", table);
        Assert.Contains("Re-created on", table);
        Assert.Contains("after the data is restored", table);
        Assert.DoesNotContain("never recorded its spec", table);
    }

    [Fact]
    public async Task PlanPage_RecoveredApplication_ShowsItsDataLoss_AndTheNamespacesThatCannotComeBack()
    {
        await LoseProdEastAsync();
        var now = DateTimeOffset.UtcNow;
        Guid planId;
        await using (var db = await OpenAllAsync())
        {
            var plan = MigrationPlan.ForRecovery("Rebuild prod-east", null, SourceId, TargetId,
                [new UnrecoverableNamespace(TenantId, "legacy-app", "The portal never saw a completed, unexpired backup of legacy-app on prod-east.")], Priya.UserId, "Priya", now);
            var wave = new MigrationWave(plan.Id, 1, "Webshop", now.AddMinutes(-5), now.AddHours(1), 1, now);
            var app = new MigrationApplication(plan, wave, TenantId, "shop", "shop", null, now);
            app.PlanRecovery(wave, new RecoveryPoint("daily-20261120", "default", now.AddHours(-2), "Met", true),
                new ApplicationClassification(false, false, false, false, "recovered from backup", [], [], []), [], now);
            app.Schedule(Guid.NewGuid(), now);
            app.MarkMoved(now.AddMinutes(15));
            db.MigrationPlans.Add(plan);
            db.MigrationWaves.Add(wave);
            db.MigrationApplications.Add(app);
            await db.SaveChangesAsync();
            planId = plan.Id;
        }
        Principal.Current = Alice; // the owner sees her own namespace's recovery
        var page = Render<Portal.Web.Components.Pages.Moves.MigrationPlanPage>(p => p.Add(x => x.PlanId, planId));
        page.WaitForElement("[data-testid=app-data-loss]");
        Assert.Contains("Data lost: 2 h 15 min", page.Find("[data-testid=app-data-loss]").TextContent);
        Assert.Contains("legacy-app", page.Find("[data-testid=plan-unrecoverable]").TextContent);
    }

    [Fact]
    public async Task RecoverPage_NoBackup_SaysTheNamespaceCannotBeRecovered_AndOffersNoPlan()
    {
        await LoseProdEastAsync(withBackup: false);
        Principal.Current = Priya;
        var cut = Render<RecoverCluster>(p => p.Add(x => x.Id, SourceId));
        cut.WaitForElement("[data-testid=lost]");
        var select = cut.FindComponent<MudSelect<Guid?>>();
        await cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(TargetId));

        cut.WaitForElement("[data-testid=unrecoverable-shop]");
        Assert.Contains("never saw a completed", cut.Find("[data-testid=recovery-candidates]").TextContent);
        Assert.True(cut.Find("[data-testid=create-recovery-plan]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task RecoverPage_ClusterThatAnswers_IsNotRecovered()
    {
        await SeedMigrationPeopleAsync();
        Principal.Current = Priya;
        var cut = Render<RecoverCluster>(p => p.Add(x => x.Id, SourceId));
        cut.WaitForElement("[data-testid=not-lost]");
        Assert.Empty(cut.FindAll("[data-testid=replacement]"));
    }

    [Fact]
    public async Task RecoverPage_Owner_IsRefusedInWords()
    {
        await LoseProdEastAsync();
        Principal.Current = Alice;
        var cut = Render<RecoverCluster>(p => p.Add(x => x.Id, SourceId));
        cut.WaitForAssertion(() => Assert.Contains("Only SREs and platform engineers", cut.Markup));
        Assert.Empty(cut.FindAll("[data-testid=replacement]"));
    }
}
