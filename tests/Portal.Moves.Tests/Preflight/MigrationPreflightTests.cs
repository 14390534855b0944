using Portal.Domain.Moves;
using System.Text.Json.Nodes;
using Portal.Moves.Playbooks;
using Portal.Moves.Preflight;
using Portal.Moves.Tests.Fixtures;
using Portal.Moves.Tests.Support;
using Portal.Moves.Transform;

namespace Portal.Moves.Tests.Preflight;

public sealed class MigrationPreflightTests
{
    private const string Tenant = "retail";

    private static PreflightReport Run(TargetClusterFacts target, MigrationPlaybook playbook = MigrationPlaybook.ExportTransformApply, IReadOnlyList<JsonObject>? objects = null) =>
        MigrationPreflight.Run(objects ?? Targets.Shop(), playbook, target, Targets.SourceClasses, Tenant);

    private static IReadOnlyList<JsonObject> Plus(params string[] json) => [.. Targets.Shop(), .. json.Select(Json.Parse)];

    [Theory]
    [InlineData(MigrationPlaybook.GitOpsRedeploy)]
    [InlineData(MigrationPlaybook.GitOpsWithDatabaseDump)]
    [InlineData(MigrationPlaybook.VeleroBackupRestore)]
    [InlineData(MigrationPlaybook.ExportTransformApply)]
    [InlineData(MigrationPlaybook.VeleroCsiSnapshots)]
    public void Run_ReadyTarget_NoFindings(MigrationPlaybook playbook)
    {
        var report = Run(Targets.Ready(), playbook);

        Assert.Empty(report.Findings);
        Assert.False(report.IsBlocked);
    }

    [Fact]
    public void Run_TargetWithoutTheMappedStorageClass_ErrorListsTheClaims()
    {
        var target = Targets.Ready() with { StorageClasses = [new StorageClassFact("standard-rwo", "ebs.csi.aws.com", IsDefault: true)] };

        var finding = Assert.Single(Run(target).Findings);

        Assert.Equal((PreflightRules.StorageClass, PreflightSeverity.Error), (finding.Rule, finding.Severity));
        Assert.Equal("The storage class \"premium-rwo\" (claims \"data-db-0\", \"data\" of StatefulSet \"storefront/db\") does not exist on the target. Add a storage class mapping. The target has \"standard-rwo\" (ebs.csi.aws.com).", finding.Message);
    }

    [Fact]
    public void Run_UnmappedSourceClass_SuggestsTargetClassesOfTheSameProvisioner()
    {
        var objects = ManifestTransformer.Transform(ShopExport.All(), MigrationMappings.None).Objects;

        var messages = Run(Targets.Ready(), objects: objects).Findings.Where(f => f.Rule == PreflightRules.StorageClass).Select(f => f.Message);

        Assert.Equal(
        [
            "The storage class \"fast-ssd\" (claims \"data-db-0\", \"data\" of StatefulSet \"shop/db\") does not exist on the target. Add a storage class mapping. \"premium-rwo\" and \"standard-rwo\" on the target use the same provisioner (ebs.csi.aws.com).",
            "The storage class \"standard\" (claims \"uploads\") does not exist on the target. Add a storage class mapping. \"premium-rwo\" and \"standard-rwo\" on the target use the same provisioner (ebs.csi.aws.com).",
        ], messages);
    }

    [Fact]
    public void Run_ClaimsWithoutClassOrWithEmptyClass_NeedADefaultOrHandMadeVolumes()
    {
        var objects = Plus(
            """{ "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": { "name": "scratch", "namespace": "storefront" }, "spec": { "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "1Gi" } } } }""",
            """{ "apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": { "name": "static", "namespace": "storefront" }, "spec": { "storageClassName": "", "accessModes": [ "ReadWriteOnce" ], "resources": { "requests": { "storage": "1Gi" } } } }""");
        var target = Targets.Ready() with { StorageClasses = [new StorageClassFact("premium-rwo", "ebs.csi.aws.com"), new StorageClassFact("standard-rwo", "ebs.csi.aws.com")] };

        var findings = Run(target, objects: objects).Findings;

        Assert.Contains(findings, f => f.Severity == PreflightSeverity.Error && f.Message == "The claims \"scratch\" use the default storage class, and the target has none. Map them to one of the target's classes (\"premium-rwo\" (ebs.csi.aws.com), \"standard-rwo\" (ebs.csi.aws.com)) or mark one as default.");
        Assert.Contains(findings, f => f.Severity == PreflightSeverity.Warning && f.Message == "The claims \"static\" ask for no storage class (\"\"), so they bind only to PersistentVolumes created by hand. Create those volumes on the target first, or give the claims a storage class.");
    }

    [Fact]
    public void Run_TargetWithoutTheCrd_NamesTheKindAndWhatToInstall()
    {
        var objects = Plus("""{ "apiVersion": "postgresql.cnpg.io/v1", "kind": "Cluster", "metadata": { "name": "pg", "namespace": "storefront" }, "spec": { "instances": 3 } }""",
            """{ "apiVersion": "monitoring.coreos.com/v1", "kind": "ServiceMonitor", "metadata": { "name": "web", "namespace": "storefront" }, "spec": {} }""");
        var target = Targets.Ready() with { CustomResources = [new ServedCustomResource("postgresql.cnpg.io", "Cluster", ["v1beta1"])] };

        var findings = Run(target, objects: objects).Findings;

        Assert.Equal(
        [
            new PreflightFinding(PreflightRules.CustomResource, PreflightSeverity.Error,
                "The target has no CustomResourceDefinition for ServiceMonitor.monitoring.coreos.com, used by \"web\". Install the operator or CRD that provides it on the target before the migration.",
                new ObjectKey("monitoring.coreos.com/v1", "ServiceMonitor", "storefront", "web")),
            new PreflightFinding(PreflightRules.CustomResource, PreflightSeverity.Error,
                "The target's CustomResourceDefinition for Cluster.postgresql.cnpg.io serves v1beta1, not v1 (used by \"pg\"). Upgrade the operator on the target, or convert the objects to a served version.",
                new ObjectKey("postgresql.cnpg.io/v1", "Cluster", "storefront", "pg")),
        ], findings.OrderBy(f => f.Message.Contains("ServiceMonitor", StringComparison.Ordinal) ? 0 : 1));
    }

