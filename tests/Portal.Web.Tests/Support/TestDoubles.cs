using Portal.Application.Abstractions;

namespace Portal.Web.Tests.Support;

public sealed class CountingExecutionSignal : IExecutionSignal
{
    public int Queued { get; private set; }

    public void RequestQueued() => Queued++;

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => Task.CompletedTask;
}

public sealed class SimpleNotifier : IRequestStatusNotifier
{
    private readonly List<Func<Guid, Guid, Task>> _subscribers = [];

    public async Task NotifyAsync(Guid tenantId, Guid requestId)
    {
        foreach (var s in _subscribers.ToList()) await s(tenantId, requestId);
    }

    public IDisposable Subscribe(Func<Guid, Guid, Task> onChanged)
    {
        _subscribers.Add(onChanged);
        return new Unsubscribe(() => _subscribers.Remove(onChanged));
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}

public sealed class SimpleDatabaseActivityNotifier : IDatabaseActivityNotifier
{
    private readonly List<Func<Guid, Guid, Task>> _subscribers = [];

    public async Task NotifyAsync(Guid tenantId, Guid databaseId)
    {
        foreach (var s in _subscribers.ToList()) await s(tenantId, databaseId);
    }

    public IDisposable Subscribe(Func<Guid, Guid, Task> onChanged)
    {
        _subscribers.Add(onChanged);
        return new Unsubscribe(() => _subscribers.Remove(onChanged));
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
