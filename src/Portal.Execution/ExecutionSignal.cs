using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Execution;

/// <summary>Wakes the executor when work is queued: this replica's at once, the other replicas' through the
/// <see cref="IChangeRelay"/> (LISTEN/NOTIFY on PostgreSQL, the same relay that carries live page updates), so a
/// submission on one replica is claimed by whichever replica is free, without waiting for its poll. On SQLite the relay
/// carries nothing: there is one process. A lost relay connection wakes the executor too (a wake may have been missed).</summary>
internal sealed class ExecutionSignal : IExecutionSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly IChangeRelay _relay;

    public ExecutionSignal(IChangeRelay? relay = null)
    {
        _relay = relay ?? InProcessChangeRelay.Instance;
        _relay.Attach<ExecutorWake>(_ => Wake(), Wake);
    }

    public void RequestQueued()
    {
        Wake();
        _relay.Send(new ExecutorWake());
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) => await _signal.WaitAsync(timeout, ct);

    private void Wake()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { /* already signalled */ }
        }
    }
}