    [Fact]
    public void Run_IngressOnRemovedApi_NamedWithItsReplacementAndWhatChanges()
    {
        var objects = Plus("""{ "apiVersion": "extensions/v1beta1", "kind": "Ingress", "metadata": { "name": "legacy", "namespace": "storefront" }, "spec": { "ingressClassName": "nginx", "backend": { "serviceName": "web", "servicePort": 80 } } }""");

        var finding = Assert.Single(Run(Targets.Ready(), objects: objects).Findings);

        Assert.Equal(PreflightRules.ApiVersion, finding.Rule);
        Assert.Equal(new ObjectKey("extensions/v1beta1", "Ingress", "storefront", "legacy"), finding.Object);
        Assert.Equal("Ingress \"legacy\" uses extensions/v1beta1, which the target no longer serves (removed in Kubernetes 1.22). Rewrite it as networking.k8s.io/v1 (backend.serviceName/servicePort become backend.service.name and backend.service.port.number or .name, and every path needs a pathType).", finding.Message);
    }

    [Fact]
    public void Run_SeveralRemovedApis_OneFindingPerApiVersionAndKind()
    {
        var objects = Plus(
            """{ "apiVersion": "batch/v1beta1", "kind": "CronJob", "metadata": { "name": "a", "namespace": "storefront" } }""",
            """{ "apiVersion": "batch/v1beta1", "kind": "CronJob", "metadata": { "name": "b", "namespace": "storefront" } }""",
            """{ "apiVersion": "policy/v1beta1", "kind": "PodDisruptionBudget", "metadata": { "name": "db", "namespace": "storefront" } }""",
            """{ "apiVersion": "policy/v1beta1", "kind": "PodSecurityPolicy", "metadata": { "name": "restricted", "namespace": "storefront" } }""",
            """{ "apiVersion": "autoscaling/v2beta2", "kind": "HorizontalPodAutoscaler", "metadata": { "name": "web", "namespace": "storefront" } }""",
            """{ "apiVersion": "storage.k8s.io/v1beta1", "kind": "CSIStorageCapacity", "metadata": { "name": "c", "namespace": "storefront" } }""",
            """{ "apiVersion": "apps/v1", "kind": "Widget", "metadata": { "name": "w", "namespace": "storefront" } }""");

        var messages = Run(Targets.Ready(), objects: objects).Findings.Select(f => f.Message);

        Assert.Equal(
        [
            "Widget \"w\" uses apps/v1, which the target does not serve. Rewrite it for an apiVersion the target serves, or enable that API on the target.",
            "HorizontalPodAutoscaler \"web\" uses autoscaling/v2beta2, which the target no longer serves (removed in Kubernetes 1.26). Rewrite it as autoscaling/v2.",
            "CronJob \"a\", \"b\" use batch/v1beta1, which the target no longer serves (removed in Kubernetes 1.25). Rewrite them as batch/v1.",
            "PodDisruptionBudget \"db\" uses policy/v1beta1, which the target no longer serves (removed in Kubernetes 1.25). Rewrite it as policy/v1 (an empty spec.selector now selects every Pod in the namespace).",
            "PodSecurityPolicy \"restricted\" uses policy/v1beta1, which the target no longer serves (removed in Kubernetes 1.25), and there is no replacement (use Pod Security Admission labels on the namespace instead). Leave it out.",
            "CSIStorageCapacity \"c\" uses storage.k8s.io/v1beta1, which the target no longer serves (removed in Kubernetes 1.27). The replacement is storage.k8s.io/v1, but the target does not serve that either.",
        ], messages);
    }

    [Fact]
    public void Run_UnknownDiscovery_OneErrorInsteadOfOnePerObject()
    {
        var finding = Assert.Single(Run(Targets.Ready() with { ServedApis = [] }).Findings);

        Assert.Equal("The target's API discovery is not known, so no apiVersion can be checked. Refresh the target cluster's facts and run the preflight again.", finding.Message);
    }

    [Fact]
    public void RemovedApis_KnownRemovals_HaveTheirReplacement()
    {
        Assert.Equal("networking.k8s.io/v1", RemovedApis.Find("networking.k8s.io/v1beta1", "Ingress")!.Replacement);
        Assert.Equal("apps/v1", RemovedApis.Find("apps/v1beta2", "DaemonSet")!.Replacement);
        Assert.Equal("apps/v1", RemovedApis.Find("extensions/v1beta1", "ReplicaSet")!.Replacement);
        Assert.Equal("autoscaling/v2", RemovedApis.Find("autoscaling/v2beta1", "HorizontalPodAutoscaler")!.Replacement);
        Assert.Equal("rbac.authorization.k8s.io/v1", RemovedApis.Find("rbac.authorization.k8s.io/v1beta1", "RoleBinding")!.Replacement);
        Assert.Equal(("flowcontrol.apiserver.k8s.io/v1", "1.32"), (RemovedApis.Find("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema")!.Replacement, RemovedApis.Find("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema")!.RemovedIn));
        Assert.Null(RemovedApis.Find("apps/v1", "Deployment"));
    }
}
