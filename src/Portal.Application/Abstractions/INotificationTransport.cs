using Portal.Application.Features.Notifications.Messages;
using Portal.Domain.Notifications;

namespace Portal.Application.Abstractions;

/// <summary>Sends one message to one channel's address (plain text only in memory, on the way out).</summary>
public interface INotificationTransport
{
    /// <summary>Is e-mail available (an SMTP server configured)?</summary>
    bool EmailConfigured { get; }

    Task<SendOutcome> SendAsync(NotificationChannelKind kind, string target, string? secret, NotificationMessage message, CancellationToken ct);
}

/// <summary>The receiver's answer. <see cref="Retryable"/>: no answer, 5xx, 408 or 429 (worth another try);
/// <see cref="Skipped"/>: not sent and never will be (e-mail without SMTP).</summary>
public sealed record SendOutcome(bool Delivered, int? StatusCode, string? Error, bool Retryable, bool Skipped = false)
{
    public static SendOutcome Ok(int? statusCode) => new(true, statusCode, null, false);
    public string Words => Delivered ? $"Delivered{(StatusCode is { } c ? $" (HTTP {c})" : "")}"
        : Skipped ? Error ?? "Not sent"
        : $"{(StatusCode is { } s ? $"HTTP {s}: " : "")}{Error}";
}

/// <summary>The notification outbox and delivery rows as a durable queue (FOR UPDATE SKIP LOCKED plus a lease on
/// PostgreSQL, the row's concurrency token on SQLite), like <see cref="IRequestQueue"/>.</summary>
public interface INotificationQueue
{
    /// <summary>Takes one event not yet handed to its channels (or whose claim expired); null when none.</summary>
    Task<Guid?> ClaimEventAsync(string owner, TimeSpan lease, CancellationToken ct);

    /// <summary>Takes one pending delivery that is due, of a channel that is not paused; null when none.</summary>
    Task<Guid?> ClaimDeliveryAsync(string owner, TimeSpan lease, CancellationToken ct);
}
