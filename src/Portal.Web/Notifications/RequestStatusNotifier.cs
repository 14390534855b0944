using System.Collections.Concurrent;
using Portal.Application.Abstractions;

namespace Portal.Web.Notifications;

/// <summary>Process-wide fan-out of "request changed" to the open circuits. Subscribers re-read through the
/// application layer, so nothing here can reveal another tenant's data. (With several replicas, a page
/// sees changes made by another replica's executor at its next re-read; the request page also polls.)</summary>
internal sealed class RequestStatusNotifier(ILogger<RequestStatusNotifier> log) : IRequestStatusNotifier
{
    private readonly ConcurrentDictionary<Guid, Func<Guid, Guid, Task>> _subscribers = new();

    public async Task NotifyAsync(Guid tenantId, Guid requestId)
    {
        foreach (var (id, callback) in _subscribers)
        {
            try
            {
                await callback(tenantId, requestId);
            }
            catch (Exception ex)
            {
                log.LogDebug(ex, "A subscriber ({Id}) failed; dropping it", id);
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
