using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Portal.Application.Common;

/// <summary>Process-wide fan-out of "something of this tenant changed" (a request, a database's dumps) to the open
/// pages. Subscribers only learn an id and re-read through the application layer, so nothing passed here can show
/// another tenant's data. A subscriber that throws (a closed circuit) is dropped.</summary>
public abstract class ChangeFanOut(ILogger log)
{
    private readonly ConcurrentDictionary<Guid, Func<Guid, Guid, Task>> _subscribers = new();

    public async Task NotifyAsync(Guid tenantId, Guid subjectId)
    {
        foreach (var (id, callback) in _subscribers)
        {
            try
            {
                await callback(tenantId, subjectId);
            }
            catch (Exception ex)
            {
                log.LogDebug(ex, "A subscriber ({Id}) of {Notifier} failed; dropping it", id, GetType().Name);
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
