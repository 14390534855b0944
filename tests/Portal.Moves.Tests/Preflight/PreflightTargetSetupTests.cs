using Portal.Domain.Moves;
using System.Text.Json.Nodes;
using Portal.Moves.Playbooks;
using Portal.Moves.Preflight;
using Portal.Moves.Tests.Support;

namespace Portal.Moves.Tests.Preflight;

/// <summary>Namespace ownership, ingress classes, the shared backup location and snapshot classes.</summary>
public sealed class PreflightTargetSetupTests
{
    private static PreflightReport Run(TargetClusterFacts target, MigrationPlaybook playbook = MigrationPlaybook.ExportTransformApply, IReadOnlyList<JsonObject>? objects = null) =>
        MigrationPreflight.Run(objects ?? Targets.Shop(), playbook, target, Targets.SourceClasses, "retail");

    private static PreflightFinding Only(PreflightReport report) => Assert.Single(report.Findings);

    [Fact]
    public void Run_NamespaceOfAnotherTenant_Blocks()
    {
        var finding = Only(Run(Targets.Ready() with { Namespaces = [new NamespaceFact("storefront", "finance")] }));

        Assert.Equal(new PreflightFinding(PreflightRules.Namespace, PreflightSeverity.Error,
            "The namespace \"storefront\" already exists on the target and belongs to the tenant \"finance\". Rename the application's namespace with a mapping."), finding);
    }

    [Fact]
    public void Run_NamespaceOfTheSameTenant_NeedsAcknowledgement()
    {
        var report = Run(Targets.Ready() with { Namespaces = [new NamespaceFact("storefront", "retail")] });

        Assert.False(report.IsBlocked);
        Assert.Equal("The namespace \"storefront\" already exists on the target and belongs to your tenant \"retail\": the migration adds to it and leaves objects already there with the same names as they are. Acknowledge, or rename the namespace with a mapping.",
            Assert.Single(report.Warnings).Message);
    }

    [Fact]
    public void Run_NamespaceWithUnknownOwner_Blocks() => Assert.Equal(
        "The namespace \"storefront\" already exists on the target and the portal does not know which tenant owns it. Rename the application's namespace with a mapping, or ask a platform engineer to assign \"storefront\" to the tenant \"retail\".",
        Only(Run(Targets.Ready() with { Namespaces = [new NamespaceFact("storefront", null)] })).Message);

    [Fact]
    public void Run_MissingIngressClass_Blocks()
    {
        var finding = Only(Run(Targets.Ready() with { IngressClasses = [new IngressClassFact("traefik", "traefik.io/ingress-controller", IsDefault: true)] }));

        Assert.Equal((PreflightRules.IngressClass, PreflightSeverity.Error), (finding.Rule, finding.Severity));
        Assert.Equal("Ingress \"storefront/web\" asks for the ingress class \"nginx\", which the target does not have (it has the classes \"traefik\"). Install that ingress controller on the target, or change spec.ingressClassName to one it has.", finding.Message);
    }

    [Fact]
    public void Run_LegacyIngressAnnotationOrNoClass_WarnsWithWhatTheTargetHas()
    {
        var objects = new[]
        {
            Json.Parse("""{ "apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": { "name": "old", "namespace": "storefront", "annotations": { "kubernetes.io/ingress.class": "nginx-public" } }, "spec": {} }"""),
            Json.Parse("""{ "apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": { "name": "plain", "namespace": "storefront" }, "spec": {} }"""),
        };
        var target = Targets.Ready() with { IngressClasses = [new IngressClassFact("nginx")] };

        var report = Run(target, objects: objects);

        Assert.False(report.IsBlocked);
        Assert.Equal(
        [
            "Ingress \"storefront/old\" names the class \"nginx-public\" through the deprecated annotation kubernetes.io/ingress.class, and the target has no IngressClass of that name (it has the classes \"nginx\"). A controller that still reads the annotation may serve it; better set spec.ingressClassName to one of the target's classes.",
            "Ingress \"storefront/plain\" names no ingress class and the target has no default IngressClass, so no controller may serve it. Set spec.ingressClassName (the target has the classes \"nginx\").",
        ], report.Warnings.Select(w => w.Message));
    }

    [Theory]
    [InlineData(MigrationPlaybook.VeleroBackupRestore)]
    [InlineData(MigrationPlaybook.VeleroCsiSnapshots)]
    public void Run_SharedLocationUnavailableOnTarget_BlocksVeleroPlaybooks(MigrationPlaybook playbook)
    {
        var target = Targets.Ready() with { BackupLocations = [new BackupLocationFact("from-prod-east", "aws", "velero-backups", "prod-east", "Unavailable", "ReadOnly")] };

        var finding = Only(Run(target, playbook));

        Assert.Equal(new PreflightFinding(PreflightRules.BackupLocation, PreflightSeverity.Error,
            "The shared location \"from-prod-east\" (aws velero-backups/prod-east) is Unavailable on the target. Velero validates it regularly: check its credentials and that the bucket is reachable, then run the preflight again."), finding);
    }

