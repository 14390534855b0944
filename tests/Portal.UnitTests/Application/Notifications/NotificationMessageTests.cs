using System.Text.Json;
using Portal.Application.Features.Notifications.Messages;
using Portal.Domain.Notifications;

namespace Portal.UnitTests.Application.Notifications;

public class NotificationMessageTests
{
    private static readonly NotificationMessage Message = new(Guid.Parse("0196f1c4-0000-7000-8000-000000000001"), Guid.Parse("0196f1c4-0000-7000-8000-000000000002"),
        NotificationEventType.RequestFailed, "Failed: Namespace restore of shop <web> & co", "Velero said: PartiallyFailed", "https://portal.example/requests/1",
        DateTimeOffset.Parse("2026-12-07T10:00:00Z"), "Webshop");

    [Fact]
    public void Compute_KnownVector_MatchesHmacSha256OverTimestampDotBody()
    {
        // python3: hmac.new(b'whsec-test-0123456789', b'1700000000.{"type":"Test"}', hashlib.sha256).hexdigest()
        Assert.Equal("4669717b61bc2dcdacb096fd4abc7c3c7727d4f577b096d26838d3ceac634ebf",
            WebhookSignature.Compute("whsec-test-0123456789", 1700000000, "{\"type\":\"Test\"}"));
    }

    [Fact]
    public void Verify_HeaderOfAnotherBodySecretOrAnOldTime_IsRefused()
    {
        var at = DateTimeOffset.FromUnixTimeSeconds(1700000000);
        var header = WebhookSignature.HeaderValue("whsec-test-0123456789", at, "{}");
        Assert.Equal($"t=1700000000,v1={WebhookSignature.Compute("whsec-test-0123456789", 1700000000, "{}")}", header);
        Assert.True(WebhookSignature.Verify("whsec-test-0123456789", header, "{}", at.AddMinutes(1), TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec-test-0123456789", header, "{ }", at, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec-other-0123456789", header, "{}", at, TimeSpan.FromMinutes(5)));
        Assert.False(WebhookSignature.Verify("whsec-test-0123456789", header, "{}", at.AddMinutes(10), TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public void Slack_Payload_HasFallbackTextAndValidBlocks_WithControlCharactersEscaped()
    {
        using var json = JsonDocument.Parse(NotificationPayloads.Slack(Message));
        var root = json.RootElement;
        Assert.Contains("https://portal.example/requests/1", root.GetProperty("text").GetString());
        var blocks = root.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(["section", "context"], blocks.Select(b => b.GetProperty("type").GetString()));
        var section = blocks[0].GetProperty("text");
        Assert.Equal("mrkdwn", section.GetProperty("type").GetString());
        Assert.Contains("shop &lt;web&gt; &amp; co", section.GetProperty("text").GetString());
        Assert.True(section.GetProperty("text").GetString()!.Length <= 3000); // Slack's limit for a section's text
        Assert.Contains("<https://portal.example/requests/1|Open in the portal>",
            blocks[1].GetProperty("elements")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void Teams_Payload_IsAMessageWithOneAdaptiveCard_AsTeamsWorkflowsExpect()
    {
        using var json = JsonDocument.Parse(NotificationPayloads.Teams(Message));
        var root = json.RootElement;
        Assert.Equal("message", root.GetProperty("type").GetString());
        var attachment = Assert.Single(root.GetProperty("attachments").EnumerateArray().ToList());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", card.GetProperty("$schema").GetString());
        Assert.Equal("1.4", card.GetProperty("version").GetString());
        Assert.All(card.GetProperty("body").EnumerateArray(), b => Assert.Equal("TextBlock", b.GetProperty("type").GetString()));
        Assert.Equal(Message.Title, card.GetProperty("body")[0].GetProperty("text").GetString());
        var action = Assert.Single(card.GetProperty("actions").EnumerateArray().ToList());
        Assert.Equal(("Action.OpenUrl", "https://portal.example/requests/1"), (action.GetProperty("type").GetString(), action.GetProperty("url").GetString()));
    }

    [Fact]
    public void Webhook_Payload_NamesTheEventAndLinksBack()
    {
        using var json = JsonDocument.Parse(NotificationPayloads.Webhook(Message));
        var root = json.RootElement;
        Assert.Equal("RequestFailed", root.GetProperty("type").GetString());
        Assert.Equal(Message.EventId.ToString(), root.GetProperty("id").GetString());
        Assert.Equal(Message.DeliveryId.ToString(), root.GetProperty("deliveryId").GetString());
        Assert.Equal("https://portal.example/requests/1", root.GetProperty("url").GetString());
        Assert.Equal("2026-12-07T10:00:00.0000000+00:00", root.GetProperty("occurredAt").GetString());
    }

    [Fact]
    public void Slack_FallbackTextIsEscapedToo_AndALongDetailStaysWithinTheSectionLimit()
    {
        var loud = Message with { Title = "Failed: <!channel> restore", Detail = new string('x', 5000) };
        using var json = JsonDocument.Parse(NotificationPayloads.Slack(loud));
        var root = json.RootElement;
        Assert.Equal("Failed: &lt;!channel&gt; restore: https://portal.example/requests/1", root.GetProperty("text").GetString());
        var section = root.GetProperty("blocks")[0].GetProperty("text").GetProperty("text").GetString()!;
        Assert.True(section.Length <= 3000, $"{section.Length} characters");
        Assert.StartsWith("*Failed: &lt;!channel&gt; restore*\n", section);
    }

    [Fact]
    public void Teams_WithoutDetailOrTenant_SendsNoBlankTextBlock()
    {
        using var json = JsonDocument.Parse(NotificationPayloads.Teams(Message with { Detail = "", Tenant = null }));
        var body = json.RootElement.GetProperty("attachments")[0].GetProperty("content").GetProperty("body").EnumerateArray().ToList();
        var only = Assert.Single(body);
        Assert.Equal(Message.Title, only.GetProperty("text").GetString());
        using var full = JsonDocument.Parse(NotificationPayloads.Teams(Message));
        var texts = full.RootElement.GetProperty("attachments")[0].GetProperty("content").GetProperty("body").EnumerateArray()
            .Select(b => b.GetProperty("text").GetString()).ToList();
        Assert.Equal([Message.Title, Message.Detail, "Webshop"], texts);
    }

    [Fact]
    public void TestMessage_IsOfTypeTest_InEveryPayload()
    {
        var test = NotificationMessage.Test(Guid.NewGuid(), "sre-hook", "https://portal.example/", DateTimeOffset.UnixEpoch);
        Assert.Equal(NotificationEventType.Test, test.Type);
        using var json = JsonDocument.Parse(NotificationPayloads.Webhook(test));
        Assert.Equal("Test", json.RootElement.GetProperty("type").GetString());
    }
}
