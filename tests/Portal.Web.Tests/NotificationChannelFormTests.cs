using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Application.Features.Notifications.Channels;
using Portal.Application.Security;
using Portal.Domain.Notifications;
using Portal.Web.Components.Pages.Notifications;
using Portal.Web.Tests.Support;

namespace Portal.Web.Tests;

/// <summary>The notification channel form: the use case's messages next to their fields, what was typed left as typed, and a
/// stored address or signing secret never rendered back; the panel's send-test shows the receiver's answer.</summary>
public sealed class NotificationChannelFormTests : PortalTestContext
{
    private static IElement Input(IElement box) => box.TagName == "INPUT" ? box : box.QuerySelector("input")!;

    private static string FieldText(IRenderedComponent<ChannelForm> cut, string testId) =>
        (cut.Find($"[data-testid='{testId}']").Closest(".mud-input-control") ?? cut.Find($"[data-testid='{testId}']").ParentElement!).TextContent;

    [Fact]
    public void Save_AShortSecret_IsRefusedNextToTheSecretField_AndNothingIsStored()
    {
        Principal.Current = Sam;
        var cut = Render<ChannelForm>(p => p.Add(x => x.TenantId, TenantId));
        Input(cut.Find("[data-testid='channel-name']")).Change("SRE hook");
        Input(cut.Find("[data-testid='channel-target']")).Change("https://hooks.example/portal");
        Input(cut.Find("[data-testid='channel-secret']")).Change("short");
        cut.Find("[data-testid='channel-save']").Click();

        cut.WaitForAssertion(() => Assert.Contains("at least 16 characters", FieldText(cut, "channel-secret")));
        Assert.DoesNotContain("at least 16 characters", FieldText(cut, "channel-name"));
        Assert.Equal("https://hooks.example/portal", Input(cut.Find("[data-testid='channel-target']")).GetAttribute("value"));
        Assert.Empty(Channels());
    }

    [Fact]
    public void Save_APlainHttpAddress_IsRefusedNextToTheAddress_AndLeftAsTyped()
    {
        Principal.Current = Sam;
        var cut = Render<ChannelForm>(p => p.Add(x => x.TenantId, TenantId));
        Input(cut.Find("[data-testid='channel-name']")).Change("SRE hook");
        Input(cut.Find("[data-testid='channel-target']")).Change("http://hooks.example/portal");
        Input(cut.Find("[data-testid='channel-secret']")).Change("a-long-signing-secret");
        cut.Find("[data-testid='channel-save']").Click();

        cut.WaitForAssertion(() => Assert.Contains("Use an https:// URL", FieldText(cut, "channel-target")));
        Assert.Equal("http://hooks.example/portal", Input(cut.Find("[data-testid='channel-target']")).GetAttribute("value"));
        Assert.Empty(Channels());
    }

    [Fact]
    public void Save_WithoutAName_IsRefusedNextToTheName()
    {
        Principal.Current = Sam;
        var cut = Render<ChannelForm>(p => p.Add(x => x.TenantId, TenantId));
        cut.Find("[data-testid='channel-save']").Click();
        cut.WaitForAssertion(() => Assert.Contains("Give the channel a name.", FieldText(cut, "channel-name")));
    }

    [Fact]
    public async Task Edit_AStoredChannel_NeverRendersItsAddressOrSecret()
    {
        Principal.Current = Sam;
        var saved = await Services.GetRequiredService<SaveNotificationChannel>().HandleAsync(new SaveNotificationChannelCommand(null, TenantId, "SRE hook",
            NotificationChannelKind.Webhook, "https://hooks.example/portal?token=topsecret", "signing-secret-value-1", [NotificationEventType.RequestFailed]));
        Assert.True(saved.IsSuccess, saved.Error?.Message);
        var list = await Services.GetRequiredService<ListNotificationChannels>().HandleAsync(new ListNotificationChannelsQuery(TenantId));
        var view = Assert.Single(list.Value!.Channels);

        var cut = Render<ChannelForm>(p => p.Add(x => x.TenantId, TenantId).Add(x => x.Existing, view));

        Assert.DoesNotContain("topsecret", cut.Markup);
        Assert.DoesNotContain("signing-secret-value-1", cut.Markup);
        Assert.Equal("", Input(cut.Find("[data-testid='channel-secret']")).GetAttribute("value") ?? "");
        Assert.Contains("A secret is set; it is never shown.", cut.Markup);
        Assert.Contains(view.TargetHint, cut.Markup);
    }

    [Fact]
    public async Task Panel_SendTest_ShowsTheReceiversAnswer()
    {
        Principal.Current = Sam;
        await Services.GetRequiredService<SaveNotificationChannel>().HandleAsync(new SaveNotificationChannelCommand(null, TenantId, "SRE hook",
            NotificationChannelKind.Slack, "https://hooks.slack.com/services/T/B/X", null, [NotificationEventType.RequestFailed]));
        Notifications.Answer = new SendOutcome(false, 404, "the receiver answered Not Found", false);
        var cut = Render<ChannelsPanel>(p => p.Add(x => x.TenantId, TenantId));
        cut.WaitForElement("[data-testid='channel-test']").Click();
        cut.WaitForAssertion(() => Assert.Contains("HTTP 404", cut.Find("[data-testid='channel-test-answer']").TextContent));
    }

    [Fact]
    public void Panel_AsApplicationOwner_ShowsTheEmptyStateWithoutAdd()
    {
        Principal.Current = Alice;
        var cut = Render<ChannelsPanel>(p => p.Add(x => x.TenantId, TenantId));
        cut.WaitForElement("[data-testid='channels-empty']");
        Assert.Empty(cut.FindAll("[data-testid='channel-add']"));
        Assert.NotEmpty(cut.FindAll("[data-testid='channels-read-only']"));
    }

    private List<NotificationChannel> Channels()
    {
        using var db = (DbContext)Services.GetRequiredService<IPortalDbContextFactory>().CreateAsync(TenantScope.Everything).GetAwaiter().GetResult();
        return db.Set<NotificationChannel>().AsNoTracking().ToList();
    }
}
