using Portal.Application.Abstractions;

namespace Portal.Execution;

/// <summary>In-process wake-up for the executor. Other replicas find the work at their next poll.</summary>
internal sealed class ExecutionSignal : IExecutionSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void RequestQueued()
    {
        if (_signal.CurrentCount == 0)
        {
            try { _signal.Release(); } catch (SemaphoreFullException) { /* already signalled */ }
        }
    }

    public async Task WaitAsync(TimeSpan timeout, CancellationToken ct) => await _signal.WaitAsync(timeout, ct);
}
