using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Portal.Application.Common;

/// <summary>Process-wide fan-out of "something changed" (a request, a database's dumps) to the open pages, and through
/// the <see cref="IChangeRelay"/> to the other replicas. Subscribers only learn that something they show changed and
/// re-read through the application layer, so nothing passed here can show another tenant's data.
/// <para>Publishing never waits: each subscriber has a one-slot channel of its own and its own loop, so a slow or stuck
/// page never slows the executor or another page. Changes arriving while a subscriber's re-read is pending or running
/// fold into one more re-read after it (a burst costs a page one or two re-reads, not one per write). A subscriber
/// whose callback throws (a closed circuit) is dropped.</para></summary>
public abstract class ChangeFanOut<TChange> where TChange : notnull
{
    private readonly ConcurrentDictionary<Subscription, byte> _subscribers = new();
    private readonly ILogger _log;
    private readonly IChangeRelay _relay;

    protected ChangeFanOut(ILogger log, IChangeRelay? relay)
    {
        _log = log;
        _relay = relay ?? InProcessChangeRelay.Instance;
        _relay.Attach<TChange>(Deliver, PokeAll);
    }

    /// <summary>Open subscriptions (for tests and diagnostics).</summary>
    public int SubscriberCount => _subscribers.Count;

    /// <summary>Tells this replica's matching subscribers and the other replicas; returns at once.</summary>
    protected void Publish(TChange change)
    {
        Deliver(change);
        _relay.Send(change);
    }

    /// <summary>A change from here or from another replica, to this replica's matching subscribers.</summary>
    private void Deliver(TChange change)
    {
        foreach (var subscriber in _subscribers.Keys)
            if (subscriber.Wants(change)) subscriber.Poke();
    }

    /// <summary>Changes may have been missed (the relay lost its connection): everyone re-reads once.</summary>
    private void PokeAll()
    {
        foreach (var subscriber in _subscribers.Keys) subscriber.Poke();
    }

    /// <summary>Calls <paramref name="onChanged"/> after changes that <paramref name="wants"/>; the filter runs on the
    /// publisher's thread, so it must only look at the change (no I/O). Dispose to stop listening.</summary>
    protected IDisposable SubscribeWhere(Func<TChange, bool> wants, Func<Task> onChanged)
    {
        var subscription = new Subscription(this, wants, onChanged);
        _subscribers[subscription] = 0;
        subscription.Start();
        return subscription;
    }

    internal sealed class Subscription(ChangeFanOut<TChange> owner, Func<TChange, bool> wants, Func<Task> onChanged) : IDisposable
    {
        // One slot: a change while one is pending is already covered by the pending re-read.
        private readonly Channel<bool> _pending = Channel.CreateBounded<bool>(new BoundedChannelOptions(1)
        {
            FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true, SingleWriter = false,
        });
        private readonly CancellationTokenSource _stop = new();

        /// <summary>Re-reads asked for and not started yet: never more than one.</summary>
        internal int Pending => _pending.Reader.Count;

        /// <summary>The subscriber's loop; ends once disposed.</summary>
        internal Task Loop { get; private set; } = Task.CompletedTask;

        public bool Wants(TChange change) => wants(change);

        public void Poke() => _pending.Writer.TryWrite(true);

        public void Start() => Loop = Task.Run(LoopAsync);

        private async Task LoopAsync()
        {
            try
            {
                while (await _pending.Reader.WaitToReadAsync(_stop.Token))
                {
                    _pending.Reader.TryRead(out _);
                    try
                    {
                        await onChanged();
                    }
                    catch (Exception ex)
                    {
                        owner._log.LogDebug(ex, "A subscriber of {Notifier} failed; dropping it", owner.GetType().Name);
                        Dispose();
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // disposed: a page that is gone re-reads nothing
            }
        }

        public void Dispose()
        {
            if (!owner._subscribers.TryRemove(this, out _)) return;
            _pending.Writer.TryComplete();
            _stop.Cancel();
        }
    }
}
