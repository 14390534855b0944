using Portal.Application.Abstractions;

namespace Portal.IntegrationTests.Support;

/// <summary>Records every change notification, so tests can wait for a request to move.</summary>
public sealed class RecordingNotifier : IRequestStatusNotifier
{
    private int _count;
    public int Count => _count;
    public Task NotifyAsync(Guid tenantId, Guid requestId)
    {
        Interlocked.Increment(ref _count);
        return Task.CompletedTask;
    }
    public IDisposable Subscribe(Func<Guid, Guid, Task> onChanged) => new Noop();
    private sealed class Noop : IDisposable { public void Dispose() { } }
}
