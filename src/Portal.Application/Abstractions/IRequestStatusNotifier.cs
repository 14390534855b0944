namespace Portal.Application.Abstractions;

/// <summary>Tells open pages that a request changed, so they re-read it without a reload.</summary>
public interface IRequestStatusNotifier
{
    Task NotifyAsync(Guid tenantId, Guid requestId);

    /// <summary>Dispose the subscription to stop listening.</summary>
    IDisposable Subscribe(Func<Guid, Guid, Task> onChanged);
}

/// <summary>Wakes the executor as soon as a request is queued, instead of at its next poll.</summary>
public interface IExecutionSignal
{
    void RequestQueued();
    Task WaitAsync(TimeSpan timeout, CancellationToken ct);
}
