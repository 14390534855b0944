namespace Portal.Application.Common;

/// <summary>
/// A small in-memory cache with a bound on its entries and, optionally, an age limit: when full, the entry used least
/// recently goes. For answers that are costly to get and safe to reuse (a finished backup's resource list, a preview a
/// user pages through). Thread-safe.
/// </summary>
public sealed class BoundedCache<TKey, TValue>(int capacity, TimeSpan? maxAge, TimeProvider time) where TKey : notnull
{
    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value, DateTimeOffset At)>> _map = new();
    private readonly LinkedList<(TKey Key, TValue Value, DateTimeOffset At)> _order = new();
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate) return _map.Count;
        }
    }

    public bool TryGet(TKey key, out TValue value)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(key, out var node))
            {
                if (maxAge is { } age && time.GetUtcNow() - node.Value.At > age)
                {
                    _order.Remove(node);
                    _map.Remove(key);
                }
                else
                {
                    _order.Remove(node);
                    _order.AddFirst(node);
                    value = node.Value.Value;
                    return true;
                }
            }
        }

        value = default!;
        return false;
    }

    public void Set(TKey key, TValue value)
    {
        lock (_gate)
        {
            if (_map.Remove(key, out var old)) _order.Remove(old);
            _map[key] = _order.AddFirst((key, value, time.GetUtcNow()));
            while (_map.Count > Math.Max(1, capacity))
            {
                var last = _order.Last!;
                _order.RemoveLast();
                _map.Remove(last.Value.Key);
            }
        }
    }

    public void Remove(TKey key)
    {
        lock (_gate)
        {
            if (_map.Remove(key, out var node)) _order.Remove(node);
        }
    }
}
