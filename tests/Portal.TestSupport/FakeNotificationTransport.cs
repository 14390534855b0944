using System.Collections.Concurrent;
using Portal.Application.Abstractions;
using Portal.Application.Features.Notifications.Messages;
using Portal.Domain.Notifications;

namespace Portal.TestSupport;

/// <summary>Records what would have been sent and answers with <see cref="Answer"/> (delivered, HTTP 200, by default).</summary>
public sealed class FakeNotificationTransport : INotificationTransport
{
    public ConcurrentQueue<(NotificationChannelKind Kind, string Target, string? Secret, NotificationMessage Message)> Sent { get; } = new();
    public SendOutcome Answer { get; set; } = SendOutcome.Ok(200);
    public bool EmailConfigured { get; set; }

    public Task<SendOutcome> SendAsync(NotificationChannelKind kind, string target, string? secret, NotificationMessage message, CancellationToken ct)
    {
        Sent.Enqueue((kind, target, secret, message));
        return Task.FromResult(Answer);
    }
}
