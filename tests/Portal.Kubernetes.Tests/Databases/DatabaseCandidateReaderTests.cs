using System.Text.Json;
using Portal.Domain.Databases;
using Portal.Kubernetes.Databases;

namespace Portal.Kubernetes.Tests.Databases;

public class DatabaseCandidateReaderTests
{
    private static string Fill(string template, params (string Name, string Value)[] values) =>
        values.Aggregate(template, (t, v) => t.Replace("@" + v.Name + "@", v.Value, StringComparison.Ordinal));

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static JsonElement Service(string name, string selector, string ports, string clusterIp = "10.0.0.1") => Json(Fill("""
        {"metadata":{"name":"@name@","namespace":"ns"},"spec":{"clusterIP":"@clusterIp@","selector":@selector@,"ports":[@ports@]}}
        """, ("name", name), ("clusterIp", clusterIp), ("selector", selector), ("ports", ports)));

    private static JsonElement Workload(string image, string labels = """{"app":"db"}""", string extraMetadata = "") => Json(Fill("""
        {"metadata":{"name":"db","namespace":"ns"@extraMetadata@},
         "spec":{"template":{"metadata":{"labels":@labels@},"spec":{"containers":[
           {"name":"exporter","image":"prom/mysqld-exporter:v0.15.1"},
           {"name":"db","image":"@image@"}]}}}}
        """, ("extraMetadata", extraMetadata), ("labels", labels), ("image", image)));

    [Fact]
    public void FromCloudNativePgCluster_WithInitdbDatabase_UsesOperatorConventions()
    {
        var cluster = Json("""
            {"metadata":{"name":"shop-db","namespace":"shop"},
             "spec":{"imageName":"ghcr.io/cloudnative-pg/postgresql:16.4","bootstrap":{"initdb":{"database":"orders","owner":"orders"}}}}
            """);

        var c = DatabaseCandidateReader.FromCloudNativePgCluster(cluster);

        Assert.Equal(("cluster/shop-db", DatabaseSource.CloudNativePgCluster, DatabaseEngine.PostgreSql, 16), (c.SourceObject, c.Source, c.Engine, c.ServerMajorVersion));
        Assert.Equal(("shop-db-rw", 5432), (c.ServiceName, c.Port));
        Assert.Equal(("shop-db-app", "username", "password"), (c.SecretName, c.UsernameKey, c.PasswordKey));
        Assert.Equal(["orders"], c.DatabaseNames);
        Assert.Equal("shop", c.Namespace);
    }

    [Fact]
    public void FromCloudNativePgCluster_NoImageNameNoBootstrap_UsesStatusImageAndAppDatabase()
    {
        var cluster = Json("""{"metadata":{"name":"pg","namespace":"x"},"spec":{},"status":{"image":"ghcr.io/cloudnative-pg/postgresql:17.2"}}""");

        var c = DatabaseCandidateReader.FromCloudNativePgCluster(cluster);

        Assert.Equal(17, c.ServerMajorVersion);
        Assert.Equal(["app"], c.DatabaseNames);
    }

    [Fact]
    public void FromWorkload_MatchingService_TakesItsNameAndPort()
    {
        var services = new[]
        {
            Service("web", """{"app":"web"}""", """{"port":80}"""),
            Service("db", """{"app":"db"}""", """{"port":13306}"""),
        };

        var c = DatabaseCandidateReader.FromWorkload(Workload("mysql:8.4"), "StatefulSet", services);

        Assert.NotNull(c);
        Assert.Equal(("statefulset/db", DatabaseSource.Workload, DatabaseEngine.MySql, 8), (c.SourceObject, c.Source, c.Engine, c.ServerMajorVersion));
        Assert.Equal(("db", 13306), (c.ServiceName, c.Port));
    }

    [Fact]
    public void FromWorkload_NoMatchingService_DefaultsPortWithoutService()
    {
        var services = new[] { Service("other", """{"app":"db","tier":"primary"}""", """{"port":5432}""") };

        var c = DatabaseCandidateReader.FromWorkload(Workload("postgres:15"), "Deployment", services);

        Assert.NotNull(c);
        Assert.Null(c.ServiceName);
        Assert.Equal(5432, c.Port);
        Assert.Equal("deployment/db", c.SourceObject);
    }

    [Fact]
    public void FromWorkload_HeadlessAndClusterIpServices_PrefersClusterIp()
    {
        var services = new[]
        {
            Service("a-headless", """{"app":"db"}""", """{"port":3306}""", clusterIp: "None"),
            Service("b-client", """{"app":"db"}""", """{"port":3306}"""),
        };

        var c = DatabaseCandidateReader.FromWorkload(Workload("mariadb:11.4"), "StatefulSet", services);

        Assert.Equal("b-client", c?.ServiceName);
    }

    [Fact]
    public void FromWorkload_NoDatabaseImage_IsNull() =>
        Assert.Null(DatabaseCandidateReader.FromWorkload(Workload("nginx:1.27"), "Deployment", []));

    [Fact]
    public void FromWorkload_OwnedByCloudNativePg_IsNull()
    {
        var owned = Workload("ghcr.io/cloudnative-pg/postgresql:16.4",
            extraMetadata: ""","ownerReferences":[{"apiVersion":"postgresql.cnpg.io/v1","kind":"Cluster","name":"pg"}]""");

        Assert.Null(DatabaseCandidateReader.FromWorkload(owned, "StatefulSet", []));
    }
}
