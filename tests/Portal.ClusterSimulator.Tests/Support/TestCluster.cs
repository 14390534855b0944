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
}
