using Portal.Application.Common;
using Portal.Execution;

namespace Portal.UnitTests.Execution;

/// <summary>The executor's wake reaches the other replicas through the change relay, and their wakes reach this one.</summary>
public class ExecutionSignalTests
{
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);

    [Fact]
    public async Task RequestQueued_WakesThisExecutor_AndTellsTheOtherReplicas()
    {
        var relay = new FakeRelay();
        var signal = new ExecutionSignal(relay);
        var waiting = signal.WaitAsync(Never, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        signal.RequestQueued();

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.IsType<ExecutorWake>(Assert.Single(relay.Sent));
    }

    [Fact]
    public async Task AWakeFromAnotherReplica_WakesThisExecutor_WithoutSendingItOnAgain()
    {
        var relay = new FakeRelay();
        var signal = new ExecutionSignal(relay);
        var waiting = signal.WaitAsync(Never, CancellationToken.None);

        relay.Deliver(new ExecutorWake());

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(relay.Sent);
    }

    [Fact]
    public async Task TheRelayReconnecting_WakesThisExecutor_ForAWakeItMayHaveMissed()
    {
        var relay = new FakeRelay();
        var signal = new ExecutionSignal(relay);
        var waiting = signal.WaitAsync(Never, CancellationToken.None);

        relay.Resync();

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private sealed class FakeRelay : IChangeRelay
    {
        private readonly List<(Action<object> Deliver, Action Resync)> _attached = [];

        public List<object> Sent { get; } = [];

        public void Send<TChange>(TChange change) where TChange : notnull => Sent.Add(change);

        public void Attach<TChange>(Action<TChange> deliver, Action resync) where TChange : notnull =>
            _attached.Add((c => { if (c is TChange t) deliver(t); }, resync));

        public void Deliver(object change) => _attached.ForEach(a => a.Deliver(change));

        public void Resync() => _attached.ForEach(a => a.Resync());
    }
}
