namespace Portal.ClusterSimulator.Resources;

/// <summary>
/// Shapes a cluster's catalog to what it serves (<see cref="SimulatorOptions.LegacyApiVersions"/>,
/// <see cref="SimulatorOptions.UnservedApis"/>): a removed definition is simply unknown to the cluster, so discovery,
/// openapi, routing, the demo seed and the controllers all agree without further checks.
/// </summary>
internal static class ServedApis
{
    public static void Apply(CrdCatalog catalog, SimulatorOptions options)
    {
        foreach (var groupVersion in options.LegacyApiVersions)
        {
            var defs = CoreResources.Legacy(groupVersion) ?? throw new ArgumentException(
                $"LegacyApiVersions: '{groupVersion}' is not a removed version the simulator knows (batch/v1beta1, networking.k8s.io/v1beta1, policy/v1beta1)");
            foreach (var d in defs) catalog.AddOrReplace(d);
        }
        // group snapshots are served only by clusters that enable them (like a cluster without those CRDs installed)
        if (!GroupSnapshotsEnabled(options)) catalog.RemoveWhere(d => d.Group == GroupSnapshotGroup);
        foreach (var entry in options.UnservedApis)
        {
            if (entry is "" or "v1") throw new ArgumentException("UnservedApis: the core group (v1) is always served");
            catalog.RemoveWhere(d => Matches(d, entry));
        }
    }

    public const string GroupSnapshotGroup = "groupsnapshot.storage.k8s.io";

    /// <summary><see cref="SimulatorOptions.GroupSnapshots"/>, or the demo's choice: the Primary site with demo data.</summary>
    public static bool GroupSnapshotsEnabled(SimulatorOptions options) =>
        options.GroupSnapshots ?? (options.SeedDemoData && Demo.DemoSites.Of(options) == DemoSite.Primary);

    /// <summary>"group/version" matches that version; otherwise a group name or a CRD name (plural.group).</summary>
    private static bool Matches(ResourceDefinition d, string entry) =>
        entry.Contains('/', StringComparison.Ordinal)
            ? d.Group.Length > 0 && d.ApiVersion == entry
            : d.Group == entry || (d.Group.Length > 0 && $"{d.Plural}.{d.Group}" == entry);
}
