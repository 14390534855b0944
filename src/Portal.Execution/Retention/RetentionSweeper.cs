using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Features.Retention;
using Portal.Application.Security;

namespace Portal.Execution.Retention;

/// <summary>What one retention run removed.</summary>
public sealed record RetentionRun(int AuditEventsRemoved, int TimelineRowsRemoved);

/// <summary>
/// Removes audit events and request timeline rows older than <see cref="RetentionOptions"/> allow, in batches (each its own short
/// statement, oldest first), and records each run in the audit log with what it removed. Removed rather than archived to a file:
/// a file on a replica's disk is neither shared between replicas nor backed up with the database, so it would be a second, weaker
/// copy of the trail; a deployment that must keep more exports the database (or sets the age to 0). Every replica runs it; two
/// runs at once remove disjoint or already-gone rows, which is harmless.
/// </summary>
internal sealed class RetentionSweeper(IPortalDbContextFactory factory, IOptions<RetentionOptions> options, TimeProvider time,
    ILogger<RetentionSweeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Removing old audit events and timeline rows failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One run: everything older than the configured ages, then one audit event with the counts (also when nothing was old
    /// enough, so the log shows the job ran). Nothing at all when both ages are 0 (keep forever).</summary>
    public async Task<RetentionRun> RunOnceAsync(CancellationToken ct)
    {
        var o = options.Value;
        if (o.AuditEventsDays == 0 && o.TimelineDays == 0) return new RetentionRun(0, 0);
        var now = time.GetUtcNow();
        var timelineBefore = now.AddDays(-o.TimelineDays);
        var auditBefore = now.AddDays(-o.AuditEventsDays);
        var timeline = o.TimelineDays == 0 ? 0 : await RemoveAsync((db, batch) =>
            db.RequestEvents.Where(e => e.At < timelineBefore).OrderBy(e => e.At).Take(batch).ExecuteDeleteAsync(ct), o.BatchSize, ct);
        // The database lets an audit event go only once it is older than RetentionOptions.AuditFloorDays (its append-only trigger).
        var audit = o.AuditEventsDays == 0 ? 0 : await RemoveAsync((db, batch) =>
            db.AuditEvents.Where(e => e.At < auditBefore).OrderBy(e => e.At).Take(batch).ExecuteDeleteAsync(ct), o.BatchSize, ct);

        await using var record = await factory.CreateAsync(TenantScope.Everything, ct);
        record.Audit("portal (retention)", now, "retention.removed", "retention", "audit-and-timelines",
            $"Removed {audit:N0} audit events older than {Age(o.AuditEventsDays)} and {timeline:N0} timeline rows older than {Age(o.TimelineDays)}");
        await record.SaveChangesAsync(ct);
        if (audit + timeline > 0) log.LogInformation("Retention removed {Audit} audit events and {Timeline} timeline rows", audit, timeline);
        return new RetentionRun(audit, timeline);

        static string Age(int days) => days == 0 ? "(kept forever)" : $"{days} days";
    }

    private async Task<int> RemoveAsync(Func<IPortalDbContext, int, Task<int>> removeBatch, int batch, CancellationToken ct)
    {
        var removed = 0;
        while (true)
        {
            await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
            var n = await removeBatch(db, batch);
            removed += n;
            if (n < batch) return removed;
        }
    }
}
