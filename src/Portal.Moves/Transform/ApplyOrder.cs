using Portal.Domain.Moves;
using System.Text.Json.Nodes;
using Portal.Moves.Objects;

namespace Portal.Moves.Transform;

/// <summary>
/// The order objects are applied in, so that what an object refers to exists first: Namespace;
/// ResourceQuota and LimitRange; ServiceAccounts; Secrets; ConfigMaps; PersistentVolumeClaims; Roles;
/// RoleBindings; Services; workloads (Deployment, StatefulSet, DaemonSet, CronJob, Job, then bare ReplicaSets and
/// Pods); Ingress, HorizontalPodAutoscaler, PodDisruptionBudget, NetworkPolicy; other built-in kinds; custom
/// resources last. Within a kind, by namespace and name (ordinal), so the same export always gives the same order.
/// </summary>
internal static class ApplyOrder
{
    private static readonly (string Group, string Kind)[] Ranked =
    [
        ("", "Namespace"),
        ("", "ResourceQuota"), ("", "LimitRange"),
        ("", "ServiceAccount"),
        ("", "Secret"),
        ("", "ConfigMap"),
        ("", "PersistentVolumeClaim"),
        ("rbac.authorization.k8s.io", "Role"),
        ("rbac.authorization.k8s.io", "RoleBinding"),
        ("", "Service"), ("", "Endpoints"), ("discovery.k8s.io", "EndpointSlice"),
        ("apps", "Deployment"), ("apps", "StatefulSet"), ("apps", "DaemonSet"), ("batch", "CronJob"), ("batch", "Job"),
        ("apps", "ReplicaSet"), ("", "ReplicationController"), ("", "Pod"),
        ("networking.k8s.io", "Ingress"), ("autoscaling", "HorizontalPodAutoscaler"), ("policy", "PodDisruptionBudget"),
        ("networking.k8s.io", "NetworkPolicy"),
    ];

    private static readonly Dictionary<(string, string), int> Rank =
        Ranked.Select((k, i) => (k, i)).ToDictionary(p => p.k, p => p.i);

    /// <summary>Old groups sort with the kind they became (extensions Ingress with networking.k8s.io Ingress).</summary>
    private static readonly Dictionary<string, string[]> FormerGroups = new(StringComparer.Ordinal)
    {
        ["extensions"] = ["apps", "networking.k8s.io"],
    };

    public static IReadOnlyList<JsonObject> Sort(IEnumerable<JsonObject> objects) =>
        objects.Select(o => (Object: o, Key: ObjectKey.Of(o)))
            .OrderBy(p => RankOf(p.Key))
            .ThenBy(p => p.Key.Group, StringComparer.Ordinal)
            .ThenBy(p => p.Key.Kind, StringComparer.Ordinal)
            .ThenBy(p => p.Key.Namespace ?? "", StringComparer.Ordinal)
            .ThenBy(p => p.Key.Name, StringComparer.Ordinal)
            .Select(p => p.Object)
            .ToList();

    private static int RankOf(ObjectKey key)
    {
        if (Rank.TryGetValue((key.Group, key.Kind), out var rank)) return rank;
        foreach (var group in FormerGroups.GetValueOrDefault(key.Group, []))
        {
            if (Rank.TryGetValue((group, key.Kind), out rank)) return rank;
        }
        return ApiGroups.IsBuiltIn(key.Group) ? Ranked.Length : Ranked.Length + 1;
    }
}
