using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions;

namespace Portal.Execution.Databases;

/// <summary>Process-wide fan-out of "a database's dumps changed" to open pages, like the request notifier:
/// subscribers re-read through the application layer, so nothing here can show another tenant's data.
/// Registered by the executor's composition so the tracker always has it; the web host may replace it.</summary>
internal sealed class DatabaseActivityNotifier(ILogger<DatabaseActivityNotifier> log) : IDatabaseActivityNotifier
{
    private readonly ConcurrentDictionary<Guid, Func<Guid, Guid, Task>> _subscribers = new();

    public async Task NotifyAsync(Guid tenantId, Guid databaseId)
    {
        foreach (var (id, callback) in _subscribers)
        {
            try
            {
                await callback(tenantId, databaseId);
            }
            catch (Exception ex)
            {
                log.LogDebug(ex, "A database activity subscriber ({Id}) failed; dropping it", id);
                _subscribers.TryRemove(id, out _);
            }
        }
    }

    public IDisposable Subscribe(Func<Guid, Guid, Task> onChanged)
    {
        var id = Guid.NewGuid();
        _subscribers[id] = onChanged;
        return new Subscription(() => _subscribers.TryRemove(id, out _));
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        public void Dispose() => dispose();
    }
}
