using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Features.Databases.Restores;
using Portal.Application.Features.Databases.Schedules;
using Portal.Application.Security;
using Portal.Domain.Requests;
using Portal.Web.Components.Pages.Approvals;
using Portal.Web.Components.Pages.Requests;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>The request page and the approval inbox for requests about a database.</summary>
public sealed class DatabaseRequestPagesTests : DatabaseTestContext
{
    private async Task<(Guid Database, Guid Schedule, Guid Artifact)> ShopDbWithADumpAsync()
    {
        var id = await RegisterShopDbAsync();
        var schedule = await CreateScheduleAsync(id);
        var artifact = await AddDumpAsync(schedule, TimeSpan.FromHours(1));
        return (id, schedule, artifact);
    }

    private async Task<Guid> AsDanAsync(Func<Task<Portal.Application.Common.Result<Guid>>> action)
    {
        Principal.Current = Dan;
        var id = (await action()).ValueOrThrow();
        Principal.Current = Alice;
        return id;
    }

    private Task<Guid> OverwriteAppAsync(Guid artifact) => AsDanAsync(() => Services.GetRequiredService<RestoreDump>()
        .HandleAsync(new RestoreDumpCommand(artifact, RestoreTarget.SameDatabase, Confirmation: "app", Reason: "roll back the bad migration")));

    private async Task RecordResultAsync(Guid requestId, string json)
    {
        await using var db = await OpenAllAsync();
        (await db.Requests.FirstAsync(r => r.Id == requestId)).RecordResult(json, DateTimeOffset.UtcNow);
        await db.SaveChangesAsync();
    }

    private IRenderedComponent<RequestDetailsPage> RenderRequestAs(CurrentPrincipal who, Guid id)
    {
        Principal.Current = who;
        var cut = Render<RequestDetailsPage>(p => p.Add(x => x.Id, id));
        cut.WaitForElement("[data-testid=request-status]");
        return cut;
    }

    [Fact]
    public async Task RequestPage_DatabaseOverwrite_NamesTheDatabaseAndTheDumpAndLinksBack()
    {
        var (database, _, artifact) = await ShopDbWithADumpAsync();
        var request = await OverwriteAppAsync(artifact);

        var cut = RenderRequestAs(Sam, request);

        Assert.Equal("Database overwrite of shop-db", cut.Find("[data-testid=request-title]").TextContent);
        Assert.Equal($"/databases/{database}", cut.Find("[data-testid=request-database-link]").GetAttribute("href"));
        Assert.Contains("database app on shop-db", TextOf(cut.Find("[data-testid=request-restore-target]")));
        cut.Find("[data-testid=request-overwrite]");
        Assert.Contains(".dump", cut.Find("[data-testid=request-artifact]").TextContent);
        Assert.Contains("Overwrite database app on shop-db with the dump of", cut.Find("[data-testid=request-parameters]").TextContent);
        cut.Find("[data-testid=approve-button]");
    }

    [Fact]
    public async Task RequestPage_RestoreVerified_ShowsTheTablesWithRowCounts()
    {
        var (_, _, artifact) = await ShopDbWithADumpAsync();
        var request = await AsDanAsync(() => Services.GetRequiredService<RestoreDump>()
            .HandleAsync(new RestoreDumpCommand(artifact, RestoreTarget.NewDatabase, TargetDatabaseName: "app_copy")));
        await RecordResultAsync(request, """
            {"restore":{"job":"portal-restore-1","database":"app_copy","artifact":"x.dump","status":"Succeeded","error":null},
             "verification":{"job":"portal-verify-1","tables":[{"schema":"public","name":"orders","rows":1200},{"schema":"public","name":"customers","rows":87}],
               "tableCount":2,"tocTables":2,"missing":[],"missingCount":0,"truncated":false}}
            """);

        var cut = RenderRequestAs(Dan, request);

        var table = cut.Find("[data-testid=result-table][data-key=tables]");
        Assert.Equal(2, table.QuerySelectorAll("[data-testid=result-row]").Length);
        Assert.Contains("orders", table.TextContent);
        Assert.Contains("1,200", table.TextContent);
        Assert.Contains("none", cut.Find("[data-testid=result-list][data-key=missing]").TextContent);
        Assert.Equal("Succeeded", cut.Find("[data-testid=result-section][data-key=restore] [data-testid=result-status]").TextContent);
        Assert.Contains("new", cut.Find("[data-testid=request-restore-target]").TextContent);
    }

    [Fact]
    public async Task RequestPage_RecoveryPoint_ShowsTheDumpAndTheBackupOutcome()
    {
        var (_, schedule, _) = await ShopDbWithADumpAsync();
        var request = await AsDanAsync(() => Services.GetRequiredService<CreateRecoveryPoint>().HandleAsync(new CreateRecoveryPointCommand(schedule)));
        await AddDumpAsync(schedule, TimeSpan.FromMinutes(2), sizeBytes: 3 * 1024 * 1024, requestId: request);
        await RecordResultAsync(request, """
            {"dump":{"artifactId":"0b7c","status":"Succeeded","run":"portal-dump-abc","volumeClaim":"nightly-dumps","location":"a.dump","sizeBytes":3145728,"sha256":"aa","tool":"pg_dump 16.4","error":null},
             "backup":{"name":"portal-backup-1","phase":"Completed","failureReason":null}}
            """);

        var cut = RenderRequestAs(Dan, request);

        Assert.Equal("Consistent recovery point of shop-db", cut.Find("[data-testid=request-title]").TextContent);
        var dump = cut.Find("[data-testid=result-section][data-key=dump]");
        Assert.Contains("3 MiB", dump.TextContent);
        Assert.Equal("Succeeded", dump.QuerySelector("[data-testid=result-status]")!.TextContent);
        var backup = cut.Find("[data-testid=result-section][data-key=backup]");
        Assert.Contains("Velero backup", backup.TextContent);
        Assert.Equal("Completed", backup.QuerySelector("[data-testid=result-status]")!.TextContent);
        Assert.Contains("3 MiB", cut.Find("[data-testid=request-dump]").TextContent);
    }

    [Fact]
    public async Task RequestPage_ResultOfAnotherShape_ShowsItsFacts()
    {
        var (_, schedule, _) = await ShopDbWithADumpAsync();
        var request = await AsDanAsync(() => Services.GetRequiredService<RunDumpNow>().HandleAsync(new RunDumpNowCommand(schedule)));
        await RecordResultAsync(request, """{"someNewThing":"works","count":3}""");

        var cut = RenderRequestAs(Dan, request);

        Assert.Contains("works", cut.Find("[data-testid=result-fact][data-key=someNewThing]").TextContent);
        Assert.Contains("Some new thing", cut.Find("[data-testid=result-fact][data-key=someNewThing]").TextContent);
    }

    [Fact]
    public async Task ApprovalInbox_DatabaseOverwrite_SaysWhatItReplaces()
    {
        var (_, _, artifact) = await ShopDbWithADumpAsync();
        await OverwriteAppAsync(artifact);
        Principal.Current = Sam;

        var cut = Render<Approvals>();

        var item = cut.WaitForElement("[data-testid=approval-item]");
        Assert.Contains("Overwrite database app on shop-db with the dump of", item.QuerySelector("[data-testid=approval-about]")!.TextContent);
        Assert.NotNull(item.QuerySelector("[data-testid=approval-overwrite]"));
        Assert.Contains("roll back the bad migration", item.TextContent);
    }
}
