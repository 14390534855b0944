using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Portal.Application.Abstractions;
using Portal.Domain.Notifications;

namespace Portal.IntegrationTests.Notifications;

/// <summary>Slack and Teams channels over real HTTP to a local receiver (a loopback address may be plain http): each body
/// is JSON in the shape its service takes, and unsigned (only the generic webhook carries a signature).</summary>
public class ChatPayloadTests
{
    [Fact]
    public async Task SlackAndTeams_ReceiveTheirOwnFormats_OverHttp()
    {
        await using var world = await NotificationWorld.CreateAsync();
        var protector = world.Replica.Services.GetRequiredService<ICredentialProtector>();
        await using (var db = await world.Replica.OpenAllAsync())
        {
            foreach (var kind in new[] { NotificationChannelKind.Slack, NotificationChannelKind.Teams })
                db.NotificationChannels.Add(NotificationChannel.ForTenant(world.TenantId, $"{kind}", kind, protector.Protect(world.Receiver.Url),
                    "http://127.0.0.1/…ook/", null, [NotificationEventType.ApprovalNeeded], DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }
        var requestId = await world.AskForBackupAsync();

        await NotificationWorld.RunUntilAsync(world.Worker("w1"), () => Task.FromResult(world.Receiver.Received.Count >= 3), "three channels reached");

        var bodies = world.Receiver.Received.Select(r => (r.Headers, Json: JsonDocument.Parse(r.Body).RootElement)).ToList();
        Assert.All(bodies, b => Assert.StartsWith("application/json", b.Headers["Content-Type"]));
        var link = $"https://portal.example.test/requests/{requestId}";

        var slack = Assert.Single(bodies, b => b.Json.TryGetProperty("blocks", out _));
        Assert.False(slack.Headers.ContainsKey("X-Portal-Signature"));
        Assert.Contains(link, slack.Json.GetProperty("text").GetString());
        var blocks = slack.Json.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(["section", "context"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("mrkdwn", blocks[0].GetProperty("text").GetProperty("type").GetString());
        Assert.Contains($"<{link}|Open in the portal>", blocks[1].GetProperty("elements")[0].GetProperty("text").GetString());

        var teams = Assert.Single(bodies, b => b.Json.TryGetProperty("attachments", out _));
        Assert.False(teams.Headers.ContainsKey("X-Portal-Signature"));
        Assert.Equal("message", teams.Json.GetProperty("type").GetString());
        var attachment = Assert.Single(teams.Json.GetProperty("attachments").EnumerateArray().ToList());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal(("AdaptiveCard", "1.4"), (card.GetProperty("type").GetString(), card.GetProperty("version").GetString()));
        Assert.All(card.GetProperty("body").EnumerateArray(), b => Assert.False(string.IsNullOrEmpty(b.GetProperty("text").GetString())));
        Assert.Equal(link, Assert.Single(card.GetProperty("actions").EnumerateArray().ToList()).GetProperty("url").GetString());

        // The generic webhook is the third, signed.
        Assert.Single(bodies, b => b.Headers.ContainsKey("X-Portal-Signature"));
    }
}
