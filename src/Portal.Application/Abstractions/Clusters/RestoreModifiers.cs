namespace Portal.Application.Abstractions.Clusters;

/// <summary>One JSON patch operation of a Velero restore resource modifier rule, as Velero reads it: the value is
/// text, and Velero writes it into the patch unquoted when it reads as JSON (true, 3, {...}, null) and quoted otherwise.
/// A failing <c>test</c> makes Velero skip the rule for that object; any other failing operation fails the object.</summary>
public sealed record RestoreModifierPatch(string Operation, string Path, string? Value = null);

/// <summary>One rule of Velero's restore resource modifiers: which objects (a group-resource such as
/// <c>persistentvolumeclaims</c> or <c>cronjobs.batch</c>, optionally a name pattern) and the JSON patches applied to
/// each before it is created. Velero matches namespaces by the backed-up (original) namespace, so rules here do not
/// name one. <paramref name="Why"/> is what the rule does in words (timelines, previews).</summary>
public sealed record RestoreModifierRule(string GroupResource, IReadOnlyList<RestoreModifierPatch> Patches, string Why, string? NameRegex = null);

/// <summary>The portal's restore modifier rules, each said once: drills isolate what they restore, restores to another
/// cluster map the classes the target does not have. Velero's <c>test</c> operation guards each change so that an
/// object without the field (or with another value) is restored untouched instead of failing.</summary>
public static class RestoreModifiers
{
    /// <summary>Fields only a Service reachable from outside may carry (the API server refuses them on a ClusterIP Service).</summary>
    private static readonly string[] ExternalOnlyServiceFields =
        ["externalTrafficPolicy", "healthCheckNodePort", "loadBalancerIP", "loadBalancerSourceRanges", "loadBalancerClass", "allocateLoadBalancerNodePorts"];

    /// <summary>CronJobs come back suspended: a rehearsal must not run the application's jobs.</summary>
    public static RestoreModifierRule SuspendCronJobs { get; } = new("cronjobs.batch",
        [new("add", "/spec/suspend", "true")], "CronJobs are restored suspended");

    /// <summary>Services of type LoadBalancer or NodePort come back as ClusterIP, without the fields only externally
    /// reachable Services may carry (Velero itself drops node ports it did not see set explicitly, unless the Restore
    /// preserves them). A field is removed by adding it first, so that a Service without it does not fail.</summary>
    public static IReadOnlyList<RestoreModifierRule> ServicesToClusterIp { get; } =
        new[] { "LoadBalancer", "NodePort" }.Select(type => new RestoreModifierRule("services",
        [
            new("test", "/spec/type", type),
            new("replace", "/spec/type", "ClusterIP"),
            .. ExternalOnlyServiceFields.SelectMany(f => new RestoreModifierPatch[] { new("add", $"/spec/{f}", "null"), new("remove", $"/spec/{f}") }),
        ], $"Services of type {type} are restored as ClusterIP")).ToList();

    /// <summary>Claims of each mapped storage class are restored in the class it maps to (StatefulSets' claim templates
    /// keep theirs: the restored claims, which the StatefulSet adopts by name, carry the data).</summary>
    public static IReadOnlyList<RestoreModifierRule> StorageClasses(IReadOnlyDictionary<string, string> map) =>
        map.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => new RestoreModifierRule("persistentvolumeclaims",
            [new("test", "/spec/storageClassName", p.Key), new("replace", "/spec/storageClassName", p.Value)],
            $"Claims of storage class {p.Key} are restored in {p.Value}")).ToList();

    /// <summary>The deprecated annotation older Ingresses name their class by (instead of <c>spec.ingressClassName</c>).</summary>
    public const string LegacyIngressClassAnnotation = "kubernetes.io/ingress.class";

    /// <summary>Ingresses of each mapped ingress class are restored with the class it maps to, whether they name it by
    /// <c>spec.ingressClassName</c> or by the legacy annotation (one rule each: each is guarded by its own <c>test</c>).</summary>
    public static IReadOnlyList<RestoreModifierRule> IngressClasses(IReadOnlyDictionary<string, string> map)
    {
        // JSON pointer: "/" in a key is written "~1"
        var annotation = "/metadata/annotations/" + LegacyIngressClassAnnotation.Replace("/", "~1", StringComparison.Ordinal);
        return map.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => new[]
        {
            new RestoreModifierRule("ingresses.networking.k8s.io",
                [new("test", "/spec/ingressClassName", p.Key), new("replace", "/spec/ingressClassName", p.Value)],
                $"Ingresses of class {p.Key} are restored with class {p.Value}"),
            new RestoreModifierRule("ingresses.networking.k8s.io",
                [new("test", annotation, p.Key), new("replace", annotation, p.Value)],
                $"Ingresses naming class {p.Key} by the annotation {LegacyIngressClassAnnotation} are restored naming {p.Value}"),
        }).ToList();
    }
}
