using Portal.Domain.Databases;

namespace Portal.Databases.Tests.Unit;

public sealed class ClientImagePolicyTests
{
    [Theory]
    [InlineData(DatabaseEngine.PostgreSql, "16.2", null, "postgres:16")]
    [InlineData(DatabaseEngine.PostgreSql, "15.18 (Debian 15.18-0+deb12u1)", null, "postgres:15")]
    [InlineData(DatabaseEngine.PostgreSql, "9.6.24", null, "postgres:9.6")]
    [InlineData(DatabaseEngine.PostgreSql, "15", "17", "postgres:17")]
    [InlineData(DatabaseEngine.MySql, "8.0.36", null, "mysql:8.0")]
    [InlineData(DatabaseEngine.MySql, "8.0.36", "8.4", "mysql:8.4")]
    [InlineData(DatabaseEngine.MariaDb, "10.11.6-MariaDB", null, "mariadb:10.11")]
    [InlineData(DatabaseEngine.MariaDb, "10.11", "11.4", "mariadb:11.4")]
    public void For_ServerAndOptionalRequest_ImageOfThatMajor(DatabaseEngine engine, string server, string? requested, string image)
    {
        var choice = ClientImagePolicy.For(engine, server, requested);

        Assert.True(choice.IsAllowed, choice.Refusal);
        Assert.Equal(image, choice.Image);
    }

    [Theory]
    [InlineData(DatabaseEngine.PostgreSql, "16.2", "15", "A PostgreSQL 15 client cannot safely dump a 16 server", "pg_dump refuses servers newer than itself")]
    [InlineData(DatabaseEngine.PostgreSql, "10.1", "9.6", "A PostgreSQL 9.6 client cannot safely dump a 10 server", "Use postgres:10 or newer")]
    [InlineData(DatabaseEngine.MySql, "8.4.1", "8.0", "A MySQL 8.0 client cannot safely dump a 8.4 server", "Use mysql:8.4 or newer")]
    [InlineData(DatabaseEngine.MariaDb, "11.4.2-MariaDB", "10.11", "A MariaDB 10.11 client cannot safely dump a 11.4 server", "mariadb:11.4")]
    public void For_ClientOlderThanServer_RefusedWithReason(DatabaseEngine engine, string server, string requested, string reason, string hint)
    {
        var choice = ClientImagePolicy.For(engine, server, requested);

        Assert.False(choice.IsAllowed);
        Assert.Null(choice.Image);
        Assert.Contains(reason, choice.Refusal);
        Assert.Contains(hint, choice.Refusal);
    }

    [Theory]
    [InlineData(DatabaseEngine.PostgreSql, "latest", null)]
    [InlineData(DatabaseEngine.MySql, "8", null)]
    [InlineData(DatabaseEngine.PostgreSql, "16", "newest")]
    public void For_UnreadableVersion_RefusedWithExample(DatabaseEngine engine, string server, string? requested) =>
        Assert.Contains("such as", ClientImagePolicy.For(engine, server, requested).Refusal);
}
