using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Portal.Application.Abstractions.Clusters;
using static Portal.Kubernetes.JsonText;

namespace Portal.Kubernetes.Moves;

public sealed partial class KubernetesMigrationGateway
{
    /// <summary>Groups whose objects are never part of an application: Events (core and events.k8s.io) are a record of
    /// what happened, metrics.k8s.io is computed on the fly.</summary>
    private static readonly HashSet<string> SkippedGroups = new(StringComparer.Ordinal) { "events.k8s.io", "metrics.k8s.io" };

    public async Task<NamespaceExport> ExportNamespaceAsync(ClusterConnection cluster, string @namespace, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentException.ThrowIfNullOrWhiteSpace(@namespace);
        var served = await _discovery.GetAsync(cluster, ct).ConfigureAwait(false);
        var types = ExportedTypes(served);
        var found = new ConcurrentBag<(int Order, List<JsonObject> Items)>();
        var unreadable = new ConcurrentBag<(int Order, string Reason)>();
        await Parallel.ForEachAsync(types.Select((t, i) => (t, i)),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, _options.ListParallelism), CancellationToken = ct },
            async (item, token) =>
            {
                var (type, order) = item;
                try
                {
                    found.Add((order, await ListAsync(cluster, type, @namespace, null, token).ConfigureAwait(false)));
                }
                catch (ClusterAccessException e) when (e.Fault is ClusterFault.Forbidden or ClusterFault.NotFound)
                {
                    // Forbidden: the credential may not read it (least privilege); NotFound: its CRD went away meanwhile.
                    var why = e.Fault == ClusterFault.Forbidden ? "forbidden" : "not found";
                    unreadable.Add((order, $"{type.Describe()}: {why} ({e.Message})"));
                    _logger.LogInformation("Export of {Namespace} on {Cluster} skips {Resource}: {Reason}",
                        @namespace, cluster.ClusterName, type.Describe(), e.Message);
                }
            }).ConfigureAwait(false);

        var objects = found.OrderBy(f => f.Order)
            .SelectMany(f => f.Items.OrderBy(i => Text(i["metadata"]?["name"]), StringComparer.Ordinal))
            .ToList();
        _logger.LogInformation("Exported {Count} objects of {Types} types from {Namespace} on {Cluster} ({Unreadable} unreadable)",
            objects.Count, types.Count, @namespace, cluster.ClusterName, unreadable.Count);
        return new NamespaceExport(objects, unreadable.OrderBy(u => u.Order).Select(u => u.Reason).ToList());
    }

    /// <summary>The namespaced types to list: the preferred version of each group, served with <c>list</c>, without
    /// Events and the metrics API. A kind served by several groups under the same plural (core and events.k8s.io
    /// Events) appears once per group; both are left out here.</summary>
    internal static List<ApiResource> ExportedTypes(ServedResources served) =>
        served.Resources
            .Where(r => r.PreferredVersion && r.Namespaced && r.Can("list"))
            .Where(r => !SkippedGroups.Contains(r.Group) && !(r.Group.Length == 0 && r.Plural == "events"))
            .ToList();
}
