using Portal.Domain.Moves;
using Portal.Domain.Requests;

namespace Portal.Execution.Moves;

/// <summary>One application of a wave as the dispatcher sees it: where it stands and its migration request's status.</summary>
internal sealed record DispatchedApplication(Guid Id, bool HasStarted, bool HasEnded, bool IsMoved, bool RollbackRequested, RequestStatus? Request);

/// <summary>What to do with a wave now.</summary>
internal sealed record WaveDecision(bool Start, IReadOnlyList<Guid> Skip, IReadOnlyList<Guid> Enqueue, bool? EndAllMoved)
{
    public static WaveDecision Nothing { get; } = new(false, [], [], null);
    public bool IsEmpty => !Start && Skip.Count == 0 && Enqueue.Count == 0 && EndAllMoved is null;
}

/// <summary>
/// The wave dispatcher's rules, pure: a wave starts when its window is open and no earlier wave of its plan is still
/// underway; at most its concurrency limit of applications are queued or running at once; when the window has closed,
/// applications that have not started are skipped; the wave ends when every application has ended.
/// </summary>
internal static class WaveDispatchRules
{
    /// <param name="applications">In the order they should be queued.</param>
    public static WaveDecision Decide(MigrationWave wave, bool earlierWaveUnderway, IReadOnlyList<DispatchedApplication> applications, DateTimeOffset now)
    {
        if (!wave.IsUnderway) return WaveDecision.Nothing;
        var closed = wave.WindowHasClosed(now);
        var start = wave.Status == MigrationWaveStatus.Scheduled && wave.WindowIsOpen(now) && !earlierWaveUnderway;
        var running = wave.Status == MigrationWaveStatus.Running || start;
        if (!running && !closed) return WaveDecision.Nothing;

        var skip = closed
            ? applications.Where(a => !a.HasStarted && !a.HasEnded && !a.RollbackRequested && a.Request is RequestStatus.Approved or RequestStatus.Queued)
                .Select(a => a.Id).ToList()
            : [];

        var enqueue = new List<Guid>();
        if (running && !closed)
        {
            var active = applications.Count(a => a.Request is RequestStatus.Queued or RequestStatus.Running);
            var slots = Math.Max(0, wave.ConcurrencyLimit - active);
            enqueue.AddRange(applications.Where(a => a.Request == RequestStatus.Approved && !a.RollbackRequested && !a.HasEnded)
                .Take(slots).Select(a => a.Id));
        }

        bool? end = null;
        if (applications.All(a => a.HasEnded || skip.Contains(a.Id)))
            end = applications.All(a => a.IsMoved);
        return new WaveDecision(start, skip, enqueue, end);
    }
}
