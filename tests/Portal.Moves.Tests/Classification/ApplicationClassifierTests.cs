using Portal.Domain.Moves;
using Portal.Domain.Databases;
using Portal.Moves.Classification;
using Portal.Moves.Tests.Fixtures;
using Portal.Moves.Tests.Support;
using static Portal.Moves.Tests.Fixtures.Apps;

namespace Portal.Moves.Tests.Classification;

public sealed class ApplicationClassifierTests
{
    [Fact]
    public void Classify_ShopExport_FindsClaimsPostgresAndArgoCd()
    {
        var profile = ApplicationClassifier.Classify(ShopExport.All());

        Assert.Equal(
        [
            new ClaimUse("uploads", "standard", new ObjectKey("apps/v1", "Deployment", "shop", "web"), IsDatabaseStorage: false, IsTemplate: false),
            new ClaimUse("data-db-0", "fast-ssd", new ObjectKey("apps/v1", "StatefulSet", "shop", "db"), IsDatabaseStorage: true, IsTemplate: false),
            new ClaimUse("data", "fast-ssd", new ObjectKey("apps/v1", "StatefulSet", "shop", "db"), IsDatabaseStorage: true, IsTemplate: true),
        ], profile.Claims);
        var db = Assert.Single(profile.Databases);
        Assert.Equal(DatabaseEngine.PostgreSql, db.Engine);
        Assert.Equal("image registry.old.example.com/library/postgres:16.4 in container \"postgres\" of StatefulSet \"db\"", db.Evidence);
        Assert.True(db.HasPersistentStorage);
        Assert.Equal(GitOpsTool.ArgoCd, profile.GitOps!.Tool);
        Assert.Equal("shop", profile.GitOps.Name);
        Assert.Equal(["fast-ssd", "standard"], profile.StorageClasses);
        Assert.False(profile.IsStateless);
    }

    [Fact]
    public void Classify_ShopExport_NamesWhatGitWouldNotRecreate()
    {
        var profile = ApplicationClassifier.Classify(ShopExport.All());

        Assert.Equal(["Secret \"shop/db-credentials\"", "Service \"shop/legacy-db\"", "Pod \"shop/toolbox\""], profile.NotManagedByGitOps.Select(k => k.ToString()));
    }

    [Fact]
    public void Classify_StatelessArgoApp_IsStatelessAndManaged()
    {
        var tracking = ArgoTracking("web:apps/Deployment:app/web");
        var profile = ApplicationClassifier.Classify([Deployment("web", "nginx:1.27", annotations: tracking), Service("web", annotations: tracking), DefaultServiceAccount()]);

        Assert.True(profile.IsStateless);
        Assert.Empty(profile.NotManagedByGitOps);
        Assert.Equal(new GitOpsManagement(GitOpsTool.ArgoCd, "web", null, "annotation argocd.argoproj.io/tracking-id"), profile.GitOps);
        Assert.Equal("stateless, not managed by GitOps", ApplicationClassifier.Classify([Deployment("web", "nginx:1.27")]).Summary());
    }

    [Fact]
    public void Classify_TrackingIdOfAppInAnyNamespace_NamesTheApplicationsNamespace()
    {
        var profile = ApplicationClassifier.Classify([Deployment("web", "nginx", annotations: ArgoTracking("team-a_web:apps/Deployment:app/web"))]);

        Assert.Equal(("web", "team-a"), (profile.GitOps!.Name, profile.GitOps.Namespace));
    }

    [Fact]
    public void Classify_FluxLabels_WinOverTheInstanceLabelHelmChartsSet()
    {
        var labels = FluxKustomization("apps", "flux-system");
        labels["app.kubernetes.io/instance"] = "web";
        var helm = new System.Text.Json.Nodes.JsonObject { ["helm.toolkit.fluxcd.io/name"] = "redis", ["helm.toolkit.fluxcd.io/namespace"] = "app", ["app.kubernetes.io/instance"] = "redis" };

        var kustomized = ApplicationClassifier.Classify([Deployment("web", "nginx", labels: labels), Service("web", labels)]);
        var released = ApplicationClassifier.Classify([Deployment("redis", "redis:7", labels: helm)]);

        Assert.Equal(new GitOpsManagement(GitOpsTool.FluxKustomization, "apps", "flux-system", "labels kustomize.toolkit.fluxcd.io/name and /namespace"), kustomized.GitOps);
        Assert.Equal((GitOpsTool.FluxHelmRelease, "redis", "app"), (released.GitOps!.Tool, released.GitOps.Name, released.GitOps.Namespace));
    }

