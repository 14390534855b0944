using Portal.ClusterSimulator.Resources;
using Portal.ClusterSimulator.Store;

namespace Portal.ClusterSimulator.Hosting;

/// <summary>Everything one simulated cluster's request handlers and controller share.</summary>
internal sealed class SimulatorContext(SimulatorOptions options, CrdCatalog catalog, SimulatorStore store, SimulatorFaults faults)
{
    public const string VeleroGroup = "velero.io";

    public SimulatorOptions Options { get; } = options;
    public CrdCatalog Catalog { get; } = catalog;
    public SimulatorStore Store { get; } = store;
    public SimulatorFaults Faults { get; } = faults;

    /// <summary>This cluster, as the writer of the backups it puts in shared object storage.</summary>
    public Guid Id { get; } = Guid.NewGuid();

    /// <summary>The buckets of Velero's storage locations: shared with other clusters when the options say so.</summary>
    public SimulatedObjectStorage ObjectStorage { get; } = options.ObjectStorage ?? new SimulatedObjectStorage();

    /// <summary>Files Velero hands out through DownloadRequests, served by this simulator's own server.</summary>
    public Velero.DownloadFiles Downloads { get; } = new();

    /// <summary>Where this simulator listens (https://127.0.0.1:port/), once it does: download URLs point here.</summary>
    public Uri? BaseUrl { get; set; }

    public ResourceDefinition NamespaceDefinition { get; } = catalog.Find("v1", "Namespace")!;

    /// <summary>Whether the group is currently served (Velero can be "uninstalled" by a fault).</summary>
    public bool IsServed(string group) => group != VeleroGroup || Faults.VeleroInstalled;

    public IEnumerable<ResourceDefinition> ServedDefinitions => Catalog.Definitions.Where(d => IsServed(d.Group));

    public ResourceDefinition? Definition(string apiVersion, string kind) => Catalog.Find(apiVersion, kind);
}
