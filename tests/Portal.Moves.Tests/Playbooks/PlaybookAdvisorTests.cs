using Portal.Domain.Moves;
using Portal.Moves.Classification;
using Portal.Moves.Playbooks;
using Portal.Moves.Tests.Fixtures;
using static Portal.Moves.Tests.Fixtures.Apps;

namespace Portal.Moves.Tests.Playbooks;

/// <summary>One application per playbook, with why it is picked and why not each other one.</summary>
public sealed class PlaybookAdvisorTests
{
    private static readonly ClusterPairFacts Nothing = new(SharedBackupLocationAvailable: false, SharedStorage: false);
    private static readonly ClusterPairFacts BackupLocation = new(SharedBackupLocationAvailable: true, SharedStorage: false);
    private static readonly ClusterPairFacts Everything = new(SharedBackupLocationAvailable: true, SharedStorage: true);

    private static PlaybookRecommendation Advise(ClusterPairFacts clusters, params System.Text.Json.Nodes.JsonObject[] objects) =>
        PlaybookAdvisor.Recommend(ApplicationClassifier.Classify(objects), clusters);

    private static PlaybookAlternative Alternative(PlaybookRecommendation r, MigrationPlaybook playbook) => r.Alternatives.Single(a => a.Playbook == playbook);

    [Fact]
    public void Recommend_StatelessArgoApp_GitOpsRedeployNamingWhatIsNotInGit()
    {
        var argo = ArgoLabel("web");
        var r = Advise(Everything, Deployment("web", "nginx:1.27", labels: argo), Service("web", argo), Secret("api-key"));

        Assert.Equal(MigrationPlaybook.GitOpsRedeploy, r.Playbook);
        Assert.Equal(
            "The application is stateless and Argo CD Application \"web\" deploys it: point it at the target cluster, wait until it is healthy, then retire the source. Only configuration moves, and Git already holds it. "
            + "1 object(s) carry no mark of Argo CD Application \"web\" and would not be recreated from Git: Secret \"app/api-key\". Add them to Git or copy them to the target before the switch.",
            r.Reason);
        Assert.Equal(
        [
            new PlaybookAlternative(MigrationPlaybook.GitOpsWithDatabaseDump, false, "No database was found to dump."),
            new PlaybookAlternative(MigrationPlaybook.VeleroBackupRestore, true, "Works, but restores what Git already describes and carries source-cluster leftovers along; redeploying from Git is cleaner."),
            new PlaybookAlternative(MigrationPlaybook.ExportTransformApply, true, "Works, but the GitOps tool would fight objects applied beside it until it is switched; redeploying from Git is simpler."),
            new PlaybookAlternative(MigrationPlaybook.VeleroCsiSnapshots, false, "The application has no volumes to snapshot."),
        ], r.Alternatives);
    }

    [Fact]
    public void Recommend_GitOpsAppWithPostgresOnly_DumpAndRestore()
    {
        var flux = FluxKustomization("orders", "flux-system");
        var r = Advise(Everything, Deployment("api", "acme/orders:3", labels: flux), StatefulSet("db", "postgres:16.4", labels: flux), Claim("data-db-0", "fast-ssd"));

        Assert.Equal(MigrationPlaybook.GitOpsWithDatabaseDump, r.Playbook);
        Assert.Equal(
            "Flux Kustomization \"flux-system/orders\" redeploys the application on the target, and all its data is in PostgreSQL (image postgres:16.4 in container \"main\" of StatefulSet \"db\"): a dump on the source restored on the target moves it consistently, whatever storage each cluster has.",
            r.Reason);
        Assert.False(Alternative(r, MigrationPlaybook.GitOpsRedeploy).Possible);
        Assert.StartsWith("Redeploying from Git recreates the volumes empty: the data in the claims \"data-db-0\", \"data\" (claim template of StatefulSet \"db\")", Alternative(r, MigrationPlaybook.GitOpsRedeploy).Reason);
        Assert.True(Alternative(r, MigrationPlaybook.VeleroCsiSnapshots).Possible);
        Assert.Contains("only crash-consistent", Alternative(r, MigrationPlaybook.VeleroCsiSnapshots).Reason);
        Assert.Contains("a dump is consistent and portable", Alternative(r, MigrationPlaybook.VeleroBackupRestore).Reason);
    }

