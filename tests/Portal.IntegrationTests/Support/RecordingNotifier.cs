using Portal.Application.Abstractions;

namespace Portal.IntegrationTests.Support;

/// <summary>Records every change notification, so tests can wait for a request to move.</summary>
public sealed class RecordingNotifier : IRequestStatusNotifier
{
    private int _count;
    public int Count => _count;
    public void Notify(Portal.Application.Common.RequestChange change) => Interlocked.Increment(ref _count);
    public IDisposable Subscribe(Portal.Application.Common.RequestChangeFilter filter, Func<Task> onChanged) => new Noop();
    private sealed class Noop : IDisposable { public void Dispose() { } }
}
