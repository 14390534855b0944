using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Access;
using Portal.Application.Features.Databases;
using Portal.Application.Security;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Web.Components.Pages.Databases;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class DatabaseDetailsPageTests : DatabaseTestContext
{
    private IRenderedComponent<DatabaseDetailsPage> RenderPageAs(CurrentPrincipal who, Guid databaseId)
    {
        Principal.Current = who;
        var cut = Render<DatabaseDetailsPage>(p => p.Add(x => x.Id, databaseId));
        cut.WaitForElement("[data-testid=database-title]");
        return cut;
    }

    private static void WaitForDumps(IRenderedComponent<DatabaseDetailsPage> cut, int count) =>
        cut.WaitForAssertion(() => Assert.Equal(count, cut.FindAll("[data-testid=dumps-table] [data-testid=dump-status]").Count));

    [Fact]
    public async Task Render_ScheduleAndDumps_ShowsFactsScheduleAndDumpsButNoSecretValue()
    {
        var id = await RegisterShopDbAsync();
        var schedule = await CreateScheduleAsync(id);
        await AddDumpAsync(schedule, TimeSpan.FromHours(2), sizeBytes: 1_572_864, took: TimeSpan.FromSeconds(95));

        var cut = RenderPageAs(Dan, id);

        Assert.Contains("PostgreSQL 16", cut.Find("[data-testid=database-facts] [data-testid=database-engine]").TextContent);
        Assert.Contains("prod-east / shop", cut.Find("[data-testid=database-location]").TextContent);
        Assert.Contains("shop-db-rw.shop.svc:5432", cut.Find("[data-testid=database-host]").TextContent);
        Assert.Contains("shop-db-app", cut.Find("[data-testid=database-secret]").TextContent);
        var card = cut.Find("[data-testid=schedule-card][data-schedule=nightly]");
        Assert.Equal("Active", card.QuerySelector("[data-testid=schedule-state]")!.GetAttribute("data-state"));
        Assert.Contains("pg_dump Custom, cron 0 2 * * * Etc/UTC, volume claim nightly-dumps", card.QuerySelector("[data-testid=schedule-summary]")!.TextContent);
        Assert.Contains("portal-dump-", card.QuerySelector("[data-testid=schedule-object]")!.TextContent);
        Assert.Equal(5, card.QuerySelectorAll("[data-testid=schedule-next-run]").Length);
        WaitForDumps(cut, 1);
        Assert.Equal("Succeeded", cut.Find("[data-testid=dump-status]").GetAttribute("data-status"));
        Assert.Equal("1.5 MiB", cut.Find("[data-testid=dump-size]").TextContent.Trim());
        Assert.Equal("1 min 35 s", cut.Find("[data-testid=dump-duration]").TextContent.Trim());
        Assert.Contains("pg_dump (PostgreSQL) 16.4", cut.Find("[data-testid=dump-tool]").TextContent);
        Assert.DoesNotContain(FakeDatabaseWorkloadGateway.SecretPasswordValue, cut.Markup);
        Assert.DoesNotContain("pgpass", cut.Markup);
    }

    [Fact]
    public async Task Render_FailedDump_ShowsTheToolsErrorTextInFull()
    {
        var id = await RegisterShopDbAsync();
        var schedule = await CreateScheduleAsync(id);
        await AddDumpAsync(schedule, TimeSpan.FromMinutes(10), error: ToolError);

        var cut = RenderPageAs(Dan, id);

        WaitForDumps(cut, 1);
        Assert.Equal("Failed", cut.Find("[data-testid=dump-status]").GetAttribute("data-status"));
        Assert.Equal(ToolError, cut.Find("[data-testid=dump-error] pre").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=restore-dump]"));
    }

    [Fact]
    public async Task Render_NoGoodDumpAndAnRpoTarget_WarnsThatTheTargetIsNotMet()
    {
        var id = await RegisterShopDbAsync();
        var schedule = await CreateScheduleAsync(id);
        await AddDumpAsync(schedule, TimeSpan.FromMinutes(10), error: ToolError);
        Principal.Current = Dan;
        (await Services.GetRequiredService<SetDatabaseRpo>().HandleAsync(new SetDatabaseRpoCommand(id, 60))).ValueOrThrow();

        var cut = RenderPageAs(Dan, id);

        var warning = cut.Find("[data-testid=rpo-warning]");
        Assert.Equal("True", warning.GetAttribute("data-breached"));
        Assert.Contains("no successful dump of shop-db yet: the RPO target of 1 hour is not met", TextOf(warning));
    }

    [Fact]
    public async Task Render_NewestGoodDumpOlderThanRpo_WarnsWithItsAge()
    {
        var id = await RegisterShopDbAsync();
        var schedule = await CreateScheduleAsync(id);
        await AddDumpAsync(schedule, TimeSpan.FromHours(5));
        Principal.Current = Dan;
        (await Services.GetRequiredService<SetDatabaseRpo>().HandleAsync(new SetDatabaseRpoCommand(id, 120))).ValueOrThrow();

        var cut = RenderPageAs(Dan, id);

        var warning = cut.Find("[data-testid=rpo-warning]");
        Assert.Contains("is 5 hours old, older than its RPO target of 2 hours", TextOf(warning));
        Assert.Empty(cut.FindAll("[data-testid=rpo-ok]"));
    }

    [Fact]
    public async Task SetRpo_AsDan_SavesTheTargetAndTheBannerFollows()
    {
        var id = await RegisterShopDbAsync();
        var schedule = await CreateScheduleAsync(id);
        await AddDumpAsync(schedule, TimeSpan.FromMinutes(30));
        var cut = RenderPageAs(Dan, id);
        cut.Find("[data-testid=rpo-ok]");

        cut.Find("input[data-testid=rpo-amount], [data-testid=rpo-amount] input").Change("4");
        await cut.Find("[data-testid=rpo-save]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("within the RPO target of 4 hours", cut.Find("[data-testid=rpo-ok]").TextContent));
    }

    [Fact]
    public async Task Render_AsApplicationOwner_ShowsEverythingButNoManageActions()
    {
        var id = await RegisterShopDbAsync();
        var schedule = await CreateScheduleAsync(id);
        await AddDumpAsync(schedule, TimeSpan.FromHours(1));

        var cut = RenderPageAs(Alice, id);

        cut.Find("[data-testid=schedule-card]");
        WaitForDumps(cut, 1);
        foreach (var action in new[] { "new-schedule", "dump-now", "recovery-point", "suspend-schedule", "remove-schedule", "restore-dump", "rpo-setter" })
            Assert.Empty(cut.FindAll($"[data-testid={action}]"));
    }

    [Fact]
    public async Task Render_NoSucceededDumps_ChartsSayNothingToChartYet()
    {
        var id = await RegisterShopDbAsync();
        var schedule = await CreateScheduleAsync(id);
        await AddDumpAsync(schedule, TimeSpan.FromMinutes(5), error: ToolError);

        var cut = RenderPageAs(Dan, id);

        cut.Find("[data-testid=dump-charts-empty]");
        Assert.Empty(cut.FindAll("[data-testid=dump-charts]"));
    }

    [Fact]
    public async Task Render_SucceededDumps_ChartsSizeAndDurationOfEach()
    {
        var id = await RegisterShopDbAsync();
        var schedule = await CreateScheduleAsync(id);
        await AddDumpAsync(schedule, TimeSpan.FromDays(2));
        await AddDumpAsync(schedule, TimeSpan.FromDays(1), error: ToolError);
        await AddDumpAsync(schedule, TimeSpan.FromHours(1));

        var cut = RenderPageAs(Dan, id);

        Assert.Equal("2", cut.Find("[data-testid=dump-charts]").GetAttribute("data-points"));
        cut.Find("[data-testid=dump-size-chart]");
        cut.Find("[data-testid=dump-duration-chart]");
    }

    [Fact]
    public async Task DumpNow_AsDan_QueuesADumpRequestAndListsIt()
    {
        var id = await RegisterShopDbAsync();
        var schedule = await CreateScheduleAsync(id);
        var cut = RenderPageAs(Dan, id);

        await cut.Find("[data-testid=dump-now]").ClickAsync(new());

        var request = Assert.Single(await AllRequestsAsync(), r => r.Kind == RequestKind.DatabaseDump);
        Assert.Equal(RequestStatus.Queued, request.Status);
        Assert.Equal(schedule, request.ParametersAs<DatabaseDumpParameters>().ScheduleId);
        cut.WaitForAssertion(() => Assert.Contains("Dump shop-db now (schedule nightly)",
            cut.Find($"[data-testid=database-request][data-request-id='{request.Id}']").TextContent));
    }

    [Fact]
    public async Task Notify_DumpRecordedElsewhere_AppearsWithoutReload()
    {
        var id = await RegisterShopDbAsync();
        var schedule = await CreateScheduleAsync(id);
        await AddDumpAsync(schedule, TimeSpan.FromHours(3));
        var cut = RenderPageAs(Dan, id);
        WaitForDumps(cut, 1);

        await AddDumpAsync(schedule, TimeSpan.FromMinutes(1), sizeBytes: 2048);
        Services.GetRequiredService<IRequestStatusNotifier>().Notify(new RequestChange(TenantId, Guid.NewGuid(), RequestKind.DatabaseDump));

        WaitForDumps(cut, 2);
        cut.WaitForAssertion(() => // the page re-reads on its own time, not the notifier's
        {
            Assert.Equal("2 KiB", cut.FindAll("[data-testid=dump-size]")[0].TextContent.Trim());
            Assert.Contains("(2 in all)", cut.Find("[data-testid=dumps-total]").TextContent);
        });
    }

    [Fact]
    public async Task DatabaseActivity_ScheduledRunRecorded_AppearsWithoutReload()
    {
        var id = await RegisterShopDbAsync();
        var schedule = await CreateScheduleAsync(id);
        var cut = RenderPageAs(Dan, id);
        cut.Find("[data-testid=dumps-empty]");

        await AddDumpAsync(schedule, TimeSpan.FromMinutes(1), error: ToolError);
        Services.GetRequiredService<IDatabaseActivityNotifier>().Notify(new DatabaseActivityChange(TenantId, id));

        WaitForDumps(cut, 1);
        Assert.Equal(ToolError, cut.Find("[data-testid=dump-error] pre").TextContent);
    }

    [Fact]
    public async Task Remove_NameNotTyped_CannotBeConfirmed_TypedName_RemovesTheSchedule()
    {
        var id = await RegisterShopDbAsync();
        var schedule = await CreateScheduleAsync(id);
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderPageAs(Dan, id);

        var removing = cut.InvokeAsync(() => cut.Find("[data-testid=remove-schedule]").Click());
        var submit = dialogs.WaitForElement("[data-testid=remove-submit]");
        Assert.True(submit.HasAttribute("disabled"));
        dialogs.Find("input[data-testid=remove-confirm-name], [data-testid=remove-confirm-name] input").Input("nightl");
        dialogs.WaitForAssertion(() => Assert.True(dialogs.Find("[data-testid=remove-submit]").HasAttribute("disabled")));
        Assert.Equal(DumpScheduleState.Active, (await FindScheduleAsync(schedule)).State);

        dialogs.Find("input[data-testid=remove-confirm-name], [data-testid=remove-confirm-name] input").Input("nightly");
        dialogs.WaitForAssertion(() => Assert.False(dialogs.Find("[data-testid=remove-submit]").HasAttribute("disabled")));
        await dialogs.Find("[data-testid=remove-submit]").ClickAsync(new());
        await removing;

        Assert.Equal(DumpScheduleState.Removing, (await FindScheduleAsync(schedule)).State);
        var request = Assert.Single(await RequestsOfAsync(RequestKind.DumpScheduleChange), r => r.ParametersAs<DumpScheduleChangeParameters>().Action == DumpScheduleAction.Delete);
        Assert.Equal(DumpScheduleAction.Delete, request.ParametersAs<DumpScheduleChangeParameters>().Action);
        cut.WaitForAssertion(() => Assert.Equal("Removing", cut.Find("[data-testid=schedule-state]").GetAttribute("data-state")));
        Assert.Empty(cut.FindAll("[data-testid=dump-now]"));
    }

    [Fact]
    public async Task Suspend_AsDan_ShowsSuspendedAndOffersResume()
    {
        var id = await RegisterShopDbAsync();
        await CreateScheduleAsync(id);
        var cut = RenderPageAs(Dan, id);

        await cut.Find("[data-testid=suspend-schedule]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Equal("Suspended", cut.Find("[data-testid=schedule-state]").GetAttribute("data-state")));
        cut.Find("[data-testid=resume-schedule]");
        Assert.Contains("None while suspended", cut.Find("[data-testid=schedule-no-runs]").TextContent);
    }

    [Fact]
    public async Task Link_FromTheListPage_LeadsToTheDatabasePage()
    {
        var id = await RegisterShopDbAsync();
        Principal.Current = Dan;
        var access = (await Services.GetRequiredService<GetMyAccess>().HandleAsync(new GetMyAccessQuery())).ValueOrThrow();

        var cut = Render<DatabaseList>(p => p.AddCascadingValue(access));

        cut.WaitForAssertion(() => Assert.Equal($"/databases/{id}", cut.Find("[data-testid=database-link]").GetAttribute("href")));
    }
}
