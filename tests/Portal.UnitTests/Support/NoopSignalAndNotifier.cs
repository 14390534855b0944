using Portal.Application.Abstractions;

namespace Portal.UnitTests.Support;

public sealed class NoopSignal : IExecutionSignal
{
    public int Signals;
    public void RequestQueued() => Interlocked.Increment(ref Signals);
    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => Task.Delay(timeout, ct);
}

public sealed class CountingNotifier : IRequestStatusNotifier
{
    public int Notifications;
    public Task NotifyAsync(Guid tenantId, Guid requestId)
    {
        Interlocked.Increment(ref Notifications);
        return Task.CompletedTask;
    }
    public IDisposable Subscribe(Func<Guid, Guid, Task> onChanged) => new Noop();
    private sealed class Noop : IDisposable { public void Dispose() { } }
}
