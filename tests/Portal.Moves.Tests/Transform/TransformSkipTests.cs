using Portal.Domain.Moves;
using Portal.Moves.Tests.Fixtures;
using Portal.Moves.Tests.Support;
using Portal.Moves.Transform;

namespace Portal.Moves.Tests.Transform;

/// <summary>What the transform leaves out of the shop export, each with its reason in words.</summary>
public sealed class TransformSkipTests
{
    private readonly TransformResult _result = TransformedShop.Result();

    private string ReasonFor(string kind, string name) =>
        _result.Skipped.Single(s => s.Object.Kind == kind && s.Object.Name == name).Reason;

    [Fact]
    public void Transform_ShopExport_LeavesOutExactlyWhatTheTargetOrAControllerRecreates()
    {
        var skipped = _result.Skipped.Select(s => s.Object.ToString()).Order(StringComparer.Ordinal);

        Assert.Equal(
        [
            "ConfigMap \"shop/kube-root-ca.crt\"", "EndpointSlice \"shop/web-8xq2m\"", "Endpoints \"shop/web\"", "Event \"shop/web-7d4b9c6f5-x2x7k.182a4f6c1d2e3f40\"",
            "Job \"shop/report-29024460\"", "Pod \"shop/web-7d4b9c6f5-x2x7k\"", "ReplicaSet \"shop/web-7d4b9c6f5\"",
            "Secret \"shop/web-token-q8r2z\"", "ServiceAccount \"shop/default\"",
        ], skipped);
        Assert.Equal(ShopExport.All().Count, _result.Objects.Count + _result.Skipped.Count);
    }

    [Fact]
    public void Transform_OwnedObjects_NamedWithTheirOwner()
    {
        Assert.Equal("It is owned by ReplicaSet \"web-7d4b9c6f5\", which recreates it on the target.", ReasonFor("Pod", "web-7d4b9c6f5-x2x7k"));
        Assert.Equal("It is owned by Deployment \"web\", which recreates it on the target.", ReasonFor("ReplicaSet", "web-7d4b9c6f5"));
        Assert.Equal("It is owned by CronJob \"report\", which recreates it on the target.", ReasonFor("Job", "report-29024460"));
    }

    [Fact]
    public void Transform_ClusterMadeObjects_SaySoInWords()
    {
        Assert.Equal("The endpoints controller maintains it for the Service \"web\"; the target builds its own from the Service's selector.", ReasonFor("Endpoints", "web"));
        Assert.Equal("The EndpointSlice controller maintains it; the target builds its own from the Services.", ReasonFor("EndpointSlice", "web-8xq2m"));
        Assert.Equal("Events record what happened on the source cluster; the target records its own.", ReasonFor("Event", "web-7d4b9c6f5-x2x7k.182a4f6c1d2e3f40"));
        Assert.Equal("It is a ServiceAccount token of the source cluster; the target issues its own tokens.", ReasonFor("Secret", "web-token-q8r2z"));
        Assert.Equal("It holds the cluster's CA certificate, which the target publishes in every namespace itself.", ReasonFor("ConfigMap", "kube-root-ca.crt"));
    }

    [Fact]
    public void Transform_DefaultServiceAccountWithPullSecrets_SaysToAddThemOnTheTarget() => Assert.Equal(
        "The target creates its own \"default\" ServiceAccount in every namespace. On the source it lists the image pull secrets \"old-registry-pull\": add them to the target's default ServiceAccount.",
        ReasonFor("ServiceAccount", "default"));

    [Fact]
    public void Transform_ShopExport_NotesWhatChangedThatPeopleRelyOn()
    {
        Assert.Contains("Service \"shop/web-nodeport\": the target assigns new node ports (the source had 30080); set them again if clients outside the cluster depend on them.", _result.Notes);
        Assert.Contains("Pod \"shop/toolbox\": its debug (ephemeral) containers are left out; the API server refuses them when a Pod is created.", _result.Notes);
        Assert.Contains("ConfigMap \"shop/web-config\": data key \"app.properties\" mentions \"db-headless.shop.svc\", a name in the namespace \"shop\", which becomes \"storefront\" on the target; update it if it means this application.", _result.Notes);
        Assert.Contains("Deployment \"shop/web\": env DB_HOST of container \"web\" mentions \"db-headless.shop.svc\", a name in the namespace \"shop\", which becomes \"storefront\" on the target; update it if it means this application.", _result.Notes);
    }

    [Fact]
    public void Transform_EndpointsOfServiceWithoutSelector_AreKeptBecauseTheyAreMaintainedByHand()
    {
        var service = Json.Parse("""{ "apiVersion": "v1", "kind": "Service", "metadata": { "name": "external-db", "namespace": "shop" }, "spec": { "clusterIP": "10.96.0.50", "ports": [ { "port": 5432 } ] } }""");
        var endpoints = Json.Parse("""{ "apiVersion": "v1", "kind": "Endpoints", "metadata": { "name": "external-db", "namespace": "shop", "uid": "1" }, "subsets": [ { "addresses": [ { "ip": "192.168.10.5" } ], "ports": [ { "port": 5432 } ] } ] }""");
        var orphan = Json.Parse("""{ "apiVersion": "v1", "kind": "Endpoints", "metadata": { "name": "old-leader-lock", "namespace": "shop" } }""");

        var result = ManifestTransformer.Transform([service, endpoints, orphan], MigrationMappings.None);

        Assert.Contains(result.Objects, o => o["kind"]!.GetValue<string>() == "Endpoints" && o["metadata"]!["name"]!.GetValue<string>() == "external-db");
        Assert.Equal("It belongs to no Service in the export (for example an old leader-election record); the target does not need it.", Assert.Single(result.Skipped).Reason);
    }

