using System.Threading.Channels;

namespace Portal.ClusterSimulator.Store;

/// <summary>
/// A live watch registered with the store. Events (replayed history first, then live ones) queue in an unbounded
/// channel so the store never blocks on a slow client. Dispose to unregister.
/// </summary>
internal sealed class WatchSubscription(string storeKey, string? ns, Action<WatchSubscription> unregister) : IDisposable
{
    private readonly Channel<StoreEvent> _channel = Channel.CreateUnbounded<StoreEvent>(new UnboundedChannelOptions { SingleReader = true });

    public string StoreKey { get; } = storeKey;

    /// <summary>Null watches every namespace (cluster-wide list/watch).</summary>
    public string? Namespace { get; } = ns;

    public ChannelReader<StoreEvent> Events => _channel.Reader;

    public bool Matches(StoreEvent e) => e.StoreKey == StoreKey && (Namespace is null || e.Namespace == Namespace);

    public void Push(StoreEvent e) => _channel.Writer.TryWrite(e);

    public void Dispose()
    {
        unregister(this);
        _channel.Writer.TryComplete();
    }
}
