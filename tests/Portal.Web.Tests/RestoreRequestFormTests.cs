using AngleSharp.Dom;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using Portal.Application.Abstractions;
using Portal.Application.Abstractions.Clusters;
using Portal.Application.Security;
using Portal.Domain.Requests;
using Portal.Domain.Tenants;
using Portal.Web.Components.Pages.Namespaces;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class RestoreRequestFormTests : PortalTestContext
{
    private IRenderedComponent<NewRestore> RenderForm(string? backup = null)
    {
        var nav = Services.GetRequiredService<BunitNavigationManager>();
        var uri = $"/namespaces/{ShopNamespaceId}/restore";
        nav.NavigateTo(backup is null ? uri : $"{uri}?backup={Uri.EscapeDataString(backup)}");
        var cut = Render<NewRestore>(p => p.Add(x => x.Id, ShopNamespaceId));
        cut.WaitForElement("[data-testid=submit-restore]");
        return cut;
    }

    private static IElement RadioInput(IRenderedComponent<NewRestore> cut, string backup) =>
        cut.Find($"tr[data-backup='{backup}'] input[type=radio]");

    private static void TypeTarget(IRenderedComponent<NewRestore> cut, string value) =>
        cut.Find("[data-testid=target-namespace] input, input[data-testid=target-namespace]").Input(value);

    [Fact]
    public async Task ClusterDown_OffersTheBackupsLastSeenThere_SayingSo()
    {
        await using (var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything))
        {
            var ns = await db.TenantNamespaces.FindAsync(ShopNamespaceId);
            db.ObservedBackups.Add(new Portal.Domain.Protection.ObservedBackup(ns!.ClusterId, "nightly-last-seen", DateTimeOffset.UtcNow.AddMinutes(-30))
            {
                TenantId = TenantId, Phase = "Completed", IncludedNamespaces = ["shop"], StartedAt = DateTimeOffset.UtcNow.AddHours(-3), StorageLocation = "default",
            });
            await db.SaveChangesAsync();
        }
        Gateway.ListFailure = new ClusterAccessException(ClusterFault.Unreachable, "connection refused");

        var cut = RenderForm();

        Assert.Contains("does not answer", cut.Find("[data-testid=backups-last-seen]").TextContent);
        Assert.NotNull(RadioInput(cut, "nightly-last-seen"));
    }

    [Fact]
    public void TargetNamespace_InvalidName_ExplainsTheRuleInWords()
    {
        var cut = RenderForm();

        TypeTarget(cut, "Shop_Copy");

        cut.WaitForAssertion(() => Assert.Contains(
            "may contain only lower-case letters, digits and '-', and must start and end with a letter or digit", cut.Markup));
    }

    [Fact]
    public void TargetNamespace_TooLong_SaysHowLong()
    {
        var cut = RenderForm();

        TypeTarget(cut, new string('a', 64));

        cut.WaitForAssertion(() => Assert.Contains("is 64 characters long; at most 63 are allowed", cut.Markup));
    }

    [Fact]
    public void Render_BackupsInEveryPhase_OnlyRestorableOnesSelectable()
    {
        var cut = RenderForm();

        Assert.Equal(4, cut.FindAll("tr[data-testid=backup-row]").Count);
        Assert.False(RadioInput(cut, "daily-20261120").HasAttribute("disabled"));
        Assert.False(RadioInput(cut, "portal-backup-1").HasAttribute("disabled"));
        Assert.True(RadioInput(cut, "nightly-running").HasAttribute("disabled"));
        Assert.True(RadioInput(cut, "broken-one").HasAttribute("disabled"));
        Assert.Contains("Velero schedule daily", cut.Markup);
    }

    [Fact]
    public async Task Submit_ValidNewNamespace_CreatesRequestAndNavigatesToIt()
    {
        var cut = RenderForm(backup: "daily-20261120");
        TypeTarget(cut, "shop-copy");

        await cut.InvokeAsync(() => cut.Find("[data-testid=submit-restore]").ClickAsync(new()));

        var request = Assert.Single(await AllRequestsAsync());
        Assert.Equal(RequestKind.NamespaceRestore, request.Kind);
        Assert.Equal(RequestStatus.PendingApproval, request.Status);
        Assert.Equal("shop-copy", request.RestoreParameters.TargetNamespace);
        Assert.Equal("daily-20261120", request.RestoreParameters.BackupName);
        var nav = Services.GetRequiredService<BunitNavigationManager>();
        Assert.EndsWith($"/requests/{request.Id}", nav.Uri);
    }

    [Fact]
    public async Task Submit_NoBackupChosen_SaysChooseOneAndSubmitsNothing()
    {
        var cut = RenderForm();

        await cut.InvokeAsync(() => cut.Find("[data-testid=submit-restore]").ClickAsync(new()));

        cut.WaitForElement("[data-testid=backup-required]");
        Assert.Empty(await AllRequestsAsync());
    }

    [Fact]
    public async Task Submit_TargetStartsWithKube_IsRefusedNextToTheFieldAndByTheUseCase()
    {
        var cut = RenderForm(backup: "daily-20261120");
        TypeTarget(cut, "kube-new-home");
        cut.WaitForAssertion(() => Assert.Contains("Names starting with 'kube-' are kept for the cluster's own namespaces", cut.Markup));

        // Found and clicked on the renderer's thread: the target's debounced re-read may render in between otherwise.
        await cut.InvokeAsync(() => cut.Find("[data-testid=submit-restore]").ClickAsync(new()));

        Assert.Empty(await AllRequestsAsync());
        var result = await Services.GetRequiredService<Portal.Application.Features.Requests.Submit.SubmitRestoreRequest>().HandleAsync(
            new(ShopNamespaceId, "daily-20261120", "kube-new-home", ExistingResourcePolicy.None, true, null));
        Assert.Contains("kept for the cluster's own namespaces", result.Error!.Message);
    }

    [Fact]
    public async Task Submit_TargetExistsOutsideTenant_ShowsTheUseCaseMessage()
    {
        var cut = RenderForm(backup: "daily-20261120");
        TypeTarget(cut, "legacy-app");

        await cut.InvokeAsync(() => cut.Find("[data-testid=submit-restore]").ClickAsync(new()));

        cut.WaitForAssertion(() => Assert.Contains("already exists on cluster prod-east", cut.Find("[data-testid=submit-error]").TextContent));
        Assert.Empty(await AllRequestsAsync());
    }

    [Fact]
    public async Task Submit_IntoSameNamespace_AsksForConfirmationBeforeSubmitting()
    {
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderForm(backup: "daily-20261120");
        cut.Find("[data-testid=target-same] input, input[data-testid=target-same]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=target-namespace]")));

        var submitting = cut.InvokeAsync(() => cut.Find("[data-testid=submit-restore]").Click());
        dialogs.WaitForElement("[data-testid=confirm-ok]");
        Assert.Empty(await AllRequestsAsync());
        await dialogs.Find("[data-testid=confirm-ok]").ClickAsync(new());
        await submitting;

        cut.WaitForAssertion(() => Assert.Contains("/requests/", Services.GetRequiredService<BunitNavigationManager>().Uri));
        var request = Assert.Single(await AllRequestsAsync());
        Assert.Equal("shop", request.RestoreParameters.TargetNamespace);
    }

    /// <summary>Another namespace the tenant owns on the same cluster (in use).</summary>
    private async Task AddTenantNamespaceAsync(string name)
    {
        await using var db = await Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything);
        var cluster = await db.Clusters.SingleAsync();
        db.TenantNamespaces.Add(new TenantNamespace(TenantId, cluster.Id, name, DateTimeOffset.UtcNow, "test"));
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task NewNamespace_ThatTheTenantOwnsAlready_SaysItExistsAndAsksLikeAnInPlaceRestore()
    {
        await AddTenantNamespaceAsync("shop-live");
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderForm(backup: "daily-20261120");
        cut.Find("[data-testid=policy-update] input, input[data-testid=policy-update]").Click();
        Assert.Empty(cut.FindAll("[data-testid=target-exists]"));

        TypeTarget(cut, "shop-live");

        var warning = cut.WaitForElement("[data-testid=target-exists]");
        Assert.Contains("already exists and belongs to your tenant", warning.TextContent);
        Assert.Contains("changed back to the backup's version", warning.TextContent);
        var submitting = cut.InvokeAsync(() => cut.Find("[data-testid=submit-restore]").Click());
        var dialog = dialogs.WaitForElement("[data-testid=confirm-ok]");
        Assert.Contains("Yes, restore into the live namespace", dialog.TextContent);
        Assert.Empty(await AllRequestsAsync());
        await dialogs.Find("[data-testid=confirm-ok]").ClickAsync(new());
        await submitting;

        cut.WaitForAssertion(() => Assert.Contains("/requests/", Services.GetRequiredService<BunitNavigationManager>().Uri));
        var request = Assert.Single(await AllRequestsAsync());
        Assert.Equal("shop-live", request.RestoreParameters.TargetNamespace);
        Assert.True(request.RestoreParameters.IntoExistingNamespace);
    }

    [Fact]
    public async Task NewNamespace_ThatTheTenantOwnsAlready_CancelledConfirmation_SubmitsNothing()
    {
        await AddTenantNamespaceAsync("shop-live");
        var dialogs = Render<MudDialogProvider>();
        var cut = RenderForm(backup: "daily-20261120");
        TypeTarget(cut, "shop-live");
        cut.WaitForElement("[data-testid=target-exists]");

        var submitting = cut.InvokeAsync(() => cut.Find("[data-testid=submit-restore]").Click());
        dialogs.WaitForElement("[data-testid=confirm-cancel]");
        await dialogs.Find("[data-testid=confirm-cancel]").ClickAsync(new());
        await submitting;

        Assert.Empty(await AllRequestsAsync());
    }

    [Fact]
    public void ChoosingABackup_ShowsThePreviewAgainstTheTarget()
    {
        Previews.Live[new Portal.Application.Abstractions.Clusters.BackupKind("apps/v1", "Deployment")] = ["web"];
        Assert.NotNull(RenderForm().Find("[data-testid=preview-hint]"));

        var cut = RenderForm(backup: "daily-20261120");
        // into a new namespace: everything is created
        cut.WaitForAssertion(() => Assert.Equal("Create", cut.Find("[data-testid=preview-item][data-kind=Deployment]").GetAttribute("data-outcome")));

        cut.Find("[data-testid=target-same] input, input[data-testid=target-same]").Click();

        cut.WaitForAssertion(() => Assert.Equal("Skip", cut.Find("[data-testid=preview-item][data-kind=Deployment]").GetAttribute("data-outcome")));
        Assert.Equal("Create", cut.Find("[data-testid=preview-item][data-kind=ConfigMap]").GetAttribute("data-outcome"));
    }
}
