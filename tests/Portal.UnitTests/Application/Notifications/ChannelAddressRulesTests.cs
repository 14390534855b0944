using Portal.Application.Common;
using Portal.Application.Features.Notifications.Channels;
using Portal.Domain.Notifications;

namespace Portal.UnitTests.Application.Notifications;

/// <summary>The address rules of webhook, Slack and Teams channels: https, except a receiver on this machine; Slack's own hosts.
/// Refused with words next to the address field, never rewritten.</summary>
public class ChannelAddressRulesTests
{
    private static SaveNotificationChannelCommand Channel(NotificationChannelKind kind, string target) =>
        new(null, Guid.NewGuid(), "hook", kind, target, kind == NotificationChannelKind.Webhook ? "a-long-signing-secret" : null,
            [NotificationEventType.RequestFailed]);

    [Theory]
    [InlineData(NotificationChannelKind.Webhook, "http://hooks.example/portal")]
    [InlineData(NotificationChannelKind.Teams, "http://prod-01.westeurope.logic.azure.com/workflows/abc")]
    [InlineData(NotificationChannelKind.Slack, "http://hooks.slack.com/services/T0/B0/X")]
    [InlineData(NotificationChannelKind.Webhook, "http://10.0.0.5/hook")]
    public void PlainHttp_ToAnotherMachine_IsRefusedNextToTheAddress(NotificationChannelKind kind, string target)
    {
        var error = ChannelRules.Validate(Channel(kind, target), isNew: true, emailConfigured: false);
        Assert.Equal((ErrorKind.Validation, "target"), (error!.Kind, error.Field));
        Assert.Contains("https://", error.Message);
    }

    [Theory]
    [InlineData(NotificationChannelKind.Webhook, "http://127.0.0.1:5099/hook/")]
    [InlineData(NotificationChannelKind.Webhook, "http://localhost:8080/hook")]
    [InlineData(NotificationChannelKind.Teams, "http://[::1]:8080/workflow")]
    [InlineData(NotificationChannelKind.Slack, "http://127.0.0.1:5099/slack")]
    [InlineData(NotificationChannelKind.Webhook, "https://hooks.example/portal")]
    [InlineData(NotificationChannelKind.Teams, "https://prod-01.westeurope.logic.azure.com:443/workflows/abc/triggers/manual/paths/invoke")]
    [InlineData(NotificationChannelKind.Slack, "https://hooks.slack.com/services/T0/B0/X")]
    [InlineData(NotificationChannelKind.Slack, "https://hooks.slack-gov.com/services/T0/B0/X")]
    public void Https_OrALoopbackReceiver_IsAccepted(NotificationChannelKind kind, string target) =>
        Assert.Null(ChannelRules.Validate(Channel(kind, target), isNew: true, emailConfigured: false));

    [Theory]
    [InlineData("https://example.com/services/T0/B0/X")]
    [InlineData("https://hooks.slack.com.evil.example/services/T0/B0/X")]
    [InlineData("https://hooks.slack.com/api/chat.postMessage")]
    public void Slack_OutsideSlacksWebhookHosts_IsRefused(string target)
    {
        var error = ChannelRules.Validate(Channel(NotificationChannelKind.Slack, target), isNew: true, emailConfigured: false);
        Assert.Equal("target", error!.Field);
        Assert.Contains("hooks.slack.com", error.Message);
    }

    [Fact]
    public void TestMessages_AreNotChosen()
    {
        var error = ChannelRules.Validate(Channel(NotificationChannelKind.Webhook, "https://hooks.example/portal") with
        {
            Types = [NotificationEventType.Test],
        }, isNew: true, emailConfigured: false);
        Assert.Equal("types", error!.Field);
        Assert.DoesNotContain(NotificationEventType.Test, NotificationEventTypes.Choosable);
    }
}
