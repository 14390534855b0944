using Portal.Application.Abstractions;
using Portal.Application.Common;
using Portal.Application.Security;

namespace Portal.Web.Tests.Support;

/// <summary>The signed-in user, switchable in the middle of a test (requester, then approver).</summary>
public sealed class SwitchablePrincipal : ICurrentPrincipalProvider
{
    public CurrentPrincipal Current { get; set; } = CurrentPrincipal.Anonymous;

    private Task? _holdNext;
    public int Held;

    /// <summary>The next ask for the principal (a use case starting) waits for <paramref name="gate"/>.</summary>
    public void HoldNext(Task gate) => _holdNext = gate;

    public async Task<CurrentPrincipal> GetAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref _holdNext, null) is { } gate)
        {
            Interlocked.Increment(ref Held);
            await gate;
        }
        return Current;
    }
}

public sealed class CountingExecutionSignal : IExecutionSignal
{
    public int Queued { get; private set; }

    public void RequestQueued() => Queued++;

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => Task.CompletedTask;
}

public sealed class SimpleDatabaseActivityNotifier : IDatabaseActivityNotifier
{
    private readonly List<(Guid DatabaseId, Func<Task> OnChanged)> _subscribers = [];

    public void Notify(DatabaseActivityChange change)
    {
        foreach (var (id, s) in _subscribers.ToList())
            if (id == change.DatabaseId) _ = s();
    }

    public IDisposable Subscribe(Guid databaseId, Func<Task> onChanged)
    {
        var entry = (databaseId, onChanged);
        _subscribers.Add(entry);
        return new Unsubscribe(() => _subscribers.Remove(entry));
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