    [Fact]
    public void Run_SharedLocationUnavailable_DoesNotConcernGitOpsPlaybooks() =>
        Assert.Empty(Run(Targets.Ready() with { BackupLocations = [] }, MigrationPlaybook.GitOpsWithDatabaseDump).Findings);

    [Fact]
    public void Run_LocationsInDifferentPlaces_BlockWithBothSides()
    {
        var target = Targets.Ready() with { BackupLocations = [new BackupLocationFact("default", "aws", "dr-west-backups", null, "Available")] };

        Assert.Equal(
            "The clusters do not see the same backup storage location: the source has \"default\" (aws velero-backups/prod-east), the target \"default\" (aws dr-west-backups). Add a location on the target with the same provider, bucket and prefix as one of the source's.",
            Only(Run(target, MigrationPlaybook.VeleroBackupRestore)).Message);
    }

    [Theory]
    [InlineData("http://minio.velero.svc:9000")]
    [InlineData("http://minio.velero.svc.cluster.local:9000")]
    [InlineData("http://localhost:9000")]
    [InlineData("http://127.0.0.1:9000")]
    [InlineData("http://minio:9000")]
    public void Run_SameBucketBehindAClusterLocalAddress_BlocksAndRecommendsAnotherPlaybook(string url)
    {
        var target = Targets.Ready() with
        {
            SourceBackupLocations = [new BackupLocationFact("default", "aws", "velero-backups", "prod-east", "Available", null, url)],
            BackupLocations = [new BackupLocationFact("from-prod-east", "aws", "velero-backups", "prod-east", "Available", "ReadOnly", url)],
        };

        var finding = Only(Run(target, MigrationPlaybook.VeleroBackupRestore));

        Assert.Equal(PreflightSeverity.Error, finding.Severity);
        Assert.Equal(PreflightRules.BackupLocation, finding.Rule);
        Assert.Contains($"only resolves inside one cluster ({url} on the source and {url} on the target)", finding.Message);
        Assert.Contains("or move by Export, transform and apply", finding.Message);
    }

    [Theory]
    [InlineData("https://s3.eu-west-1.amazonaws.com")]
    [InlineData("https://minio.backup.example.com:9000")]
    [InlineData(null)]
    public void Run_SameBucketAtAnAddressBothReach_Passes(string? url)
    {
        var target = Targets.Ready() with
        {
            SourceBackupLocations = [new BackupLocationFact("default", "aws", "velero-backups", "prod-east", "Available", null, url)],
            BackupLocations = [new BackupLocationFact("from-prod-east", "aws", "velero-backups", "prod-east", "Available", "ReadOnly", url)],
        };

        Assert.Empty(Run(target, MigrationPlaybook.VeleroBackupRestore).Findings);
    }

    [Fact]
    public void Run_PvcCopyWithoutAnySignOfALoadBalancer_WarnsHonestly_OnlyForThePvcCopy()
    {
        var target = Targets.Ready() with { LoadBalancerEvidence = [] };

        var finding = Only(Run(target, MigrationPlaybook.ExportTransformApply));

        Assert.Equal(PreflightRules.LoadBalancer, finding.Rule);
        Assert.Equal(PreflightSeverity.Warning, finding.Severity);
        Assert.Contains("saw no sign of a LoadBalancer implementation on the target", finding.Message);
        Assert.Contains("shows no sign until a Service uses it", finding.Message);
        Assert.Empty(Run(target, MigrationPlaybook.VeleroBackupRestore).Findings);
        var stateless = Targets.Shop().Where(o => o["kind"]!.GetValue<string>() is not ("PersistentVolumeClaim" or "StatefulSet")).ToList();
        Assert.DoesNotContain(Run(target, MigrationPlaybook.ExportTransformApply, stateless).Findings, f => f.Rule == PreflightRules.LoadBalancer);
    }

    [Fact]
    public void Run_NoLocationOnEitherSide_SaysWhereToAddOne()
    {
        var noSource = Targets.Ready() with { SourceBackupLocations = [] };
        var noTarget = Targets.Ready() with { BackupLocations = [] };

        Assert.Equal("The source cluster has no Velero backup storage location. Install Velero there and add a location in a bucket the target can read too.",
            Only(Run(noSource, MigrationPlaybook.VeleroBackupRestore)).Message);
        Assert.Equal("The target cluster has no Velero backup storage location. Add one with the same provider, bucket and prefix as the source's \"default\" (aws velero-backups/prod-east) (ReadOnly is enough on the target).",
            Only(Run(noTarget, MigrationPlaybook.VeleroBackupRestore)).Message);
    }

