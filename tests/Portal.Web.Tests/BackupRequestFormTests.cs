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

    [Theory]
    [InlineData("", "Enter the retention: a whole number from 1 to 61320 hours")]
    [InlineData("abc", "'abc' is not a whole number")]
    [InlineData("0", "The retention must be at least 1 hours (you typed 0)")]
    [InlineData("-5", "The retention must be at least 1 hours (you typed -5)")]
    [InlineData("999999", "The retention can be at most 61320 hours (you typed 999999)")]
    public async Task Retention_NotANumberInRange_IsExplainedNextToTheFieldNeverCoercedAndNothingIsRequested(string typed, string expected)
    {
        var cut = RenderForm();

        cut.Find("input[data-testid=ttl-hours]").Change(typed);
        cut.WaitForAssertion(() => Assert.Contains(expected, cut.Markup));
        await cut.Find("[data-testid=submit-backup]").ClickAsync(new());

        Assert.Equal(typed, cut.Find("input[data-testid=ttl-hours]").GetAttribute("value"));
        Assert.Contains(expected, cut.Markup);
        Assert.Empty(await AllRequestsAsync());
    }

    [Fact]
    public async Task Retention_TypedAfterAQuickPick_IsWhatIsSent()
    {
        var cut = RenderForm();
        await cut.Find("[data-testid=ttl-168]").ClickAsync(new());
        Assert.Equal("168", cut.Find("input[data-testid=ttl-hours]").GetAttribute("value"));
        cut.Find("input[data-testid=ttl-hours]").Change("36");

        await cut.Find("[data-testid=submit-backup]").ClickAsync(new());

        var request = Assert.Single(await AllRequestsAsync());
        Assert.Equal(TimeSpan.FromHours(36), request.BackupParameters.Ttl);
    }

    [Fact]
    public async Task Submit_ClickedAgainWhileTheFirstIsOnItsWay_ButtonIsDisabledAtOnceAndAsksOnce()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cut = RenderForm();
        Principal.HoldNext(gate.Task); // the submission waits on its way, before it reaches the database

        var first = cut.Find("[data-testid=submit-backup]").ClickAsync(new());
        cut.WaitForAssertion(() => Assert.True(cut.Find("[data-testid=submit-backup]").HasAttribute("disabled")));
        Assert.Contains("Submitting", cut.Find("[data-testid=submit-backup]").TextContent);
        await cut.InvokeAsync(() => cut.Instance.SubmitAsync()); // what a second click (or a double click) would run
        gate.TrySetResult();
        await first;

        Assert.Single(await AllRequestsAsync());
        Assert.Equal(1, Principal.Held);
        Assert.Empty(cut.FindAll("[data-testid=submit-error]")); // the second click never reached the server
    }

    [Fact]
    public async Task Submit_SameBackupAskedAgainFromAnotherTab_IsRefusedAsAlreadyAskedWithALink()
    {
        var firstTab = RenderForm();
        await firstTab.Find("[data-testid=submit-backup]").ClickAsync(new());
        var id = Assert.Single(await AllRequestsAsync()).Id;

        var secondTab = RenderForm();
        await secondTab.Find("[data-testid=submit-backup]").ClickAsync(new());

        secondTab.WaitForAssertion(() => Assert.Contains($"Already asked: see request {OperationRequest.ReferenceOf(id)}",
            secondTab.Find("[data-testid=submit-error]").TextContent));
        Assert.Equal($"/requests/{id}", secondTab.Find("[data-testid=submit-error-link]").GetAttribute("href"));
        Assert.Single(await AllRequestsAsync());
    }

    [Fact]
    public async Task Reason_LongerThanTheLimit_IsRefusedInWordsNotCut()
    {
        var cut = RenderForm();
        Assert.Equal(Portal.Application.Common.InputLimits.Reason.ToString(), cut.Find("textarea[data-testid=reason]").GetAttribute("maxlength"));
        var result = await Services.GetRequiredService<Portal.Application.Features.Requests.Submit.SubmitBackupRequest>().HandleAsync(
            new(ShopNamespaceId, 24, VolumeBackupMode.Snapshot, null, new string('x', 100_000)));

        Assert.Contains("The reason is 100000 characters long; at most 2000 are allowed", result.Error!.Message);
        Assert.Empty(await AllRequestsAsync());
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
