using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Portal.Application.Abstractions;
using Portal.Application.Security;
using Portal.Domain.Auditing;
using Portal.Domain.Moves;
using Portal.Domain.Requests;

namespace Portal.Execution.Moves;

/// <summary>
/// Runs approved waves: starts a wave when its window opens (and the waves before it in its plan have ended), queues
/// its applications' requests up to its concurrency limit, skips those that have not started when the window closes,
/// queues rollbacks once the move they undo has stopped, and ends the wave when every application has ended. All of
/// its state is in the database; with several replicas, the wave's concurrency token lets one of them win each round.
/// </summary>
internal sealed class MigrationWaveDispatcher(IPortalDbContextFactory factory, IExecutionSignal signal, TimeProvider time,
    IOptions<MigrationOptions> options, IOptions<ExecutionOptions> execution, ILogger<MigrationWaveDispatcher> log) : BackgroundService
{
    private const string Actor = "wave dispatcher";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!execution.Value.Enabled) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DispatchOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                log.LogWarning(ex, "The wave dispatcher could not finish a round; trying again shortly");
            }
            try
            {
                await Task.Delay(options.Value.DispatchInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One round over every wave that is underway and every approved rollback. Returns how many requests it queued.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken ct)
    {
        List<Guid> waves, rollbacks, ended;
        await using (var db = await factory.CreateAsync(TenantScope.Everything, ct))
        {
            waves = await db.MigrationWaves.AsNoTracking()
                .Where(w => w.Status == MigrationWaveStatus.Scheduled || w.Status == MigrationWaveStatus.Running)
                .OrderBy(w => w.PlanId).ThenBy(w => w.Order).Select(w => w.Id).ToListAsync(ct);
            rollbacks = await db.Requests.AsNoTracking()
                .Where(r => r.Kind == RequestKind.MigrationRollback && r.Status == RequestStatus.Approved)
                .OrderBy(r => r.CreatedAt).Select(r => r.Id).ToListAsync(ct);
            ended = await db.MigrationWaves.AsNoTracking()
                .Where(w => (w.Status == MigrationWaveStatus.Completed
                             && db.MigrationApplications.Any(a => a.WaveId == w.Id && a.Status != MigrationApplicationStatus.Moved))
                            || (w.Status == MigrationWaveStatus.CompletedWithProblems
                                && db.MigrationApplications.Any(a => a.WaveId == w.Id && a.Status == MigrationApplicationStatus.RolledBack)
                                && !db.MigrationApplications.Any(a => a.WaveId == w.Id && a.Status != MigrationApplicationStatus.RolledBack
                                                                      && a.Status != MigrationApplicationStatus.Skipped))
                            // a failed step retried since, and every application moved now
                            || (w.Status == MigrationWaveStatus.CompletedWithProblems
                                && !db.MigrationApplications.Any(a => a.WaveId == w.Id && a.Status != MigrationApplicationStatus.Moved)))
                .Select(w => w.Id).ToListAsync(ct);
        }
        var queued = 0;
        foreach (var id in waves) queued += await GuardAsync(() => DispatchWaveAsync(id, ct), ct);
        foreach (var id in rollbacks) queued += await GuardAsync(() => DispatchRollbackAsync(id, ct), ct);
        foreach (var id in ended) await GuardAsync(() => RecheckEndedAsync(id, ct), ct);
        if (queued > 0) signal.RequestQueued();
        return queued;
    }

    private async Task<int> GuardAsync(Func<Task<int>> round, CancellationToken ct)
    {
        try
        {
            return await round();
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another replica (or a person) changed the wave or a request in the meantime: the next round sees it.
            return 0;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            log.LogWarning(ex, "The wave dispatcher could not handle one wave or rollback; it tries again next round");
            return 0;
        }
    }

    private async Task<int> DispatchWaveAsync(Guid waveId, CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        var now = time.GetUtcNow();
        var wave = await db.MigrationWaves.FirstAsync(w => w.Id == waveId, ct);
        if (!wave.IsUnderway) return 0;
        var earlier = await db.MigrationWaves.AnyAsync(w => w.PlanId == wave.PlanId && w.Order < wave.Order
            && (w.Status == MigrationWaveStatus.Scheduled || w.Status == MigrationWaveStatus.Running), ct);
        var apps = await db.MigrationApplications.Where(a => a.WaveId == waveId)
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.SourceNamespace).ToListAsync(ct);
        var requestIds = apps.Select(a => a.MigrationRequestId).OfType<Guid>().ToList();
        var requests = await db.Requests.Where(r => requestIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, ct);
        var view = apps.Select(a => new DispatchedApplication(a.Id, a.HasStarted, a.HasEnded, a.Status == MigrationApplicationStatus.Moved,
            a.RollbackRequested, a.MigrationRequestId is { } rid && requests.TryGetValue(rid, out var r) ? r.Status : null)).ToList();
        var decision = WaveDispatchRules.Decide(wave, earlier, view, now);
        if (decision.IsEmpty) return 0;

        if (decision.Start)
        {
            wave.MarkRunning(now);
            db.AuditEvents.Add(new AuditEvent(now, Actor, "migration.wave.started", "migration-wave", wave.Id.ToString(),
                $"Wave \"{wave.Name}\" started: {apps.Count} application(s), at most {wave.ConcurrencyLimit} at a time, window until {wave.NotAfter:yyyy-MM-dd HH:mm} UTC"));
        }
        foreach (var app in apps.Where(a => decision.Skip.Contains(a.Id)))
        {
            var why = $"The window closed at {wave.NotAfter:yyyy-MM-dd HH:mm} UTC before it started.";
            if (requests.GetValueOrDefault(app.MigrationRequestId!.Value) is { } request)
            {
                request.Cancel(now);
                db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Cancelled, "Cancelled: the wave's window closed", Actor, now, why));
            }
            app.MarkSkipped(why, now);
            db.AuditEvents.Add(new AuditEvent(now, Actor, "migration.application.skipped", "migration-application", app.Id.ToString(),
                $"{app.SourceNamespace} skipped in wave \"{wave.Name}\": {why}", app.TenantId));
        }
        foreach (var app in apps.Where(a => decision.Enqueue.Contains(a.Id)))
        {
            var request = requests[app.MigrationRequestId!.Value];
            request.Enqueue(now);
            db.RequestEvents.Add(new RequestEvent(request, RequestEventKind.Queued, "Queued by the wave", Actor, now,
                $"Wave \"{wave.Name}\" moves at most {wave.ConcurrencyLimit} application(s) at a time"));
        }
        if (decision.EndAllMoved is not null)
        {
            wave.MarkEnded(apps.Select(a => a.Status).ToList(), now);
            db.AuditEvents.Add(new AuditEvent(now, Actor, "migration.wave.ended", "migration-wave", wave.Id.ToString(), EndSummary(wave, apps)));
        }
        wave.RecordDispatch(now);
        await db.SaveChangesAsync(ct);
        return decision.Enqueue.Count;
    }

    private async Task<int> DispatchRollbackAsync(Guid rollbackId, CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        var now = time.GetUtcNow();
        var rollback = await db.Requests.FirstAsync(r => r.Id == rollbackId, ct);
        if (rollback.Status != RequestStatus.Approved) return 0;
        var p = rollback.ParametersAs<MigrationRequestParameters>();
        var app = await db.MigrationApplications.FirstOrDefaultAsync(a => a.Id == p.ApplicationId, ct);
        if (app is null) return 0;
        var wave = await db.MigrationWaves.FirstAsync(w => w.Id == app.WaveId, ct);
        var migration = app.MigrationRequestId is { } mid ? await db.Requests.FirstOrDefaultAsync(r => r.Id == mid, ct) : null;
        if (migration is { Status: RequestStatus.Approved or RequestStatus.Queued } && !app.HasStarted)
        {
            migration.Cancel(now);
            db.RequestEvents.Add(new RequestEvent(migration, RequestEventKind.Cancelled, "Cancelled: a rollback was asked for before the move started",
                Actor, now, app.RollbackRequestedByName is { } by ? $"Asked for by {by}" : null));
        }
        else if (migration is { Status: RequestStatus.Queued or RequestStatus.Running })
        {
            return 0; // the move stops at its next step; the rollback waits for it
        }
        rollback.Enqueue(now);
        db.RequestEvents.Add(new RequestEvent(rollback, RequestEventKind.Queued, "Queued: the move has stopped", Actor, now));
        db.AuditEvents.Add(new AuditEvent(now, Actor, "migration.rollback.queued", "migration-application", app.Id.ToString(),
            $"Rollback of {app.SourceNamespace} (wave \"{wave.Name}\") queued", app.TenantId));
        if (wave.IsUnderway || wave.HasEnded) wave.RecordDispatch(now);
        await db.SaveChangesAsync(ct);
        return 1;
    }

    /// <summary>A completed wave whose applications were rolled back afterwards did not complete as planned any more; one
    /// whose applications were all rolled back is rolled back.</summary>
    private async Task<int> RecheckEndedAsync(Guid waveId, CancellationToken ct)
    {
        await using var db = await factory.CreateAsync(TenantScope.Everything, ct);
        var now = time.GetUtcNow();
        var wave = await db.MigrationWaves.FirstAsync(w => w.Id == waveId, ct);
        if (wave.Status is not (MigrationWaveStatus.Completed or MigrationWaveStatus.CompletedWithProblems)) return 0;
        var apps = await db.MigrationApplications.AsNoTracking().Where(a => a.WaveId == waveId).ToListAsync(ct);
        if (!apps.All(a => a.HasEnded)) return 0;
        var before = wave.Status;
        wave.MarkEnded(apps.Select(a => a.Status).ToList(), now);
        if (wave.Status == before) return 0;
        db.AuditEvents.Add(new AuditEvent(now, Actor, "migration.wave.ended", "migration-wave", wave.Id.ToString(), EndSummary(wave, apps)));
        await db.SaveChangesAsync(ct);
        return 0;
    }

    private static string EndSummary(MigrationWave wave, IReadOnlyList<MigrationApplication> apps) =>
        $"Wave \"{wave.Name}\" ended {wave.Status}: " + string.Join(", ", apps.GroupBy(a => a.Status).Select(g => $"{g.Count()} {g.Key}"));
}
