namespace Portal.ClusterSimulator.Tests.Support;

/// <summary>Starts simulators the way the tests want them: random port, fast controller steps.</summary>
internal static class TestCluster
{
    public static Task<SimulatedCluster> StartAsync(bool seed = true, string name = "test", string? crds = null, int stepMs = 50, TimeProvider? time = null,
        IReadOnlyList<SimulatedStorageClass>? classes = null) =>
        SimulatedCluster.StartAsync(new SimulatorOptions
        {
            StorageClasses = classes,
            ClusterName = name,
            Port = 0,
            SeedDemoData = seed,
            CrdDirectory = crds,
            PhaseStepDelay = TimeSpan.FromMilliseconds(stepMs),
            WatchBookmarkInterval = TimeSpan.FromMilliseconds(200),
            TimeProvider = time,
        });

    /// <summary>Polls until <paramref name="condition"/> holds or the timeout passes (then fails with <paramref name="what"/>).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, Func<T, bool> condition, string what, int timeoutMs = 10000)
        where T : class
    {
        var until = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        T? last = null;
        while (DateTime.UtcNow < until)
        {
            last = await probe();
            if (last is not null && condition(last)) return last;
            await Task.Delay(25);
        }
        throw new Xunit.Sdk.XunitException($"timed out waiting for {what}; last value: {last}");
    }
}
