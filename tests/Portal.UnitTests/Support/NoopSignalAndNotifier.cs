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
    public void Notify(Portal.Application.Common.RequestChange change) => Interlocked.Increment(ref Notifications);
    public IDisposable Subscribe(Portal.Application.Common.RequestChangeFilter filter, Func<Task> onChanged) => new Noop();
    private sealed class Noop : IDisposable { public void Dispose() { } }
}
