using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Domain.Databases;
using Portal.Domain.Requests;
using Portal.Web.Components.Pages.Databases;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class RestoreDumpDialogTests : DatabaseTestContext
{
    private async Task<(IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<DatabaseDetailsPage> Page, Task Opening)> OpenRestoreAsync(
        PostgresDumpFormat format = PostgresDumpFormat.Custom)
    {
        var id = await RegisterShopDbAsync();
        var schedule = await CreateScheduleAsync(id, format: format);
        await AddDumpAsync(schedule, TimeSpan.FromHours(1));
        var dialogs = Render<MudDialogProvider>();
        Principal.Current = Dan;
        var cut = Render<DatabaseDetailsPage>(p => p.Add(x => x.Id, id));
        var restore = cut.WaitForElement("[data-testid=restore-dump]");
        var opening = cut.InvokeAsync(() => restore.Click());
        dialogs.WaitForElement("[data-testid=restore-dialog]");
        return (dialogs, cut, opening);
    }

    private static IElement Field(IRenderedComponent<MudDialogProvider> dialogs, string testId) =>
        dialogs.Find($"input[data-testid={testId}], [data-testid={testId}] input");

    private static bool SubmitDisabled(IRenderedComponent<MudDialogProvider> dialogs) =>
        dialogs.Find("[data-testid=restore-submit]").HasAttribute("disabled");

    [Fact]
    public async Task Overwrite_NameNotTyped_CannotSubmit_TypedName_SubmitsAnOverwriteAndOpensItsRequest()
    {
        var (dialogs, _, opening) = await OpenRestoreAsync();

        Field(dialogs, "restore-target-same").Click();
        dialogs.WaitForElement("[data-testid=restore-overwrite-warning]");
        Assert.Contains("waits until someone with the SRE / DR engineer role in the tenant approves it", dialogs.Find("[data-testid=restore-overwrite-warning]").TextContent);
        Assert.True(SubmitDisabled(dialogs));
        Field(dialogs, "restore-confirmation").Input("ap");
        dialogs.WaitForAssertion(() => Assert.True(SubmitDisabled(dialogs)));
        Field(dialogs, "restore-confirmation").Input("app");
        dialogs.WaitForAssertion(() => Assert.False(SubmitDisabled(dialogs)));
        await dialogs.Find("[data-testid=restore-submit]").ClickAsync(new());
        await opening;

        var request = Assert.Single(await RequestsOfAsync(RequestKind.DatabaseOverwrite));
        Assert.Equal(RequestStatus.PendingApproval, request.Status);
        Assert.Equal("app", request.ParametersAs<DatabaseRestoreParameters>().TargetDatabaseName);
        Assert.EndsWith($"/requests/{request.Id}", Services.GetRequiredService<BunitNavigationManager>().Uri);
    }

    [Fact]
    public async Task Overwrite_TenantPolicyWithoutApproval_SaysItRunsWithoutOne()
    {
        await using (var db = await Services.GetRequiredService<Portal.Application.Abstractions.IPortalDbContextFactory>()
                         .CreateAsync(Portal.Application.Security.TenantScope.Everything))
        {
            var webshop = db.Tenants.Single(t => t.Slug == "webshop").Id;
            db.ApprovalPolicies.Add(new ApprovalPolicy(webshop, RequestKind.DatabaseOverwrite, false, Portal.Domain.Access.Persona.SreEngineer));
            await db.SaveChangesAsync();
        }
        var (dialogs, _, _) = await OpenRestoreAsync();

        Field(dialogs, "restore-target-same").Click();
        dialogs.WaitForElement("[data-testid=restore-overwrite-warning]");
        Assert.Contains("your tenant's policy runs it without approval", dialogs.Find("[data-testid=restore-overwrite-warning]").TextContent);
    }

    [Fact]
    public async Task NewDatabase_NameThatExists_ShowsTheUseCaseMessageAndSubmitsNothing()
    {
        var (dialogs, _, _) = await OpenRestoreAsync();
        Assert.Equal("app_restored", Field(dialogs, "restore-new-name").GetAttribute("value"));

        Field(dialogs, "restore-new-name").Input("reporting");
        await dialogs.Find("[data-testid=restore-submit]").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Equal(
            "reporting exists on shop-db; to replace it, choose \"the same database\" and confirm the overwrite.",
            dialogs.Find("[data-testid=restore-error]").TextContent.Trim()));
        Assert.Empty(await RequestsOfAsync(RequestKind.DatabaseRestore));
        Assert.Empty(await RequestsOfAsync(RequestKind.DatabaseOverwrite));
        dialogs.Find("[data-testid=restore-dialog]");
    }

    [Fact]
    public async Task Overwrite_PlainSqlDump_ShowsWhyItCannotAndSubmitsNothing()
    {
        var (dialogs, _, _) = await OpenRestoreAsync(PostgresDumpFormat.Plain);
        Field(dialogs, "restore-target-same").Click();
        Field(dialogs, "restore-confirmation").Input("app");

        await dialogs.Find("[data-testid=restore-submit]").ClickAsync(new());

        dialogs.WaitForAssertion(() => Assert.Contains("A plain SQL dump cannot clean an existing database first",
            dialogs.Find("[data-testid=restore-error]").TextContent));
        Assert.Empty(await RequestsOfAsync(RequestKind.DatabaseRestore));
        Assert.Empty(await RequestsOfAsync(RequestKind.DatabaseOverwrite));
    }

    [Fact]
    public async Task NewDatabase_FreeName_SubmitsARestoreWithoutApprovalAndOpensItsRequest()
    {
        var (dialogs, _, opening) = await OpenRestoreAsync();

        Field(dialogs, "restore-new-name").Input("app_copy");
        await dialogs.Find("[data-testid=restore-submit]").ClickAsync(new());
        await opening;

        var request = Assert.Single(await RequestsOfAsync(RequestKind.DatabaseRestore));
        Assert.Equal(RequestStatus.Queued, request.Status);
        Assert.True(request.ParametersAs<DatabaseRestoreParameters>().Verify);
        Assert.EndsWith($"/requests/{request.Id}", Services.GetRequiredService<BunitNavigationManager>().Uri);
    }
}