    [Fact]
    public void Transform_OwnedClaim_IsKeptWithoutItsOwnerReference()
    {
        var claim = ShopExport.DataDb0();
        claim["metadata"]!["ownerReferences"] = Json.Parse("""{ "r": [ { "apiVersion": "apps/v1", "kind": "StatefulSet", "name": "db", "uid": "b5c6d7e8", "controller": true } ] }""")["r"]!.DeepClone();

        var result = ManifestTransformer.Transform([claim], MigrationMappings.None);

        Assert.Null(Assert.Single(result.Objects)["metadata"]!["ownerReferences"]);
        Assert.Empty(result.Skipped);
    }

    [Fact]
    public void Transform_OwnerNotInExport_SaysWhoRecreatesIt()
    {
        var secret = Json.Parse("""{ "apiVersion": "v1", "kind": "Secret", "metadata": { "name": "shop-tls", "namespace": "shop", "ownerReferences": [ { "apiVersion": "cert-manager.io/v1", "kind": "Certificate", "name": "shop-tls", "uid": "x", "controller": true } ] }, "type": "kubernetes.io/tls" }""");

        var result = ManifestTransformer.Transform([secret], MigrationMappings.None);

        Assert.Equal("It is owned by Certificate \"shop-tls\", which is not in the export; whatever creates that owner on the target recreates this object too.", Assert.Single(result.Skipped).Reason);
    }

    [Fact]
    public void Transform_SourceOnlyState_IsLeftOut()
    {
        var lease = Json.Parse("""{ "apiVersion": "coordination.k8s.io/v1", "kind": "Lease", "metadata": { "name": "web-leader", "namespace": "shop" }, "spec": { "holderIdentity": "web-7d4b9c6f5-x2x7k" } }""");
        var snapshot = Json.Parse("""{ "apiVersion": "snapshot.storage.k8s.io/v1", "kind": "VolumeSnapshot", "metadata": { "name": "uploads-nightly", "namespace": "shop" }, "spec": { "source": { "persistentVolumeClaimName": "uploads" } } }""");
        var capacity = Json.Parse("""{ "apiVersion": "storage.k8s.io/v1", "kind": "CSIStorageCapacity", "metadata": { "name": "csisc-x7", "namespace": "shop" }, "storageClassName": "standard" }""");
        var metrics = Json.Parse("""{ "apiVersion": "metrics.k8s.io/v1beta1", "kind": "PodMetrics", "metadata": { "name": "toolbox", "namespace": "shop" } }""");
        var clusterRole = Json.Parse("""{ "apiVersion": "rbac.authorization.k8s.io/v1", "kind": "ClusterRole", "metadata": { "name": "shop-reader" } }""");
        var nameless = Json.Parse("""{ "apiVersion": "v1", "kind": "ConfigMap", "metadata": { "namespace": "shop" } }""");

        var result = ManifestTransformer.Transform([lease, snapshot, capacity, metrics, clusterRole, nameless], MigrationMappings.None);

        Assert.Empty(result.Objects);
        Assert.Equal(6, result.Skipped.Count);
        Assert.StartsWith("It is cluster-scoped", result.Skipped.Single(s => s.Object.Kind == "ClusterRole").Reason);
        Assert.StartsWith("It has no apiVersion, kind or name", result.Skipped.Single(s => s.Object.Name == "").Reason);
    }

    [Fact]
    public void Transform_SameIngressInExtensionsAndNetworking_KeepsOnlyTheNewerGroup()
    {
        var old = ShopExport.Ingress();
        old["apiVersion"] = "extensions/v1beta1";
        var result = ManifestTransformer.Transform([old, ShopExport.Ingress()], MigrationMappings.None);

        Assert.Equal("networking.k8s.io/v1", Assert.Single(result.Objects)["apiVersion"]!.GetValue<string>());
        Assert.Equal("The same Ingress is also exported from its newer API group; that copy is migrated.", Assert.Single(result.Skipped).Reason);
    }

    [Fact]
    public void Transform_UserMadeEndpointSlice_IsKept()
    {
        var slice = Json.Parse("""{ "apiVersion": "discovery.k8s.io/v1", "kind": "EndpointSlice", "metadata": { "name": "external-db-1", "namespace": "shop", "labels": { "kubernetes.io/service-name": "external-db" } }, "addressType": "IPv4", "endpoints": [ { "addresses": [ "192.168.10.5" ] } ] }""");

        Assert.Single(ManifestTransformer.Transform([slice], MigrationMappings.None).Objects);
    }
}
