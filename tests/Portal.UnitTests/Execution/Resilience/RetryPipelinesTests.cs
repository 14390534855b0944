using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Polly;
using Polly.Registry;
using Portal.Application.Abstractions.Clusters;
using Portal.Execution;
using Portal.Execution.Resilience;

namespace Portal.UnitTests.Execution.Resilience;

/// <summary>The registered pipelines, as the executor resolves them (options bound from configuration), on a fake clock
/// that records every wait asked of it.</summary>
public class RetryPipelinesTests
{
    private static readonly TimeSpan S = TimeSpan.FromSeconds(1);
    private readonly Clock _clock = new();

    private ResiliencePipeline Pipeline(string key, Dictionary<string, string?>? settings = null)
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(settings ?? []).Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<TimeProvider>(_clock);
        services.AddPortalExecution(config, runBackgroundServices: false);
        return services.BuildServiceProvider().GetRequiredService<ResiliencePipelineProvider<string>>().GetPipeline(key);
    }

    [Fact]
    public async Task WriteConflict_TriesAgainAtOnce_UntilTheWriteGoesThrough()
    {
        var calls = 0;
        await Pipeline(RetryPipelines.WriteConflict).ExecuteAsync(_ =>
        {
            if (++calls < 3) throw new LeaseLostException(Guid.NewGuid(), new DbUpdateConcurrencyException("row changed"));
            return ValueTask.CompletedTask;
        });
        Assert.Equal(3, calls);
        Assert.All(_clock.Waits, w => Assert.Equal(TimeSpan.Zero, w));
    }

    [Fact]
    public async Task WriteConflict_GivesUpAfterThreeTries_WithTheConflict()
    {
        var calls = 0;
        var last = new LeaseLostException(Guid.NewGuid(), new DbUpdateConcurrencyException("row changed"));
        var thrown = await Assert.ThrowsAsync<LeaseLostException>(() => Pipeline(RetryPipelines.WriteConflict).ExecuteAsync(_ =>
        {
            calls++;
            throw last;
        }).AsTask());
        Assert.Equal(3, calls);
        Assert.Same(last, thrown);
    }

    [Theory]
    [MemberData(nameof(NotAWriteConflict))]
    public async Task WriteConflict_DoesNotRetry_OtherErrors(Exception error)
    {
        var calls = 0;
        var thrown = await Assert.ThrowsAnyAsync<Exception>(() => Pipeline(RetryPipelines.WriteConflict).ExecuteAsync(_ =>
        {
            calls++;
            throw error;
        }).AsTask());
        Assert.Equal(1, calls);
        Assert.Same(error, thrown);
    }

    public static TheoryData<Exception> NotAWriteConflict() =>
    [
        new LeaseLostException(Guid.NewGuid()),
        new ClusterAccessException(ClusterFault.Unreachable, "down"),
        new DbUpdateException("duplicate key"),
        new InvalidOperationException("bug"),
    ];

    [Fact]
    public async Task ClusterOutage_WaitsTheRunnersDelays_OnTheInjectedClock_CappedAtFiveMinutes()
    {
        using var stop = new CancellationTokenSource();
        var calls = Channel.CreateUnbounded<DateTimeOffset>();
        var run = Pipeline(RetryPipelines.ClusterOutage).ExecuteAsync(_ =>
        {
            calls.Writer.TryWrite(_clock.GetUtcNow());
            throw new ClusterAccessException(ClusterFault.Unreachable, "down");
        }, stop.Token).AsTask();

        var previous = await NextAsync(calls);
        foreach (var seconds in new[] { 5, 10, 20, 40, 80, 160, 300, 300 })
        {
            Assert.Equal(seconds * S, await NextWaitAsync());
            _clock.Advance(seconds * S);
            var at = await NextAsync(calls);
            Assert.Equal(seconds * S, at - previous);
            previous = at;
        }

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task ClusterOutage_TakesItsNumbersFromConfiguration_AndStopsAfterMaxAttempts()
    {
        var calls = 0;
        var pipeline = Pipeline(RetryPipelines.ClusterOutage, new() { ["Execution:RetryBaseDelay"] = "00:00:02", ["Execution:MaxAttempts"] = "3" });
        var run = pipeline.ExecuteAsync(_ =>
        {
            Interlocked.Increment(ref calls);
            throw new ClusterAccessException(ClusterFault.Timeout, "slow");
        }).AsTask();

        Assert.Equal(2 * S, await NextWaitAsync());
        _clock.Advance(2 * S);
        Assert.Equal(4 * S, await NextWaitAsync());
        _clock.Advance(4 * S);
        await Assert.ThrowsAsync<ClusterAccessException>(() => run);
        Assert.Equal(3, calls);
        Assert.Empty(_clock.Waits);
    }

    [Theory]
    [InlineData(ClusterFault.Forbidden)]
    [InlineData(ClusterFault.Unauthorized)]
    [InlineData(ClusterFault.NotFound)]
    [InlineData(ClusterFault.Invalid)]
    public async Task ClusterOutage_DoesNotRetry_FaultsThatNeedAPerson(ClusterFault fault)
    {
        var calls = 0;
        await Assert.ThrowsAsync<ClusterAccessException>(() => Pipeline(RetryPipelines.ClusterOutage).ExecuteAsync(_ =>
        {
            calls++;
            throw new ClusterAccessException(fault, "no");
        }).AsTask());
        Assert.Equal(1, calls);
        Assert.Empty(_clock.Waits);
    }

    private static async Task<DateTimeOffset> NextAsync(Channel<DateTimeOffset> calls)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        return await calls.Reader.ReadAsync(limit.Token);
    }

    /// <summary>The next wait the pipeline asked of the clock (it asks right after a failed try).</summary>
    private async Task<TimeSpan> NextWaitAsync()
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        TimeSpan wait;
        while (!_clock.Waits.TryDequeue(out wait)) await Task.Delay(1, limit.Token);
        return wait;
    }

    /// <summary>A fake clock that records every timer asked of it.</summary>
    private sealed class Clock : FakeTimeProvider
    {
        public ConcurrentQueue<TimeSpan> Waits { get; } = new();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Waits.Enqueue(dueTime);
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
