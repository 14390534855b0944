using Bunit;
using Bunit.TestDoubles;
using Microsoft.Extensions.DependencyInjection;
using Portal.Domain.Requests;
using Portal.Web.Components.Pages.Namespaces;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

public sealed class BackupRequestFormTests : PortalTestContext
{
    private IRenderedComponent<NewBackup> RenderForm()
    {
        var cut = Render<NewBackup>(p => p.Add(x => x.Id, ShopNamespaceId));
        cut.WaitForElement("[data-testid=submit-backup]");
        return cut;
    }

    [Fact]
    public async Task Submit_Defaults_QueuesThirtyDaySnapshotBackupAndNavigates()
    {
        var cut = RenderForm();

        await cut.Find("[data-testid=submit-backup]").ClickAsync(new());

        var request = Assert.Single(await AllRequestsAsync());
        Assert.Equal(RequestStatus.Queued, request.Status); // backups are approved by policy by default
        Assert.Equal(TimeSpan.FromHours(720), request.BackupParameters.Ttl);
        Assert.Equal(VolumeBackupMode.Snapshot, request.BackupParameters.VolumeMode);
        Assert.Null(request.BackupParameters.StorageLocation);
        Assert.Equal(1, Signal.Queued);
        Assert.EndsWith($"/requests/{request.Id}", Services.GetRequiredService<BunitNavigationManager>().Uri);
    }

    [Fact]
    public async Task Submit_QuickPickSevenDaysAndNoVolumes_SendsThoseChoices()
    {
        var cut = RenderForm();
        await cut.Find("[data-testid=ttl-168]").ClickAsync(new());
        await cut.Find("input[data-testid=volume-none]").ClickAsync(new());

        await cut.Find("[data-testid=submit-backup]").ClickAsync(new());

        var request = Assert.Single(await AllRequestsAsync());
        Assert.Equal(TimeSpan.FromHours(168), request.BackupParameters.Ttl);
        Assert.Equal(VolumeBackupMode.None, request.BackupParameters.VolumeMode);
    }

    [Fact]
    public async Task Submit_InvalidStorageLocation_ShowsTheUseCaseMessage()
    {
        var cut = RenderForm();
        cut.Find("input[data-testid=storage-location]").Change("Bad Location");

        await cut.Find("[data-testid=submit-backup]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("may contain only lower-case letters", cut.Find("[data-testid=submit-error]").TextContent));
        Assert.Empty(await AllRequestsAsync());
    }
}
