using System.Text.Json.Nodes;
using Portal.Domain.Databases;
using Portal.Moves.Classification;

namespace Portal.Moves.Tests.Classification;

/// <summary>How a dump Job reaches a database of an exported application: from a CloudNativePG Cluster, or from a
/// workload's Secret-referenced password and the Service selecting its pods; and why not, in words.</summary>
public class DatabaseAccessReaderTests
{
    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();

    private static JsonObject Workload(string image, string env, string? serviceName = null) => Parse("""
        {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"shop-db","namespace":"shop"},
         "spec":{@serviceName@
           "template":{"metadata":{"labels":{"app":"shop-db"}},"spec":{"containers":[
             {"name":"exporter","image":"prometheuscommunity/postgres-exporter:v0.15"},
             {"name":"db","image":"@image@","env":@env@}]}}}}
        """.Replace("@serviceName@", serviceName is null ? "" : $"\"serviceName\":\"{serviceName}\",").Replace("@image@", image).Replace("@env@", env));

    private static JsonObject Service(string name, string selectorApp, int port = 5432, int? targetPort = null) => Parse("""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"@name@","namespace":"shop"},
         "spec":{"selector":{"app":"@app@"},"ports":[{"name":"metrics","port":9187},{"name":"db","port":@port@,"targetPort":@target@}]}}
        """.Replace("@name@", name).Replace("@app@", selectorApp).Replace("@port@", port.ToString()).Replace("@target@", (targetPort ?? port).ToString()));

    private const string PostgresFromSecret = """
        [{"name":"POSTGRES_USER","valueFrom":{"secretKeyRef":{"name":"shop-db","key":"user"}}},
         {"name":"POSTGRES_PASSWORD","valueFrom":{"secretKeyRef":{"name":"shop-db","key":"password"}}}]
        """;

    [Fact]
    public void CloudNativePgCluster_RwServiceAppSecretAndTheApplicationDatabase()
    {
        var cluster = Parse("""
            {"apiVersion":"postgresql.cnpg.io/v1","kind":"Cluster","metadata":{"name":"pay"},
             "spec":{"imageName":"ghcr.io/cloudnative-pg/postgresql:16.4","bootstrap":{"initdb":{"database":"payments"}}}}
            """);

        var access = DatabaseAccessReader.Read(cluster, DatabaseEngine.PostgreSql, [], "shop").Access;

        Assert.Equal(new DatabaseAccess(DatabaseEngine.PostgreSql, "pay-rw", 5432, "pay-app", "username", null, "password",
            "ghcr.io/cloudnative-pg/postgresql:16.4", "payments"), access);
    }

    [Fact]
    public void PostgresStatefulSet_UserAndPasswordFromTheSecret_GoverningServiceAndItsDatabasePort()
    {
        var set = Workload("docker.io/library/postgres:16", PostgresFromSecret, serviceName: "shop-db-hl");

        var access = DatabaseAccessReader.Read(set, DatabaseEngine.PostgreSql, [Service("other", "shop-db"), Service("shop-db-hl", "nothing")], "shop").Access;

        Assert.Equal(new DatabaseAccess(DatabaseEngine.PostgreSql, "shop-db-hl", 5432, "shop-db", "user", null, "password", "docker.io/library/postgres:16", null), access);
    }

    [Fact]
    public void PostgresUserGivenLiterally_IsTheUser_ServiceFoundBySelector()
    {
        var set = Workload("postgres:16", """
            [{"name":"POSTGRES_USER","value":"shop"},{"name":"POSTGRES_PASSWORD","valueFrom":{"secretKeyRef":{"name":"pw","key":"p"}}}]
            """);

        var access = DatabaseAccessReader.Read(set, DatabaseEngine.PostgreSql, [Service("other", "web"), Service("db", "shop-db")], "shop").Access!;

        Assert.Equal(("pw", null, "shop", "p", "db"), (access.SecretName, access.UsernameKey, access.Username, access.PasswordKey, access.Host));
    }

    [Fact]
    public void MariaDb_RootPasswordFromTheSecret_PortByTargetPort()
    {
        var set = Workload("mariadb:11", """[{"name":"MARIADB_ROOT_PASSWORD","valueFrom":{"secretKeyRef":{"name":"root","key":"pw"}}}]""");

        var access = DatabaseAccessReader.Read(set, DatabaseEngine.MariaDb, [Service("db", "shop-db", port: 33060, targetPort: 3306)], "shop").Access!;

        Assert.Equal((DatabaseEngine.MariaDb, "root", "root", null, 33060), (access.Engine, access.SecretName, access.Username, access.UsernameKey, access.Port));
    }

    [Fact]
    public void LiteralPassword_NoSecret_SaysSo()
    {
        var set = Workload("postgres:16", """[{"name":"POSTGRES_PASSWORD","value":"in-the-manifest"}]""");

        var read = DatabaseAccessReader.Read(set, DatabaseEngine.PostgreSql, [Service("db", "shop-db")], "shop");

        Assert.Null(read.Access);
        Assert.Equal("StatefulSet shop-db does not take its POSTGRES_PASSWORD from a Secret (valueFrom.secretKeyRef), so the portal has no credentials "
            + "to dump and restore it with.", read.Problem);
    }

    [Fact]
    public void NoServiceSelectsThePods_SaysSo()
    {
        var read = DatabaseAccessReader.Read(Workload("postgres:16", PostgresFromSecret), DatabaseEngine.PostgreSql, [Service("web", "web")], "shop");

        Assert.Equal("No Service in shop selects the pods of StatefulSet shop-db: a dump Job cannot reach it.", read.Problem);
    }

    [Fact]
    public void NoDatabaseContainer_SaysSo()
    {
        var read = DatabaseAccessReader.Read(Workload("nginx:1.27", "[]"), DatabaseEngine.PostgreSql, [], "shop");

        Assert.Equal("StatefulSet shop-db has no database container any more.", read.Problem);
    }
}