    [Fact]
    public void Run_SourceLocationReadOnlyOrNotValidated_Blocks()
    {
        var target = Targets.Ready() with { SourceBackupLocations = [new BackupLocationFact("default", "aws", "velero-backups", "prod-east", null, "ReadOnly")] };

        var messages = Run(target, MigrationPlaybook.VeleroBackupRestore).Findings.Select(f => f.Message);

        Assert.Equal(
        [
            "The shared location \"default\" (aws velero-backups/prod-east) is not validated yet on the source. Velero validates it regularly: check its credentials and that the bucket is reachable, then run the preflight again.",
            "The shared location \"default\" (aws velero-backups/prod-east) is ReadOnly on the source, so Velero cannot write the backup there. Set its accessMode to ReadWrite on the source.",
        ], messages);
    }

    [Fact]
    public void Run_NoSnapshotClassForTheDriver_BlocksTheSnapshotPlaybookOnly()
    {
        var target = Targets.Ready() with { VolumeSnapshotClasses = [new SnapshotClassFact("pd-snapshots", "pd.csi.storage.gke.io")] };

        var finding = Only(Run(target, MigrationPlaybook.VeleroCsiSnapshots));

        Assert.Equal(new PreflightFinding(PreflightRules.SnapshotClass, PreflightSeverity.Error,
            "The target has no VolumeSnapshotClass for the driver \"ebs.csi.aws.com\" (storage classes \"premium-rwo\", \"standard-rwo\", claims \"data-db-0\", \"uploads\", \"data\"). Create one with driver: ebs.csi.aws.com and label it velero.io/csi-volumesnapshot-class: \"true\"."), finding);
        Assert.Empty(Run(target, MigrationPlaybook.VeleroBackupRestore).Findings);
    }

    [Fact]
    public void Run_SeveralSnapshotClassesNoneForVelero_Warns()
    {
        var target = Targets.Ready() with
        {
            VolumeSnapshotClasses = [new SnapshotClassFact("ebs-retain", "ebs.csi.aws.com"), new SnapshotClassFact("ebs-delete", "ebs.csi.aws.com")],
        };

        var finding = Only(Run(target, MigrationPlaybook.VeleroCsiSnapshots));

        Assert.Equal(PreflightSeverity.Warning, finding.Severity);
        Assert.Equal("The target has several VolumeSnapshotClasses for the driver \"ebs.csi.aws.com\" (\"ebs-retain\", \"ebs-delete\") and none is labelled velero.io/csi-volumesnapshot-class: \"true\". Label the one Velero should use.", finding.Message);
    }

    [Fact]
    public void Run_TargetStorageOnAnotherDriver_SnapshotsCannotCross()
    {
        var target = Targets.Ready() with
        {
            StorageClasses = [new StorageClassFact("premium-rwo", "pd.csi.storage.gke.io"), new StorageClassFact("standard-rwo", "pd.csi.storage.gke.io", IsDefault: true)],
            VolumeSnapshotClasses = [new SnapshotClassFact("pd-snapshots", "pd.csi.storage.gke.io", IsVeleroClass: true)],
        };

        var finding = Only(Run(target, MigrationPlaybook.VeleroCsiSnapshots));

        Assert.Equal("The target's storage classes \"premium-rwo\", \"standard-rwo\" (claims \"data-db-0\", \"uploads\", \"data\") use the driver \"pd.csi.storage.gke.io\", which no storage class on the source uses, so snapshots from the source cannot be restored there. Map the claims to a target class of the source's driver, or choose a playbook that copies the data.", finding.Message);
    }

    [Fact]
    public void Run_ManyProblems_ReportIsBlockedAndSeparatesErrorsFromWarnings()
    {
        var target = Targets.Ready() with
        {
            Namespaces = [new NamespaceFact("storefront", "retail")],
            StorageClasses = [],
            BackupLocations = [],
        };

        var report = Run(target, MigrationPlaybook.VeleroCsiSnapshots);

        Assert.True(report.IsBlocked);
        Assert.Equal([PreflightRules.Namespace], report.Warnings.Select(w => w.Rule));
        Assert.Equal([PreflightRules.StorageClass, PreflightRules.StorageClass, PreflightRules.BackupLocation], report.Errors.Select(e => e.Rule));
    }
}
