namespace Portal.ClusterSimulator.Resources;

/// <summary>
/// The built-in Kubernetes types the simulator serves. They carry no schema: the simulator stores what it is
/// given (the portal only reads and copies these), which keeps the project free of the 2 MB upstream openapi files.
/// </summary>
internal static class CoreResources
{
    public static IEnumerable<ResourceDefinition> All()
    {
        yield return Core("Namespace", "namespaces", namespaced: false, status: true, shortNames: ["ns"]);
        yield return Core("ConfigMap", "configmaps", shortNames: ["cm"]);
        yield return Core("Secret", "secrets");
        yield return Core("Service", "services", status: true, shortNames: ["svc"], categories: ["all"]);
        yield return Core("PersistentVolumeClaim", "persistentvolumeclaims", status: true, shortNames: ["pvc"]);
        yield return Core("PersistentVolume", "persistentvolumes", namespaced: false, status: true, shortNames: ["pv"]);
        yield return Core("Pod", "pods", status: true, shortNames: ["po"], categories: ["all"]);
        yield return Core("ServiceAccount", "serviceaccounts", shortNames: ["sa"]);
        yield return Core("Endpoints", "endpoints", shortNames: ["ep"]);
        yield return Core("Event", "events", shortNames: ["ev"]);
        yield return Apps("Deployment", "deployments", ["deploy"]);
        yield return Apps("StatefulSet", "statefulsets", ["sts"]);
        yield return new ResourceDefinition
        {
            Group = "storage.k8s.io", Version = "v1", Kind = "StorageClass", Plural = "storageclasses",
            Singular = "storageclass", Namespaced = false, ShortNames = ["sc"],
        };
    }

    private static ResourceDefinition Core(string kind, string plural, bool namespaced = true, bool status = false,
        string[]? shortNames = null, string[]? categories = null) => new()
    {
        Group = "", Version = "v1", Kind = kind, Plural = plural, Singular = kind.ToLowerInvariant(),
        Namespaced = namespaced, HasStatusSubresource = status, ShortNames = shortNames ?? [], Categories = categories ?? [],
    };

    private static ResourceDefinition Apps(string kind, string plural, string[] shortNames) => new()
    {
        Group = "apps", Version = "v1", Kind = kind, Plural = plural, Singular = kind.ToLowerInvariant(),
        HasStatusSubresource = true, ShortNames = shortNames, Categories = ["all"],
    };
}
