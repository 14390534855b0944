using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Portal.Application.Telemetry;
using Portal.Domain.Requests;

namespace Portal.Execution;

/// <summary>The trace span and metrics of one executor run (<see cref="PortalTelemetry"/>). Start it synchronously, so
/// its span is the current one for every call the run makes; dispose it when the run has recorded its outcome.</summary>
internal sealed class RunTelemetry : IDisposable
{
    private readonly RequestRun _run;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly Activity? _activity;

    private RunTelemetry(RequestRun run, TimeProvider time)
    {
        _run = run;
        _time = time;
        _started = time.GetTimestamp();
        _activity = PortalTelemetry.StartRun(run.Request, run.Cluster.Name);
    }

    public static RunTelemetry Start(RequestRun run, TimeProvider time) => new(run, time);

    /// <summary>On a request's first claim, how long it waited in the queue: from its latest "Queued" timeline entry to
    /// the claim. Later claims (after a transient fault, a lost lease) wait on purpose and are not counted.</summary>
    public async Task RecordQueueWaitAsync(CancellationToken ct)
    {
        if (_run.Request.Attempt != 1 || _run.Request.StartedAt is not { } claimedAt) return;
        try
        {
            await using var db = await _run.OpenDbAsync(ct);
            var queuedAt = await db.RequestEvents.AsNoTracking()
                .Where(e => e.RequestId == _run.Request.Id && e.Kind == RequestEventKind.Queued)
                .OrderByDescending(e => e.Sequence).Select(e => (DateTimeOffset?)e.At).FirstOrDefaultAsync(ct);
            if (queuedAt is { } at) PortalTelemetry.RecordQueueWait(_run.Request.Kind, claimedAt - at);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A metric is not worth failing the run for; the run's own next write meets the same database anyway.
        }
    }

    public void Dispose()
    {
        PortalTelemetry.RunEnded(_activity, _run.Request.Kind, PortalTelemetry.RunOutcome(_run.Request), _time.GetElapsedTime(_started));
        _activity?.Dispose();
    }
}