    [Fact]
    public void Recommend_StatefulAppWithSharedBackupLocation_VeleroBackupRestore()
    {
        var r = Advise(BackupLocation, Deployment("wiki", "requarks/wiki:2", claim: "wiki-data"), Claim("wiki-data", "standard"));

        Assert.Equal(MigrationPlaybook.VeleroBackupRestore, r.Playbook);
        Assert.Equal(
            "The data is in the claims \"wiki-data\", and both clusters see the same backup storage location: Velero backs up the namespace with its volume data, and the target restores it with the namespace and storage class mappings.",
            r.Reason);
        Assert.Equal(new PlaybookAlternative(MigrationPlaybook.VeleroCsiSnapshots, false, "The clusters do not share storage, so a snapshot taken on the source cannot be restored on the target."), Alternative(r, MigrationPlaybook.VeleroCsiSnapshots));
        Assert.Equal(new PlaybookAlternative(MigrationPlaybook.GitOpsRedeploy, false, "No Argo CD Application or Flux object manages the application, so there is nothing to redeploy from."), Alternative(r, MigrationPlaybook.GitOpsRedeploy));
        Assert.Equal(new PlaybookAlternative(MigrationPlaybook.GitOpsWithDatabaseDump, false, "It relies on GitOps to redeploy the application around the dump, and none manages it."), Alternative(r, MigrationPlaybook.GitOpsWithDatabaseDump));
        Assert.True(Alternative(r, MigrationPlaybook.ExportTransformApply).Possible);
    }

    [Fact]
    public void Recommend_StatefulAppWithNothingShared_ExportTransformApplyWithDataCopy()
    {
        var r = Advise(Nothing, Deployment("wiki", "requarks/wiki:2", claim: "wiki-data"), Claim("wiki-data", "standard"));

        Assert.Equal(MigrationPlaybook.ExportTransformApply, r.Playbook);
        Assert.Equal(
            "The data is in the claims \"wiki-data\", and the clusters share neither a backup location nor storage: the portal exports the objects, transforms them for the target, applies them and copies the volume data while the application is stopped.",
            r.Reason);
        Assert.Equal(new PlaybookAlternative(MigrationPlaybook.VeleroBackupRestore, false, "No backup storage location is Available on both clusters, and Velero restores only from a location the target sees."), Alternative(r, MigrationPlaybook.VeleroBackupRestore));
        Assert.False(Alternative(r, MigrationPlaybook.VeleroCsiSnapshots).Possible);
    }

    [Fact]
    public void Recommend_StatefulAppOnSharedStorage_VeleroWithCsiSnapshots()
    {
        var r = Advise(Everything, Deployment("wiki", "requarks/wiki:2", claim: "wiki-data"), Claim("wiki-data", "standard"));

        Assert.Equal(MigrationPlaybook.VeleroCsiSnapshots, r.Playbook);
        Assert.Equal(
            "The data is in the claims \"wiki-data\", and both clusters share storage and a backup location: Velero backs up the objects with CSI snapshots of the volumes, and the target restores the volumes from those snapshots without copying the data.",
            r.Reason);
        Assert.Equal("Works, but copies the volume data through object storage, which is much slower than restoring snapshots on the shared storage.", Alternative(r, MigrationPlaybook.VeleroBackupRestore).Reason);
        Assert.Equal("Works, but copies the volume data file by file while the application is stopped; restoring snapshots on the shared storage is much faster.", Alternative(r, MigrationPlaybook.ExportTransformApply).Reason);
    }

