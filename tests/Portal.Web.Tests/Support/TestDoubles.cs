using Portal.Application.Abstractions;
using Portal.Application.Security;

namespace Portal.Web.Tests.Support;

/// <summary>The signed-in user, switchable in the middle of a test (requester, then approver).</summary>
public sealed class SwitchablePrincipal : ICurrentPrincipalProvider
{
    public CurrentPrincipal Current { get; set; } = CurrentPrincipal.Anonymous;

    public Task<CurrentPrincipal> GetAsync(CancellationToken ct = default) => Task.FromResult(Current);
}

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
