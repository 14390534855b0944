using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Application.Telemetry;
using Portal.Domain.Requests;

namespace Portal.Execution;

/// <summary>Fills the <c>portal.queue.depth</c> gauge: requests waiting for an executor, by kind and state
/// (<c>queued</c>; <c>retry</c>: released after a transient fault until its retry time). Counted only when a metrics
/// reader collects (an OTLP export, a Prometheus scrape), at most once per <see cref="Freshness"/>, so the portal does
/// not query the database for a metric nobody reads. Every replica reports the same figure: take the max across them.</summary>
internal sealed class QueueDepthGauge(IPortalDbContextFactory factory, TimeProvider time, ILogger<QueueDepthGauge> log) : IHostedService, IDisposable
{
    public static readonly TimeSpan Freshness = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan QueryLimit = TimeSpan.FromSeconds(5);
    private readonly Lock _lock = new();
    private IDisposable? _registration;
    private (DateTimeOffset At, IReadOnlyList<Measurement<long>> Values)? _last;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _registration = PortalTelemetry.ObserveQueueDepth(Observe);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _registration?.Dispose();
        _registration = null;
    }

    /// <summary>Called by the meter on its collector's thread (never a UI thread), so it may wait for the count.</summary>
    internal IReadOnlyList<Measurement<long>> Observe()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_last is { } last && now - last.At < Freshness) return last.Values;
            try
            {
                var values = Task.Run(CountAsync).GetAwaiter().GetResult();
                _last = (now, values);
                return values;
            }
            catch (Exception ex)
            {
                log.LogDebug(ex, "Could not count the queue for the queue-depth metric");
                return [];
            }
        }
    }

    private async Task<IReadOnlyList<Measurement<long>>> CountAsync()
    {
        using var limit = new CancellationTokenSource(QueryLimit);
        await using var db = await factory.CreateAsync(TenantScope.Everything, limit.Token);
        var rows = await db.Requests.AsNoTracking()
            .Where(r => r.Status == RequestStatus.Queued || (r.Status == RequestStatus.Running && r.LeaseOwner == null))
            .GroupBy(r => new { r.Kind, r.Status })
            .Select(g => new { g.Key.Kind, g.Key.Status, Count = g.Count() })
            .ToListAsync(limit.Token);
        return rows.Select(r => new Measurement<long>(r.Count,
            new KeyValuePair<string, object?>(PortalTelemetry.Tags.RequestKind, r.Kind.ToString()),
            new KeyValuePair<string, object?>(PortalTelemetry.Tags.QueueState, r.Status == RequestStatus.Queued ? "queued" : "retry"))).ToList();
    }
}
