using System.Text.Json;
using Portal.Domain.Databases;
using Portal.Kubernetes.Databases;

namespace Portal.Kubernetes.Tests.Databases;

public class DatabaseEnvReaderTests
{
    private static string Fill(string template, params (string Name, string Value)[] values) =>
        values.Aggregate(template, (t, v) => t.Replace("@" + v.Name + "@", v.Value, StringComparison.Ordinal));

    private static JsonElement Container(string env) =>
        JsonDocument.Parse(Fill("""{"name":"db","image":"x","env":[@env@]}""", ("env", env))).RootElement;

    private static string Secret(string var, string secret, string key) =>
        Fill("""{"name":"@var@","valueFrom":{"secretKeyRef":{"name":"@secret@","key":"@key@"}}}""", ("var", var), ("secret", secret), ("key", key));

    private static string Plain(string var, string value) => Fill("""{"name":"@var@","value":"@value@"}""", ("var", var), ("value", value));

    [Fact]
    public void Read_MySqlRootPasswordFromSecret_HasPasswordKeyAndNoUsernameKey()
    {
        var c = Container($"{Secret("MYSQL_ROOT_PASSWORD", "billing-mysql", "root-pw")},{Plain("MYSQL_DATABASE", "billing")}");

        var read = DatabaseEnvReader.Read(c, DatabaseEngine.MySql);

        Assert.Equal("billing-mysql", read.SecretName);
        Assert.Equal("root-pw", read.PasswordKey);
        Assert.Null(read.UsernameKey);
        Assert.Equal(["billing"], read.DatabaseNames);
    }

    [Fact]
    public void Read_MySqlUserAndPasswordFromSameSecret_HasBothKeys()
    {
        var c = Container($"{Secret("MYSQL_USER", "app-db", "user")},{Secret("MYSQL_PASSWORD", "app-db", "pass")}");

        var read = DatabaseEnvReader.Read(c, DatabaseEngine.MySql);

        Assert.Equal(("app-db", "user", "pass"), (read.SecretName, read.UsernameKey, read.PasswordKey));
        Assert.Empty(read.DatabaseNames);
    }

    [Fact]
    public void Read_UserFromOtherSecret_IsNotPairedWithPassword()
    {
        var c = Container($"{Secret("POSTGRES_USER", "other", "user")},{Secret("POSTGRES_PASSWORD", "pg", "password")}");

        var read = DatabaseEnvReader.Read(c, DatabaseEngine.PostgreSql);

        Assert.Equal(("pg", null, "password"), (read.SecretName, read.UsernameKey, read.PasswordKey));
    }

    [Fact]
    public void Read_PostgresWithPlainUserAndNoDb_NamesDatabaseAfterUser()
    {
        var c = Container($"{Plain("POSTGRES_USER", "warehouse")},{Secret("POSTGRES_PASSWORD", "warehouse-pg", "POSTGRES_PASSWORD")}");

        var read = DatabaseEnvReader.Read(c, DatabaseEngine.PostgreSql);

        Assert.Equal(["warehouse"], read.DatabaseNames);
        Assert.Equal("POSTGRES_PASSWORD", read.PasswordKey);
    }

    [Fact]
    public void Read_PostgresWithoutEnv_DefaultsToPostgresDatabaseAndNoSecret()
    {
        var read = DatabaseEnvReader.Read(Container(""), DatabaseEngine.PostgreSql);

        Assert.Equal(["postgres"], read.DatabaseNames);
        Assert.Null(read.SecretName);
    }

    [Fact]
    public void Read_LiteralPassword_IsNotProposed()
    {
        var read = DatabaseEnvReader.Read(Container(Plain("MARIADB_ROOT_PASSWORD", "hunter2")), DatabaseEngine.MariaDb);

        Assert.Null(read.SecretName);
        Assert.Null(read.PasswordKey);
    }

    [Fact]
    public void Read_MariaDbRootBeforeUserPassword_PrefersRoot()
    {
        var c = Container($"{Secret("MARIADB_USER", "m", "u")},{Secret("MARIADB_PASSWORD", "m", "p")},{Secret("MARIADB_ROOT_PASSWORD", "m", "root")},{Plain("MARIADB_DATABASE", "shop")}");

        var read = DatabaseEnvReader.Read(c, DatabaseEngine.MariaDb);

        Assert.Equal(("m", null, "root"), (read.SecretName, read.UsernameKey, read.PasswordKey));
        Assert.Equal(["shop"], read.DatabaseNames);
    }

    [Fact]
    public void Read_BitnamiPostgresql_UsesItsVariableNames()
    {
        var c = Container($"{Secret("POSTGRESQL_USERNAME", "bn", "username")},{Secret("POSTGRESQL_PASSWORD", "bn", "password")},{Plain("POSTGRESQL_DATABASE", "orders")}");

        var read = DatabaseEnvReader.Read(c, DatabaseEngine.PostgreSql);

        Assert.Equal(("bn", "username", "password"), (read.SecretName, read.UsernameKey, read.PasswordKey));
        Assert.Equal(["orders"], read.DatabaseNames);
    }

    [Fact]
    public void Read_PostgresWithALiteralUser_GivesTheUserItself_NotAKey()
    {
        var c = Container($"{Plain("POSTGRES_USER", "warehouse")},{Secret("POSTGRES_PASSWORD", "warehouse-pg", "POSTGRES_PASSWORD")}");

        var read = DatabaseEnvReader.Read(c, DatabaseEngine.PostgreSql);

        Assert.Equal((null, "warehouse", false), (read.UsernameKey, read.Username, read.UsernameIsImageDefault));
    }

    [Theory]
    [InlineData("POSTGRES_PASSWORD", DatabaseEngine.PostgreSql, "postgres")]
    [InlineData("MYSQL_ROOT_PASSWORD", DatabaseEngine.MySql, "root")]
    public void Read_NoUserVariable_GivesTheImagesDefaultUser(string passwordVar, DatabaseEngine engine, string user)
    {
        var read = DatabaseEnvReader.Read(Container(Secret(passwordVar, "db", "pw")), engine);

        Assert.Equal((null, user, true), (read.UsernameKey, read.Username, read.UsernameIsImageDefault));
    }

    [Fact]
    public void Read_UserFromAnotherSecret_GivesNoUserAtAll()
    {
        var c = Container($"{Secret("POSTGRES_USER", "other", "user")},{Secret("POSTGRES_PASSWORD", "pg", "password")}");

        var read = DatabaseEnvReader.Read(c, DatabaseEngine.PostgreSql);

        Assert.Equal((null, null), (read.UsernameKey, read.Username));
    }
}
