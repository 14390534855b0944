using Portal.Application.Common;

namespace Portal.Application.Abstractions;

/// <summary>Tells open pages (on every replica) that a request changed, so they re-read it without a reload.</summary>
public interface IRequestStatusNotifier
{
    /// <summary>Returns at once: pages re-read on their own time, never the caller's.</summary>
    void Notify(RequestChange change);

    /// <summary>Calls <paramref name="onChanged"/> (once per burst) after changes the filter matches. Dispose the
    /// subscription to stop listening.</summary>
    IDisposable Subscribe(RequestChangeFilter filter, Func<Task> onChanged);
}

/// <summary>Wakes the executor as soon as a request is queued, instead of at its next poll.</summary>
public interface IExecutionSignal
{
    void RequestQueued();
    Task WaitAsync(TimeSpan timeout, CancellationToken ct);
}
