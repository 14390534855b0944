using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;
using Portal.Domain.Recovery;
using Portal.Domain.Requests;
using Portal.Web.Components.Pages.Drills;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>The drills UI over the real use cases: the namespace's Drills panel (target RTO, run a drill, its checks, read-only for
/// owners), the drill page's states, the history with its chart and empty state, and the printable evidence.</summary>
public sealed class DrillPagesTests : PortalTestContext
{
    private Task<IPortalDbContext> OpenAsync() => Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);

    private static IElement Input<T>(IRenderedComponent<T> cut, string testId) where T : Microsoft.AspNetCore.Components.IComponent =>
        cut.Find($"input[data-testid={testId}], textarea[data-testid={testId}], [data-testid={testId}] input, [data-testid={testId}] textarea");

    private async Task<Guid> ClusterIdAsync()
    {
        await using var db = await OpenAsync();
        return (await db.TenantNamespaces.FirstAsync(n => n.Id == ShopNamespaceId)).ClusterId;
    }

    /// <summary>A drill of "shop" as the executor leaves it: passed in <paramref name="rto"/>, or failed with <paramref name="failure"/>.</summary>
    private async Task<RestoreDrill> DrillAsync(DateTimeOffset at, TimeSpan? rto, string? failure = null, TimeSpan? keep = null, TimeSpan? target = null,
        IReadOnlyList<DrillCheck>? checks = null, IReadOnlyList<DrillCheckResult>? results = null, bool running = false)
    {
        var cluster = await ClusterIdAsync();
        var d = new RestoreDrill(TenantId, cluster, "shop", cluster, null, DrillTrigger.OnDemand, null, Guid.NewGuid(), target ?? TimeSpan.FromMinutes(10),
            checks ?? [], keep, "Sam Reliability", at);
        if (failure is not null && !running)
        {
            d.Start(at);
            d.UseBackup("daily-20261120", at.AddHours(-2), at);
            d.RestoreStarted("r", at);
            d.Fail(failure, results, at.AddMinutes(5));
        }
        else if (rto is { } r)
        {
            d.Start(at);
            d.UseBackup("daily-20261120", at.AddHours(-2), at);
            d.RestoreStarted("r", at);
            d.Verifying(at + r / 2);
            d.Pass(at + r, results ?? []);
            if (keep is null) d.CleanedUp(at + r + TimeSpan.FromMinutes(1));
        }
        else if (running)
        {
            d.Start(at);
            d.UseBackup("daily-20261120", at.AddHours(-2), at);
            d.RestoreStarted("r", at);
            d.Verifying(at);
            d.SetStep("Waiting for Deployment web to be available (1 of 2 ready)", at);
        }
        await using var db = await OpenAsync();
        db.RestoreDrills.Add(d);
        await db.SaveChangesAsync();
        return d;
    }

    private IRenderedComponent<DrillsPanel> RenderPanelAs(CurrentPrincipal who)
    {
        Principal.Current = who;
        var cut = Render<DrillsPanel>(p => p.Add(x => x.TenantNamespaceId, ShopNamespaceId));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Instance.View));
        return cut;
    }

    [Fact]
    public void Owner_SeesTheTargetAndHistoryReadOnly_WithAnEmptyStateThatSaysWhoRunsTheFirstDrill()
    {
        var cut = RenderPanelAs(Alice);

        Assert.Equal("60 minutes", cut.Find("[data-testid=drills-target-rto-value]").TextContent);
        Assert.Contains("Only SREs and platform engineers run and schedule drills", cut.Find("[data-testid=drills-read-only]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=drills-run-panel]"));
        Assert.Empty(cut.FindAll("[data-testid=drills-target-rto-set]"));
        cut.WaitForAssertion(() => Assert.Contains("An SRE of this tenant runs the first drill", cut.Find("[data-testid=drill-history-empty]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=drill-rto-chart]"));
    }

    [Fact]
    public async Task Sre_SetsTheTargetRto_RefusingWhatIsNotAWholeNumberNextToTheField_AndClearsItBackToTheDefault()
    {
        var cut = RenderPanelAs(Sam);
        Assert.Contains("(the portal's default)", cut.Find("[data-testid=drills-target-rto]").TextContent);

        Input(cut, "drills-target-rto-input").Change("10 min");
        cut.WaitForAssertion(() => Assert.Contains("'10 min' is not a whole number", cut.Find("[data-testid=drills-target-rto]").TextContent));
        Assert.True(cut.Find("[data-testid=drills-target-rto-set]").HasAttribute("disabled"));

        Input(cut, "drills-target-rto-input").Change("15");
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=drills-target-rto-set]").HasAttribute("disabled")));
        await cut.Find("[data-testid=drills-target-rto-set]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Equal(TimeSpan.FromMinutes(15), cut.Instance.View!.OwnTargetRto));
        Assert.Equal("15 minutes", cut.Find("[data-testid=drills-target-rto-value]").TextContent);

        await cut.Find("[data-testid=drills-target-rto-clear]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Null(cut.Instance.View!.OwnTargetRto));
        await using var db = await OpenAsync();
        Assert.Equal(2, await db.AuditEvents.CountAsync(a => a.Action == "namespace.target-rto-set"));
    }

    [Fact]
    public async Task RunForm_ShowsEachChecksProblemNextToItsField_AndRunsTheDrillThroughTheRequestPipeline()
    {
        var cut = RenderPanelAs(Sam);
        await cut.InvokeAsync(() => cut.Instance.OnRunOpenedAsync(true));
        cut.Render();
        var form = cut.FindComponent<RunDrillForm>();
        cut.WaitForAssertion(() => Assert.NotNull(form.Instance.CanSubmit ? "" : null));

        await cut.Find("[data-testid=drill-check-add]").ClickAsync(new());
        Input(cut, "drill-check-service").Input("Web_Front");
        cut.WaitForAssertion(() => Assert.Contains("may contain only lower-case letters", cut.Find("[data-testid=drill-check-form]").TextContent));
        Assert.True(cut.Find("[data-testid=drill-run-submit]").HasAttribute("disabled"));

        Input(cut, "drill-check-service").Input("web");
        cut.WaitForAssertion(() => Assert.Contains("Give the service's port", cut.Find("[data-testid=drill-check-problem]").TextContent));
        Input(cut, "drill-check-port").Change("eighty");
        cut.WaitForAssertion(() => Assert.Contains("'eighty' is not a whole number", cut.Find("[data-testid=drill-check-form]").TextContent));
        Input(cut, "drill-check-port").Change("8080");
        Input(cut, "drill-check-path").Input("/healthz");
        Input(cut, "drill-run-keep").Change("999");
        cut.WaitForAssertion(() => Assert.Contains("at most 24 hours", cut.Find("[data-testid=drill-run-form]").TextContent));
        Assert.True(cut.Find("[data-testid=drill-run-submit]").HasAttribute("disabled")); // never quietly "not kept"
        Input(cut, "drill-run-keep").Change("4");
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=drill-run-submit]").HasAttribute("disabled")));

        await cut.Find("[data-testid=drill-run-submit]").ClickAsync(new());

        var request = Assert.Single(await AllRequestsAsync());
        Assert.Equal(RequestKind.RestoreDrill, request.Kind);
        await using var db = await OpenAsync();
        var drill = await db.RestoreDrills.SingleAsync();
        Assert.Equal(new DrillCheck(DrillCheckKind.HttpGet, "web", 8080, "/healthz", 200), Assert.Single(drill.Checks));
        Assert.Equal(TimeSpan.FromHours(4), drill.KeepForInspection);
        Assert.Null(drill.BackupName); // latest good, found when it runs
        Assert.EndsWith($"/drills/{drill.Id}", Services.GetRequiredService<BunitNavigationManager>().Uri);
    }

    [Fact]
    public async Task DrillPage_Passed_SlowerThanTarget_SaysSo_WithChecksAndCleanup()
    {
        var at = DateTimeOffset.UtcNow.AddHours(-1);
        var d = await DrillAsync(at, TimeSpan.FromMinutes(14), checks: [new DrillCheck(DrillCheckKind.HttpGet, "web", 80, "/", 200)],
            results: [new DrillCheckResult("GET http://web:80/ answers 200", true, "200 OK")]);
        Principal.Current = Alice;

        var cut = Render<DrillPage>(p => p.Add(x => x.Id, d.Id));
        cut.WaitForAssertion(() => Assert.NotNull(cut.Instance.Drill));

        Assert.Equal("Passed, slower than target", cut.Find("[data-testid=drill-status]").TextContent.Trim());
        Assert.Equal("14 minutes, slower than the target of 10 minutes", cut.Find("[data-testid=drill-rto]").TextContent);
        Assert.Contains("daily-20261120 (latest good), taken", cut.Find("[data-testid=drill-backup]").TextContent);
        Assert.Contains($"scratch namespace {d.ScratchNamespaceName}", cut.Find("[data-testid=drill-target]").TextContent);
        Assert.Contains("200 OK", cut.Find("[data-testid=drill-check]").TextContent);
        Assert.StartsWith("Removed at", cut.Find("[data-testid=drill-cleanup]").TextContent);
        Assert.Equal($"/requests/{d.RequestId}", cut.Find("[data-testid=drill-timeline]").GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=drill-clean-up-now]"));
    }

    [Fact]
    public async Task DrillPage_Failed_SaysWhatFailed_AndARunningOneShowsItsStepUntilItsRequestChanges()
    {
        var failed = await DrillAsync(DateTimeOffset.UtcNow.AddHours(-2), null, "Deployment web is not available (0 of 2 ready) after 10 minutes");
        var running = await DrillAsync(DateTimeOffset.UtcNow, null, running: true);

        var cut = Render<DrillPage>(p => p.Add(x => x.Id, failed.Id));
        cut.WaitForAssertion(() => Assert.Contains("What failed: Deployment web is not available (0 of 2 ready)", cut.Find("[data-testid=drill-failure]").TextContent));
        Assert.Contains("not measured", cut.Find("[data-testid=drill-rto]").TextContent);

        var live = Render<DrillPage>(p => p.Add(x => x.Id, running.Id));
        live.WaitForAssertion(() => Assert.Contains("Waiting for Deployment web to be available (1 of 2 ready)", live.Find("[data-testid=drill-step]").TextContent));
        await using (var db = await OpenAsync())
        {
            var row = await db.RestoreDrills.FirstAsync(x => x.Id == running.Id);
            row.Pass(DateTimeOffset.UtcNow, []);
            await db.SaveChangesAsync();
        }
        Services.GetRequiredService<IRequestStatusNotifier>().Notify(new RequestChange(TenantId, running.RequestId, RequestKind.RestoreDrill));
        live.WaitForAssertion(() => Assert.Equal("Passed", live.Find("[data-testid=drill-status]").TextContent.Trim()));
        Assert.Empty(live.FindAll("[data-testid=drill-step]"));
    }

    [Fact]
    public async Task DrillPage_ReReadsWhenItsRequestIsAnnounced_AndNeverOnATimer()
    {
        var running = await DrillAsync(DateTimeOffset.UtcNow, null, running: true);
        var live = Render<DrillPage>(p => p.Add(x => x.Id, running.Id));
        live.WaitForAssertion(() => Assert.Contains("Waiting for Deployment web", live.Find("[data-testid=drill-step]").TextContent));
        RestoreDrill row;
        await using (var db = await OpenAsync())
        {
            row = await db.RestoreDrills.FirstAsync(x => x.Id == running.Id);
            row.Pass(DateTimeOffset.UtcNow, []);
            await db.SaveChangesAsync();
        }

        await Task.Delay(TimeSpan.FromSeconds(4)); // longer than the poll the page once had: nothing re-reads on its own
        Assert.NotEqual("Passed", live.Find("[data-testid=drill-status]").TextContent.Trim());

        Services.GetRequiredService<IRequestStatusNotifier>().Notify(RequestChange.Of(row));
        live.WaitForAssertion(() => Assert.Equal("Passed", live.Find("[data-testid=drill-status]").TextContent.Trim()));
    }

    [Fact]
    public async Task DrillPage_Kept_OffersCleanUpNow_WhichEndsTheKeepForTheSweeper_AfterConfirmation()
    {
        var d = await DrillAsync(DateTimeOffset.UtcNow.AddMinutes(-30), TimeSpan.FromMinutes(3), keep: TimeSpan.FromHours(4));
        Principal.Current = Sam;
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<DrillPage>(p => p.Add(x => x.Id, d.Id));
        cut.WaitForAssertion(() => Assert.StartsWith("Kept for inspection until", cut.Find("[data-testid=drill-cleanup]").TextContent));

        var announced = 0;
        using var listening = Services.GetRequiredService<IRequestStatusNotifier>().Subscribe(RequestChangeFilter.Request(d.RequestId), () =>
        {
            Interlocked.Increment(ref announced);
            return Task.CompletedTask;
        });
        var asking = cut.InvokeAsync(() => cut.Find("[data-testid=drill-clean-up-now]").Click());
        await dialogs.WaitForElement("[data-testid=confirm-ok]").ClickAsync(new());
        await asking;
        // the drill's other open pages learn it through the drill's request
        cut.WaitForAssertion(() => Assert.True(Volatile.Read(ref announced) > 0, "the change of the drill was not announced"));

        await using var db = await OpenAsync();
        var row = await db.RestoreDrills.AsNoTracking().FirstAsync(x => x.Id == d.Id);
        Assert.True(row.DueForCleanup(DateTimeOffset.UtcNow));
        Assert.Equal(1, await db.AuditEvents.CountAsync(a => a.Action == "drill.clean-up-now"));
    }

    [Fact]
    public async Task History_ListsDrillsNewestFirst_PagedOnTheServer_WithTheRtoChartAgainstTheTarget()
    {
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < 12; i++) await DrillAsync(now.AddDays(-12 + i), TimeSpan.FromMinutes(5 + i));
        await DrillAsync(now.AddMinutes(-5), null, "claim data is Pending after 10 minutes");

        var cut = RenderPanelAs(Sam);

        cut.WaitForAssertion(() => Assert.Equal(10, cut.FindAll("[data-testid=drill-history-table] tbody tr").Count));
        var first = cut.FindAll("[data-testid=drill-history-table] tbody tr")[0];
        Assert.Contains("claim data is Pending", first.QuerySelector("[data-testid=drill-history-failure]")!.TextContent);
        Assert.Contains("16 minutes", cut.FindAll("[data-testid=drill-history-rto]")[1].TextContent);
        Assert.Contains("13", cut.Find(".mud-table-pagination").TextContent); // 13 drills in all
        Assert.Equal("12", cut.Find("[data-testid=drill-rto-chart]").GetAttribute("data-points"));
        Assert.Contains("12 passed (6 within their target), 1 failed (no RTO: not drawn)", cut.Find("[data-testid=drill-rto-chart-caption]").TextContent);
    }

    [Fact]
    public async Task EvidencePage_ListsEveryDrillOfThePeriod_WhoRanIt_AndWhenItWasGenerated_AndRefusesABadDate()
    {
        var now = DateTimeOffset.UtcNow;
        await DrillAsync(now.AddDays(-40), TimeSpan.FromMinutes(3));
        await DrillAsync(now.AddDays(-2), TimeSpan.FromMinutes(12));
        await DrillAsync(now.AddDays(-1), null, "check GET /healthz answered 503");
        Principal.Current = Alice;
        var nav = Services.GetRequiredService<BunitNavigationManager>();
        nav.NavigateTo($"/namespaces/{ShopNamespaceId}/drills/evidence?from={now.AddDays(-7):yyyy-MM-dd}");

        var cut = Render<DrillEvidencePage>(p => p.Add(x => x.Id, ShopNamespaceId));

        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=evidence-row]").Count));
        Assert.Contains($"Period: {now.AddDays(-7):yyyy-MM-dd} to now. 2 drills, 1 passed, 0 within their target RTO.", cut.Find("[data-testid=evidence-period]").TextContent);
        Assert.Contains("by Alice Owner", cut.Find("[data-testid=evidence-generated]").TextContent);
        var rows = cut.FindAll("[data-testid=evidence-row]");
        Assert.Contains("Sam Reliability", rows[0].TextContent);
        Assert.Contains("12 minutes", rows[0].TextContent);
        Assert.Contains("(missed)", rows[0].TextContent);
        Assert.Contains("check GET /healthz answered 503", rows[1].TextContent);
        Assert.Contains($"from={now.AddDays(-7):yyyy-MM-dd}", cut.Find("[data-testid=evidence-csv]").GetAttribute("href"));

        Input(cut, "evidence-from").Input("07/12/2026");
        cut.WaitForAssertion(() => Assert.Contains("'from' must be a date as yyyy-MM-dd", cut.Markup));
        Assert.True(cut.Find("[data-testid=evidence-show]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task PolicyDrills_PlatformEngineerSchedulesAPolicysDrills_SeesTheNextRuns_AndRemovesItAfterConfirmation()
    {
        var now = DateTimeOffset.UtcNow;
        var policy = new Portal.Domain.Protection.ProtectionPolicy("gold", Portal.Domain.Protection.ProtectionTarget.Namespace,
            new Portal.Domain.Protection.ProtectionPolicySettings("0 * * * *", "Etc/UTC", TimeSpan.FromDays(7), TimeSpan.FromHours(2),
                Portal.Domain.Protection.VolumeProtection.CsiSnapshots, null, [], []), "priya", now);
        CurrentPrincipal priya;
        await using (var db = await OpenAsync())
        {
            var user = new Portal.Domain.Access.PortalUser("dev:priya", "Priya Platform", "priya@platform.example");
            db.Users.Add(user);
            db.ScopeBindings.Add(new Portal.Domain.Access.ScopeBinding(Portal.Domain.Access.PrincipalKind.User, user.Id.ToString(),
                Portal.Domain.Access.Persona.PlatformEngineer, Portal.Domain.Access.ScopeKind.Estate, null));
            db.ProtectionPolicies.Add(policy);
            await db.SaveChangesAsync();
            priya = new CurrentPrincipal(user.Id.ToString(), user.DisplayName, user.Email, []);
        }
        Principal.Current = priya;
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<PolicyDrillsSection>(p => p.Add(x => x.PolicyId, policy.Id));
        cut.WaitForAssertion(() => cut.Find("[data-testid=drill-schedule-none]"));

        Input(cut, "cron-expression").Input("0 5 * * 0");
        cut.WaitForAssertion(() => Assert.Equal("0 5 * * 0", cut.FindComponent<DrillScheduleForm>().Instance.Cron)); // after the field's debounce
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=cron-run]").Count));
        Assert.Empty(cut.FindAll("[data-testid=drill-check-database]")); // a policy's drills run HTTP checks only
        await cut.Find("[data-testid=drill-schedule-save]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.Contains("Drills \"0 5 * * 0\" (Etc/UTC), next", cut.Find("[data-testid=drill-schedule-current]").TextContent.Trim()));
        await using (var db = await OpenAsync())
            Assert.Equal(policy.Id, (await db.DrillSchedules.SingleAsync()).PolicyId);

        Principal.Current = Alice; // an owner may not see, let alone change, a policy's drills
        var refused = Render<PolicyDrillsSection>(p => p.Add(x => x.PolicyId, policy.Id));
        refused.WaitForAssertion(() => refused.Find("[data-testid=policy-drills-error]"));
        Assert.Empty(refused.FindAll("[data-testid=drill-schedule-form]"));

        Principal.Current = priya;
        var removing = cut.InvokeAsync(() => cut.Find("[data-testid=drill-schedule-remove]").Click());
        await dialogs.WaitForElement("[data-testid=confirm-ok]").ClickAsync(new());
        await removing;
        await using (var db = await OpenAsync())
            Assert.Empty(await db.DrillSchedules.ToListAsync());
    }
}
