using Portal.Domain.Databases;
using Portal.Kubernetes.Databases;

namespace Portal.Kubernetes.Tests.Databases;

public class DatabaseImageTests
{
    [Theory]
    [InlineData("postgres:15", DatabaseEngine.PostgreSql, 15)]
    [InlineData("postgres:16.4-bookworm", DatabaseEngine.PostgreSql, 16)]
    [InlineData("docker.io/library/postgres:9.6", DatabaseEngine.PostgreSql, 9)]
    [InlineData("ghcr.io/cloudnative-pg/postgresql:16.4", DatabaseEngine.PostgreSql, 16)]
    [InlineData("bitnami/postgresql:16.2.0-debian-12-r5", DatabaseEngine.PostgreSql, 16)]
    [InlineData("postgis/postgis:15-3.4", DatabaseEngine.PostgreSql, 15)]
    [InlineData("mysql:8.4", DatabaseEngine.MySql, 8)]
    [InlineData("registry.local:5000/bitnami/mysql:8.0.36", DatabaseEngine.MySql, 8)]
    [InlineData("mariadb:11.4", DatabaseEngine.MariaDb, 11)]
    [InlineData("quay.io/mariadb/mariadb:10.11@sha256:0123abcd", DatabaseEngine.MariaDb, 10)]
    public void Parse_DatabaseImage_GivesEngineAndMajorVersion(string image, DatabaseEngine engine, int major)
    {
        var parsed = DatabaseImage.Parse(image);

        Assert.NotNull(parsed);
        Assert.Equal(engine, parsed.Engine);
        Assert.Equal(major, parsed.MajorVersion);
    }

    [Theory]
    [InlineData("postgres")]
    [InlineData("postgres:latest")]
    [InlineData("mysql:lts")]
    [InlineData("registry.local:5000/mariadb")]
    public void Parse_TagWithoutNumber_HasNoVersion(string image)
    {
        var parsed = DatabaseImage.Parse(image);

        Assert.NotNull(parsed);
        Assert.Null(parsed.MajorVersion);
    }

    [Theory]
    [InlineData("prometheuscommunity/postgres-exporter:v0.15.0")]
    [InlineData("prom/mysqld-exporter:v0.15.1")]
    [InlineData("nginx:1.27")]
    [InlineData("ghcr.io/acme/postgres-backup:1.0")]
    [InlineData("")]
    [InlineData(null)]
    public void Parse_OtherImage_IsNull(string? image) => Assert.Null(DatabaseImage.Parse(image));

    [Fact]
    public void Split_RegistryPortWithoutTag_KeepsPortInRepository()
    {
        var (repository, tag) = DatabaseImage.Split("registry.local:5000/postgres");

        Assert.Equal("registry.local:5000/postgres", repository);
        Assert.Null(tag);
    }
}
