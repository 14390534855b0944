using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions;
using Portal.Domain.Auditing;

namespace Portal.Application.Security;

/// <summary>Records security events that are not part of a use case's own unit of work (a refused action, a
/// refused sign-in) in the audit log, each in its own small transaction.</summary>
public sealed class SecurityEvents(IPortalDbContextFactory factory, TimeProvider time, ILogger<SecurityEvents> log)
{
    private readonly List<Task> _pending = [];

    /// <summary>An authorization refusal of <paramref name="useCase"/>. Recorded in the background: the refusal is
    /// returned at once and never waits on (or fails because of) the audit write.</summary>
    public void Refused(CurrentPrincipal who, string useCase, string why)
    {
        var actor = who.IsAuthenticated ? who.DisplayName : $"anonymous ({who.DisplayName})";
        var e = new AuditEvent(time.GetUtcNow(), actor, "access.refused", "use-case", useCase, why, null,
            who.UserId.Length > 0 ? who.UserId : null, who.SourceAddress, AuditOutcome.Refused);
        Task task;
        lock (_pending) { _pending.RemoveAll(t => t.IsCompleted); task = WriteAsync(e); _pending.Add(task); }
    }

    public async Task RecordAsync(AuditEvent e, CancellationToken ct = default)
    {
        await using var db = await factory.CreateAsync(TenantScope.Nothing, ct);
        db.AuditEvents.Add(e);
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Waits for background writes (tests, shutdown).</summary>
    public Task FlushAsync()
    {
        lock (_pending) return Task.WhenAll(_pending.ToArray());
    }

    private async Task WriteAsync(AuditEvent e)
    {
        await Task.Yield();
        try { await RecordAsync(e); }
        catch (Exception ex) { log.LogError(ex, "Could not record the security event {Action} of {Actor}: {Summary}", e.Action, e.Actor, e.Summary); }
    }
}
