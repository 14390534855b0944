using Portal.Application.Abstractions;
using Portal.Application.Common;

namespace Portal.Web.Tests.Support;

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

public sealed class SimpleProtectionStatusNotifier : IProtectionStatusNotifier
{
    private readonly List<(Func<ProtectionChange, bool> Wants, Func<Task> OnChanged)> _subscribers = [];

    public int Subscribers => _subscribers.Count;

    public void Notify(ProtectionChange change)
    {
        foreach (var (wants, s) in _subscribers.ToList())
            if (wants(change)) _ = s();
    }

    public IDisposable Subscribe(Func<ProtectionChange, bool> wants, Func<Task> onChanged)
    {
        var entry = (wants, onChanged);
        _subscribers.Add(entry);
        return new Gone(() => _subscribers.Remove(entry));
    }

    private sealed class Gone(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
