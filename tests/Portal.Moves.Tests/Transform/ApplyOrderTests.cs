using Portal.Domain.Moves;
using Portal.Moves.Tests.Support;
using Portal.Moves.Transform;

namespace Portal.Moves.Tests.Transform;

public sealed class ApplyOrderTests
{
    [Fact]
    public void Transform_ShopExport_ComesOutInDependencyOrder()
    {
        var order = TransformedShop.Result().Objects.Select(o => $"{o["kind"]} {o["metadata"]!["name"]}");

        Assert.Equal(
        [
            "Namespace storefront",
            "ServiceAccount web",
            "Secret db-credentials",
            "ConfigMap web-config",
            "PersistentVolumeClaim data-db-0", "PersistentVolumeClaim uploads",
            "Role web-config-reader",
            "RoleBinding web-config-reader",
            "Service db-headless", "Service legacy-db", "Service web", "Service web-nodeport", "Service web-public",
            "Deployment web",
            "StatefulSet db",
            "CronJob report",
            "Job seed-catalog",
            "Pod toolbox",
            "Ingress web",
            "NetworkPolicy db-from-shop",
        ], order);
    }

    [Fact]
    public void Transform_AnyInputOrder_GivesTheSameOrder()
    {
        var objects = new[]
        {
            """{ "apiVersion": "example.com/v1", "kind": "Widget", "metadata": { "name": "a", "namespace": "shop" } }""",
            """{ "apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": { "name": "web", "namespace": "shop" } }""",
            """{ "apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": { "name": "web", "namespace": "shop" } }""",
            """{ "apiVersion": "apps/v1", "kind": "DaemonSet", "metadata": { "name": "agent", "namespace": "shop" } }""",
            """{ "apiVersion": "v1", "kind": "LimitRange", "metadata": { "name": "limits", "namespace": "shop" } }""",
            """{ "apiVersion": "v1", "kind": "ResourceQuota", "metadata": { "name": "quota", "namespace": "shop" } }""",
            """{ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "b", "namespace": "shop" } }""",
            """{ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "name": "a", "namespace": "shop" } }""",
            """{ "apiVersion": "v1", "kind": "ReplicationController", "metadata": { "name": "legacy", "namespace": "shop" } }""",
            """{ "apiVersion": "v1", "kind": "PodTemplate", "metadata": { "name": "tpl", "namespace": "shop" } }""",
            """{ "apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": { "name": "old", "namespace": "shop" } }""",
        }.Select(Json.Parse).ToList();
        var expected = new[]
        {
            "ResourceQuota quota", "LimitRange limits", "ConfigMap a", "ConfigMap b", "DaemonSet agent", "ReplicationController legacy",
            "Ingress old", "HorizontalPodAutoscaler web", "PodDisruptionBudget web", "PodTemplate tpl", "Widget a",
        };

        foreach (var input in new[] { objects, Enumerable.Reverse(objects).ToList() })
        {
            var order = ManifestTransformer.Transform(input, MigrationMappings.None).Objects.Select(o => $"{o["kind"]} {o["metadata"]!["name"]}");
            Assert.Equal(expected, order);
        }
    }
}
