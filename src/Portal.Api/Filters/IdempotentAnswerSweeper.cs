using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions;
using Portal.Application.Security;

namespace Portal.Api.Filters;

/// <summary>Removes the stored answers of <c>Idempotency-Key</c> POSTs once they are past their useful life
/// (<see cref="IdempotencyFilter.Retention"/>): a retry after that is a new request anyway, and without the sweep every key ever
/// sent would stay in IdempotentAnswers. Answers still pending (the first call still running, or one that died mid-call) go the same
/// way. Every replica runs it; deleting what another replica deleted is fine.</summary>
public sealed class IdempotentAnswerSweeper(IPortalDbContextFactory factory, TimeProvider time, ILogger<IdempotentAnswerSweeper> log) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromHours(1);
    /// <summary>How long an answer is useful (<see cref="IdempotencyFilter.Retention"/>).</summary>
    public static TimeSpan Retention => IdempotencyFilter.Retention;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "Removing old Idempotency-Key answers failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    /// <summary>One round; the number of answers removed.</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var before = time.GetUtcNow() - IdempotencyFilter.Retention;
        await using var db = await factory.CreateAsync(TenantScope.Nothing, ct);
        var removed = await db.IdempotentAnswers.Where(a => a.CreatedAt < before).ExecuteDeleteAsync(ct);
        if (removed > 0) log.LogInformation("Removed {Count} Idempotency-Key answers older than {Retention}", removed, IdempotencyFilter.Retention);
        return removed;
    }
}