    [Fact]
    public void Classify_GivenArgoApplication_IsTheManagerAndUnmarkedObjectsAreNamed()
    {
        var application = Json.Parse("""{ "apiVersion": "argoproj.io/v1alpha1", "kind": "Application", "metadata": { "name": "web", "namespace": "argocd" }, "spec": { "project": "default" } }""");

        var profile = ApplicationClassifier.Classify([Deployment("web", "nginx", labels: ArgoLabel("web")), Secret("api-key")], application);

        Assert.Equal((GitOpsTool.ArgoCd, "web", "argocd"), (profile.GitOps!.Tool, profile.GitOps.Name, profile.GitOps.Namespace));
        Assert.Equal(["Secret \"app/api-key\""], profile.NotManagedByGitOps.Select(k => k.ToString()));
    }

    [Fact]
    public void Classify_CloudNativePgCluster_IsPostgresWithItsClaimsAsDatabaseStorage()
    {
        var profile = ApplicationClassifier.Classify([CnpgCluster("pg"), Claim("pg-1", "fast-ssd", ownerKind: "Cluster", ownerName: "pg"), Deployment("api", "ghcr.io/acme/api:2")]);

        var db = Assert.Single(profile.Databases);
        Assert.Equal((DatabaseEngine.PostgreSql, "CloudNativePG Cluster \"pg\"", true), (db.Engine, db.Evidence, db.HasPersistentStorage));
        Assert.True(Assert.Single(profile.Claims).IsDatabaseStorage);
        Assert.Empty(profile.NonDatabaseClaims);
    }

    [Fact]
    public void Classify_InitContainerAndExporterImages_AreNotDatabases()
    {
        var profile = ApplicationClassifier.Classify([
            Deployment("api", "acme/api:2", initImage: "postgres:16"),
            Deployment("metrics", "quay.io/prometheuscommunity/postgres-exporter:v0.15.0"),
            Deployment("cache-metrics", "oliver006/redis_exporter:v1.62.0"),
        ]);

        Assert.Empty(profile.Databases);
    }

    [Fact]
    public void Classify_RedisWithoutVolume_IsADatabaseButStillStateless()
    {
        var profile = ApplicationClassifier.Classify([Deployment("cache", "redis:7.4-alpine")]);

        Assert.Equal(DatabaseEngine.Redis, Assert.Single(profile.Databases).Engine);
        Assert.False(profile.Databases[0].HasPersistentStorage);
        Assert.True(profile.IsStateless);
        Assert.Equal("stateless, has a database (Redis), not managed by GitOps", profile.Summary());
    }

    [Theory]
    [InlineData("postgres:16.4", DatabaseEngine.PostgreSql)]
    [InlineData("docker.io/bitnami/postgresql:16.4.0-debian-12-r0", DatabaseEngine.PostgreSql)]
    [InlineData("ghcr.io/cloudnative-pg/postgresql:17.2@sha256:0123", DatabaseEngine.PostgreSql)]
    [InlineData("mysql:8.4", DatabaseEngine.MySql)]
    [InlineData("container-registry.oracle.com/mysql/mysql-server:8.0", DatabaseEngine.MySql)]
    [InlineData("mariadb:11.4", DatabaseEngine.MariaDb)]
    [InlineData("mongo:7", DatabaseEngine.MongoDb)]
    [InlineData("bitnami/mongodb:7.0", DatabaseEngine.MongoDb)]
    [InlineData("redis", DatabaseEngine.Redis)]
    [InlineData("registry.local:5000/redis:7", DatabaseEngine.Redis)]
    [InlineData("nginx:1.27", null)]
    [InlineData("acme/postgres-backup:1", null)]
    [InlineData("", null)]
    public void EngineOf_Image_ByRepositoryName(string image, DatabaseEngine? engine) =>
        Assert.Equal(engine, DatabaseDetection.EngineOf(image));

    [Fact]
    public void Classify_MySqlStatefulSet_UsesItsClaimTemplate()
    {
        var profile = ApplicationClassifier.Classify([StatefulSet("mysql", "mysql:8.4", "gp3")]);

        var claim = Assert.Single(profile.Claims);
        Assert.Equal(("data", "gp3", true, true), (claim.Name, claim.StorageClass, claim.IsTemplate, claim.IsDatabaseStorage));
        Assert.Equal(DatabaseEngine.MySql, Assert.Single(profile.Databases).Engine);
    }
}