    [Fact]
    public void Recommend_GitOpsAppWithMongo_CopiesVolumesAndSaysWhyNotADump()
    {
        var argo = ArgoLabel("catalog");
        var r = Advise(Nothing, Deployment("api", "acme/catalog:1", labels: argo), StatefulSet("mongo", "mongo:7", labels: argo));

        Assert.Equal(MigrationPlaybook.ExportTransformApply, r.Playbook);
        Assert.EndsWith(", then switches Argo CD Application \"catalog\" to the target. A dump is not an option: the portal dumps PostgreSQL, MySQL and MariaDB, not MongoDB.", r.Reason);
        Assert.Equal(new PlaybookAlternative(MigrationPlaybook.GitOpsWithDatabaseDump, false, "The portal dumps PostgreSQL, MySQL and MariaDB, not MongoDB."), Alternative(r, MigrationPlaybook.GitOpsWithDatabaseDump));
    }

    [Fact]
    public void Recommend_ShopWithUploadsBesideItsDatabase_VolumeLevelBecauseADumpIsNotEnough()
    {
        var r = PlaybookAdvisor.Recommend(ApplicationClassifier.Classify(ShopExport.All()), BackupLocation);

        Assert.Equal(MigrationPlaybook.VeleroBackupRestore, r.Playbook);
        Assert.EndsWith("A database dump alone is not enough: the claims \"uploads\" hold data besides the database.", r.Reason);
        Assert.Equal(new PlaybookAlternative(MigrationPlaybook.GitOpsWithDatabaseDump, false, "The claims \"uploads\" hold data besides the database, and a dump would not move it."), Alternative(r, MigrationPlaybook.GitOpsWithDatabaseDump));
    }

    [Fact]
    public void Recommend_StatelessAppWithoutGitOps_ExportTransformApplyWithoutDataCopy()
    {
        var r = Advise(BackupLocation, Deployment("web", "nginx:1.27"), Service("web"), Deployment("cache", "redis:7"));

        Assert.Equal(MigrationPlaybook.ExportTransformApply, r.Playbook);
        Assert.Equal("The application is stateless and no GitOps tool manages it: the portal exports its objects, transforms them for the target (namespace, storage classes, registries) and applies them. There is no data to copy.", r.Reason);
        Assert.Equal(new PlaybookAlternative(MigrationPlaybook.GitOpsWithDatabaseDump, false, "It relies on GitOps to redeploy the application around the dump, and none manages it."), Alternative(r, MigrationPlaybook.GitOpsWithDatabaseDump));
        Assert.Equal("Works, but needs a backup first and rewrites registries or storage classes only through restore resource modifiers; applying the transformed objects is more direct.", Alternative(r, MigrationPlaybook.VeleroBackupRestore).Reason);
    }

    [Fact]
    public void Recommend_EveryCase_ListsTheFourOtherPlaybooksOnce()
    {
        foreach (var clusters in new[] { Nothing, BackupLocation, Everything })
        {
            var r = PlaybookAdvisor.Recommend(ApplicationClassifier.Classify(ShopExport.All()), clusters);

            Assert.Equal(4, r.Alternatives.Select(a => a.Playbook).Distinct().Count());
            Assert.DoesNotContain(r.Alternatives, a => a.Playbook == r.Playbook);
            Assert.All(r.Alternatives, a => Assert.False(string.IsNullOrWhiteSpace(a.Reason)));
        }
    }

    [Fact]
    public void Title_ExportTransformApply_NamesThePvcCopyOnlyWhenThereAreClaims()
    {
        Assert.Equal("Export, transform and apply", MigrationPlaybook.ExportTransformApply.Title(hasClaims: false));
        Assert.Equal("Export, transform and apply, with PVC data copy", MigrationPlaybook.ExportTransformApply.Title(hasClaims: true));
        Assert.Equal(MigrationPlaybook.GitOpsRedeploy.Title(), MigrationPlaybook.GitOpsRedeploy.Title(hasClaims: false));
    }
}
