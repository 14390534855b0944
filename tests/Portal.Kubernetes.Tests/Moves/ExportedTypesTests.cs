using Portal.Kubernetes.Moves;

namespace Portal.Kubernetes.Tests.Moves;

public class ExportedTypesTests
{
    private static ApiResource R(string group, string version, string kind, string plural, bool namespaced = true, bool preferred = true,
        params string[] verbs) => new(group, version, kind, plural, namespaced, verbs.Length == 0 ? ["get", "list", "create"] : verbs, preferred);

    [Fact]
    public void ExportedTypes_LeavesOutEventsMetricsClusterScopedUnlistableAndOlderVersions()
    {
        var served = new ServedResources(
        [
            R("", "v1", "ConfigMap", "configmaps"),
            R("", "v1", "Event", "events"),
            R("", "v1", "Namespace", "namespaces", namespaced: false),
            R("", "v1", "Binding", "bindings", verbs: ["create"]),
            R("apps", "v1", "Deployment", "deployments"),
            R("events.k8s.io", "v1", "Event", "events"),
            R("metrics.k8s.io", "v1beta1", "PodMetrics", "pods"),
            R("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers"),
            R("autoscaling", "v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", preferred: false),
            R("argoproj.io", "v1alpha1", "Application", "applications"),
        ], [], DateTimeOffset.UtcNow);

        var types = KubernetesMigrationGateway.ExportedTypes(served).Select(t => $"{t.ApiVersion} {t.Kind}");

        Assert.Equal(["v1 ConfigMap", "apps/v1 Deployment", "autoscaling/v2 HorizontalPodAutoscaler", "argoproj.io/v1alpha1 Application"], types);
    }

    [Fact]
    public void ServedResources_Find_ByApiVersionAndKind_PreferredByGroup()
    {
        var served = new ServedResources(
        [
            R("autoscaling", "v1", "HorizontalPodAutoscaler", "horizontalpodautoscalers", preferred: false),
            R("autoscaling", "v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers"),
        ], ["autoscaling/v2", "autoscaling/v1"], DateTimeOffset.UtcNow);

        Assert.Equal("v1", served.Find("autoscaling/v1", "HorizontalPodAutoscaler")!.Version);
        Assert.Equal("v2", served.FindPreferred("autoscaling", "HorizontalPodAutoscaler")!.Version);
        Assert.Null(served.Find("autoscaling/v2beta2", "HorizontalPodAutoscaler"));
    }
}
