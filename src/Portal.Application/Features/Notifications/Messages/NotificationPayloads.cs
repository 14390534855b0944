using System.Text.Json;
using System.Text.Json.Nodes;

namespace Portal.Application.Features.Notifications.Messages;

/// <summary>The body each kind of channel expects, built from one <see cref="NotificationMessage"/>.</summary>
public static class NotificationPayloads
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>The generic webhook's JSON (documented in docs/notifications.md).</summary>
    public static string Webhook(NotificationMessage m) => new JsonObject
    {
        ["id"] = m.EventId?.ToString() ?? m.DeliveryId.ToString(),
        ["deliveryId"] = m.DeliveryId.ToString(),
        ["type"] = m.IsTest ? "Test" : m.Type.ToString(),
        ["title"] = m.Title,
        ["detail"] = m.Detail,
        ["tenant"] = m.Tenant,
        ["url"] = m.Link,
        ["occurredAt"] = m.OccurredAt.ToUniversalTime().ToString("O"),
    }.ToJsonString(Compact);

    /// <summary>A Slack incoming webhook message: <c>text</c> (the notification's fallback, shown where blocks are not) and Block
    /// Kit blocks: a section in mrkdwn (at most 3000 characters, Slack's limit) and a context line with the link. Every text is
    /// escaped: in Slack's markup a title like "&lt;!channel&gt;" would call everyone.</summary>
    public static string Slack(NotificationMessage m)
    {
        var section = $"*{SlackEscape(m.Title)}*" + (m.Detail.Length > 0 ? "\n" + SlackEscape(m.Detail) : "");
        if (section.Length > SlackSectionLimit) section = section[..(SlackSectionLimit - 1)] + "…";
        return new JsonObject
        {
            ["text"] = $"{SlackEscape(m.Title)}: {SlackEscape(m.Link)}",
            ["blocks"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "section",
                    ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = section },
                },
                new JsonObject
                {
                    ["type"] = "context",
                    ["elements"] = new JsonArray(new JsonObject
                    {
                        ["type"] = "mrkdwn",
                        ["text"] = $"<{SlackEscape(m.Link)}|Open in the portal>" + (m.Tenant is null ? "" : $" · {SlackEscape(m.Tenant)}"),
                    }),
                }),
        }.ToJsonString(Compact);
    }

    private const int SlackSectionLimit = 3000;

    /// <summary>A Microsoft Teams workflow ("When a Teams webhook request is received", then "Post card in a chat or
    /// channel") takes a message whose attachments hold an Adaptive Card (<c>application/vnd.microsoft.card.adaptive</c>,
    /// version 1.4). A TextBlock must have text: empty parts (no detail, no tenant) are left out, not sent blank.</summary>
    public static string Teams(NotificationMessage m)
    {
        var body = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = m.Title, ["weight"] = "Bolder", ["size"] = "Medium", ["wrap"] = true });
        if (m.Detail.Length > 0) body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = m.Detail, ["wrap"] = true });
        if (m.Tenant is { Length: > 0 } tenant)
            body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = tenant, ["isSubtle"] = true, ["spacing"] = "None", ["wrap"] = true });
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(new JsonObject
            {
                ["contentType"] = "application/vnd.microsoft.card.adaptive",
                ["contentUrl"] = null,
                ["content"] = new JsonObject
                {
                    ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
                    ["type"] = "AdaptiveCard",
                    ["version"] = "1.4",
                    ["body"] = body,
                    ["actions"] = new JsonArray(new JsonObject { ["type"] = "Action.OpenUrl", ["title"] = "Open in the portal", ["url"] = m.Link }),
                },
            }),
        }.ToJsonString(Compact);
    }

    /// <summary>An e-mail's subject and plain-text body.</summary>
    public static (string Subject, string Body) Email(NotificationMessage m) =>
        ($"[Portal] {m.Title}", $"{m.Title}\n\n{m.Detail}\n\n{(m.Tenant is null ? "" : $"Tenant: {m.Tenant}\n")}Open in the portal: {m.Link}\n");

    // Slack mrkdwn: &, < and > are control characters.
    private static string SlackEscape(string s) => s.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");
}
